/** Stack config exactly as the Pulumi CLI would hand it to the program: Pulumi.yaml defaults under Pulumi.<stack>.yaml. */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export const repoRoot = path.resolve(__dirname, "..", "..");

export type StackName = "dev" | "prod";

/** `{ "postgres-k8s:key": "value" }`, objects and arrays as JSON strings, like pulumi.runtime.allConfig(). */
export function stackConfigMap(stack: StackName, overrides: Record<string, unknown> = {}): Record<string, string> {
    const project = YAML.parse(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8"));
    const stackFile = YAML.parse(fs.readFileSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), "utf8"));
    const values: Record<string, unknown> = {};
    for (const [k, decl] of Object.entries<{ default?: unknown }>(project.config ?? {})) {
        if (decl.default !== undefined) values[`postgres-k8s:${k}`] = decl.default;
    }
    Object.assign(values, stackFile.config ?? {});
    for (const [k, v] of Object.entries(overrides)) values[k.includes(":") ? k : `postgres-k8s:${k}`] = v;
    return Object.fromEntries(Object.entries(values)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}
