/** Rewrites Pulumi.yaml's config block from config/keys.ts: `npx ts-node scripts/render-pulumi-yaml.ts`. */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { projectConfigBlock } from "../config/project-config";

const file = path.join(__dirname, "..", "Pulumi.yaml");
const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"));
doc.set("config", projectConfigBlock());
fs.writeFileSync(file, doc.toString({ lineWidth: 0 }));
