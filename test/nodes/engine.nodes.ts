/**
 * `pulumi up` onto real nodes: the real Pulumi engine (the engine tier's CLI, language host and
 * providers) deploys the dev stack with the policy pack onto kubelets running real pods, the
 * kubernetes provider awaiting their rollout; then the running stack previews with no changes
 * and `pulumi destroy` removes it, keeping the data claims. Times are printed (docs/real-node.md).
 */
import * as assert from "assert";
import { getJson, kubectl } from "../helpers/kube";
import { buildPulumiTools, PulumiWorkspace } from "../helpers/pulumi-cli";
import { realClusterDown, realClusterUp } from "../helpers/realNodes";
import { eventually, RealStack } from "../helpers/realStack";
import { runClient } from "../helpers/writerPod";

describe("real nodes: pulumi up of the dev stack onto kubelets and real pods", function () {
    this.timeout(60 * 60_000);
    // Used for its config and pod helpers only: the engine applies the objects here.
    const stack = new RealStack("dev", "postgres-dev", 2, {});
    let ws: PulumiWorkspace;
    const seconds: Record<string, number> = {};
    const timed = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
        const t0 = Date.now();
        try { return await f(); } finally { seconds[what] = (Date.now() - t0) / 1000; }
    };

    before(async () => {
        realClusterUp(2);
        buildPulumiTools();
        ws = await PulumiWorkspace.create("pgk8s-nodes-engine-");
        await ws.stackInit("dev");
    });
    after(function () {
        console.log(`      real engine onto real nodes, dev: ${Object.entries(seconds).map(([what, s]) => `pulumi ${what} ${s.toFixed(1)} s`).join(", ")}`);
        ws?.remove();
        realClusterDown();
    });

    it("pulumi up with the policy pack returns once every pod is Running and Ready", async () => {
        const r = await timed("up", () => ws.run(["up", "--yes", "-s", "dev", ...ws.policyArgs("dev")]));
        assert.strictEqual(r.status, 0, r.output);
        assert.ok(stack.allReady(), "pulumi up returned before the StatefulSet's pods were Ready");
        const out = await ws.outputs("dev");
        assert.strictEqual(out.readWriteHost, `pg-rw.${stack.namespace}.svc`);
    });

    it("the replica streams, and the app user logs in through pg-rw with the Secret the engine made", async () => {
        const primary = await stack.waitStreaming();
        assert.strictEqual(primary, "pg-0");
        const log = await runClient(stack, "engine-check", "psql -XAt -F ' ' -c 'SELECT current_user, pg_is_in_recovery()'");
        assert.match(log, new RegExp(`^${stack.config("appUser")} f$`, "m"));
    });

    it("preview --expect-no-changes against the running pods: no diff from what the kubelets and controllers wrote", async () => {
        const r = await timed("preview (no changes)", () => ws.run(["preview", "--expect-no-changes", "--diff", "-s", "dev", ...ws.policyArgs("dev")]));
        assert.strictEqual(r.status, 0, r.output);
    });

    it("destroy removes the pods and keeps the data claims", async () => {
        const claims = getJson(["-n", stack.namespace, "get", "pvc"]).items.map((p: any) => p.metadata.name).sort();
        assert.deepStrictEqual(claims, ["data-pg-0", "data-pg-1"]);
        const r = await timed("destroy", () => ws.run(["destroy", "--yes", "-s", "dev"]));
        assert.strictEqual(r.status, 0, r.output);
        await eventually("the pods to be gone", () => (stack.pods().length === 0 ? true : undefined), 300);
        assert.notStrictEqual(kubectl(["-n", stack.namespace, "get", "statefulset", "pg"]).status, 0, "the StatefulSet is still there");
        assert.deepStrictEqual(getJson(["-n", stack.namespace, "get", "pvc"]).items.map((p: any) => p.metadata.name).sort(), claims);
    });
});
