import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { configKeys, loadStackConfig } from "../../config";
import { projectConfigBlock } from "../../config/project-config";
import { repoRoot, stackConfigMap } from "../helpers/stack-config";

describe("Pulumi.yaml and stack files", () => {
    it("Pulumi.yaml declares every typed key with the program's own type and default", () => {
        const project = YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8"));
        assert.deepStrictEqual(project.config, projectConfigBlock(),
            "run: npx ts-node --transpile-only scripts/render-pulumi-yaml.ts");
        assert.strictEqual(project.runtime.name, "nodejs");
    });

    it("the README's config table lists every key with its default", () => {
        const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
        for (const [k, spec] of Object.entries(configKeys)) {
            assert.ok(readme.includes(`| \`${k}\` | ${spec.type} | \`${JSON.stringify(spec.default)}\` |`), k);
        }
    });

    it("dev: small, streaming, preferred anti-affinity, nothing protected", () => {
        const c = loadStackConfig(stackConfigMap("dev"));
        assert.deepStrictEqual([c.topology, c.instances, c.antiAffinity, c.protectData, c.production], ["streaming", 2, "preferred", false, false]);
    });

    it("prod: three instances, required anti-affinity, resources, backups, protected data", () => {
        const c = loadStackConfig(stackConfigMap("prod"));
        assert.deepStrictEqual(
            [c.instances, c.antiAffinity, c.cpuRequest, c.memoryLimit, c.protectData, c.production, c.backupEnabled, c.pdbMaxUnavailable],
            [3, "required", "1", "4Gi", true, true, true, 1]);
    });
});
