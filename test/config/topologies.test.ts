import * as assert from "assert";
import { configKeys, loadStackConfig, topologyConfigs } from "../../config";
import { z } from "zod";
import { key } from "../../config/key-spec";
import { foreignKeyProblems, TopologyConfig } from "../../config/topologies";

const now = new Date("2026-11-22T12:00:00Z");

describe("per-topology keys", () => {
    it("every topology's keys are in the key table (and so in Pulumi.yaml and the README)", () => {
        for (const [t, c] of Object.entries(topologyConfigs)) {
            for (const k of Object.keys(c.keys)) assert.ok(k in configKeys, `${t}: ${k}`);
        }
    });

    it("streaming and standalone read kubectlImage", () => {
        for (const topology of ["streaming", "standalone"]) {
            const c = loadStackConfig({ topology, kubectlImage: "registry.local/kubectl:v1.36.4" }, now);
            assert.strictEqual(c.kubectlImage, "registry.local/kubectl:v1.36.4");
        }
    });

    it("a key the chosen topology does not read is refused by name, unless it holds its default", () => {
        const image = key({ type: "string", schema: z.string(), default: "k:1", allowed: "an image", description: "x" });
        const table: Record<string, TopologyConfig> = {
            a: { keys: { toolImage: image }, problems: () => [] },
            b: { keys: { toolImage: image }, problems: () => [] },
            c: { keys: {}, problems: () => [] },
        };
        assert.deepStrictEqual(foreignKeyProblems("c", { toolImage: "k:2" }, table),
            ["Invalid config postgres-k8s:toolImage = 'k:2'; allowed: 'k:1' (its default) when topology is 'c': only 'a' and 'b' read it."]);
        assert.deepStrictEqual(foreignKeyProblems("c", { toolImage: "k:1" }, table), []);
        assert.deepStrictEqual(foreignKeyProblems("a", { toolImage: "k:2" }, table), []);
    });
});
