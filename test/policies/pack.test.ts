/**
 * The pack as a whole: metadata conventions (compliance-policies style), JSDoc that matches
 * the fields, per-environment config files that name real policies and properties, and a
 * package that shares the project's single @pulumi/pulumi.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policies/all";
import { repoRoot } from "../helpers/policyPeers";
import { KNOWN_DISAGREEMENTS } from "./peerDisagreements";

const POLICIES_DIR = path.join(repoRoot, "policies");
const VERBS = ["missing", "disallow", "enable", "disable", "configure", "enforce"];

/** Source file of each policy, found by its exported name. */
function sourceOf(name: string): string {
    const files = fs.readdirSync(POLICIES_DIR, { recursive: true, encoding: "utf8" })
        .filter(f => f.endsWith(".ts") && !f.startsWith("lib") && !f.startsWith("node_modules"))
        .map(f => fs.readFileSync(path.join(POLICIES_DIR, f), "utf8"))
        .filter(text => text.includes(`name: "${name}"`));
    assert.strictEqual(files.length, 1, `${name} is defined in ${files.length} files`);
    return files[0];
}

describe("policy pack", () => {
    it("has unique names following postgres-k8s-<kind>-<verb>-<what>", () => {
        const names = allPolicies.map(p => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const name of names) {
            const m = /^postgres-k8s-(workload|statefulset|service|route|ingress|cnpg-cluster|cnpg-pooler|configmap|stack)-([a-z]+)-[a-z-]+[a-z]$/.exec(name);
            assert.ok(m && VERBS.includes(m[2]), `bad policy name ${name}`);
        }
    });

    it("describes each policy in one sentence and documents severity, topics and a link in its JSDoc", () => {
        for (const p of allPolicies) {
            assert.match(p.description, /^[A-Z].*\.$/, `${p.name} description`);
            assert.doesNotMatch(p.description, /\. [A-Z]/, `${p.name} description has more than one sentence`);
            const src = sourceOf(p.name);
            assert.ok(src.includes(`@severity ${p.severity}\n`), `${p.name}: @severity does not match severity "${p.severity}"`);
            assert.match(src, /@topics [a-z-]+(, [a-z-]+)*\n/, `${p.name}: @topics`);
            assert.match(src, /@link https:\/\/\S+\n/, `${p.name}: @link`);
            assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", `${p.name} level`);
        }
    });

    for (const env of ["dev", "prod"]) {
        it(`config/${env}.json names real policies, properties of their schema and values of the right type`, () => {
            const config = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "config", `${env}.json`), "utf8"));
            for (const [name, settings] of Object.entries<Record<string, unknown>>(config)) {
                const policy = allPolicies.find(p => p.name === name);
                assert.ok(policy, `${env}.json: unknown policy ${name}`);
                for (const [key, value] of Object.entries(settings)) {
                    if (key === "enforcementLevel") {
                        assert.ok(["advisory", "mandatory", "remediate", "disabled"].includes(value as string), `${name}.${key}`);
                        continue;
                    }
                    const schema: { type?: unknown } | undefined = policy.configSchema?.properties[key];
                    assert.ok(schema, `${env}.json: ${name} has no config property ${key}`);
                    const type = Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
                    assert.strictEqual(schema.type, type, `${env}.json: ${name}.${key}`);
                }
            }
        });
    }

    it("dev allows preferred anti-affinity, prod requires it", () => {
        const read = (env: string) => JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "config", `${env}.json`), "utf8"));
        assert.strictEqual(read("dev")["postgres-k8s-workload-enforce-pod-anti-affinity"].allowPreferred, true);
        assert.strictEqual(read("prod")["postgres-k8s-workload-enforce-pod-anti-affinity"].allowPreferred, false);
    });

    it("is a nodejs policy pack pinned to the project's @pulumi/pulumi and @pulumi/policy", () => {
        assert.match(fs.readFileSync(path.join(POLICIES_DIR, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
        const pack = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8"));
        const root = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
        assert.strictEqual(pack.dependencies["@pulumi/pulumi"], root.dependencies["@pulumi/pulumi"]);
        assert.strictEqual(pack.dependencies["@pulumi/policy"], root.devDependencies["@pulumi/policy"]);
        // One copy: the pack resolves both packages from the root node_modules.
        assert.ok(!fs.existsSync(path.join(POLICIES_DIR, "node_modules")));
        assert.strictEqual(require.resolve("@pulumi/pulumi", { paths: [POLICIES_DIR] }), require.resolve("@pulumi/pulumi"));
    });

    it("docs/policies.md documents every policy with its level and every known peer disagreement", () => {
        const docs = fs.readFileSync(path.join(repoRoot, "docs", "policies.md"), "utf8");
        for (const p of allPolicies) {
            const row = docs.split("\n").find(line => line.startsWith(`| \`${p.name}\``));
            assert.ok(row, `${p.name} has no row in docs/policies.md`);
            assert.ok(row.includes(p.enforcementLevel!), `${p.name}: docs do not give its level ${p.enforcementLevel}`);
        }
        for (const id of Object.keys(KNOWN_DISAGREEMENTS)) {
            const object = / (\w+\/(?:[\w-]+\/)?[\w-]+) \(peer/.exec(id)![1];
            assert.ok(docs.includes(object), `docs/policies.md does not explain ${id}`);
        }
    });
});
