/**
 * The operations side on real nodes: the CLI's exec through real kubelets (status, switchover,
 * failover refusal) and the streaming `autoFailover` controller running as its Deployment's pod,
 * failing over on its own when the primary's node dies, under a client writing through pg-rw.
 * Figures are printed for docs/failover.md.
 */
import * as assert from "assert";
import { KubeAccess, loadKubeConfig } from "../../cli/kube";
import { runCli } from "../../cli/main";
import { adminKubeconfig, getJson, mustKubectl } from "../helpers/kube";
import { killNode, nodeReady, realClusterDown, realClusterUp, restartNode } from "../helpers/realNodes";
import { eventually, RealStack } from "../helpers/realStack";
import { Writer } from "../helpers/writerPod";

const INTERVAL = 2;
const CHECKS = 3;
const stack = new RealStack("prod", "postgres-ops", 3, {
    namespace: "postgres-ops",
    storageClassName: "local-storage", backupStorageClassName: "shared",
    autoFailover: true, autoFailoverIntervalSeconds: INTERVAL, autoFailoverChecks: CHECKS,
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const access = new KubeAccess(loadKubeConfig({ kubeconfig: adminKubeconfig }), stack.namespace);
    const code = await runCli(["-n", stack.namespace, ...args], { connect: () => access, io: { out: s => out.push(s), err: s => err.push(s) }, pollMs: 500 });
    return { code, out: out.join(""), err: err.join("") };
}

const nodeOf = (pod: string): string => getJson(["-n", stack.namespace, "get", "pod", pod]).spec.nodeName;
const controllerPod = (): any => stack.pods("failover")[0];
const controllerLog = (): string => mustKubectl(["-n", stack.namespace, "logs", controllerPod().metadata.name]);

describe("real nodes: the CLI and the auto-failover controller", function () {
    this.timeout(40 * 60_000);

    before(async () => {
        realClusterUp(3);
        await stack.apply();
        await stack.waitReady();
        await eventually("the failover controller Ready", () =>
            controllerPod()?.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True") ? true : undefined, 300);
        assert.strictEqual(await stack.waitStreaming(), "pg-0");
    });
    after(() => {
        realClusterDown();
    });

    it("status --json: read through exec in the real pods, one primary and two streaming replicas on three nodes", async () => {
        // A new prod stack has taken no base backup yet (its CronJob runs nightly): the only
        // problem allowed once the replicas stream and the first segments are archived.
        let r = await cli(["status", "--json"]);
        let s = JSON.parse(r.out);
        const others = (st: any) => st.problems.filter((p: string) => !/no complete base backup/.test(p));
        for (let i = 0; i < 24 && others(s).length; i++) {
            await new Promise(res => setTimeout(res, 5000));
            r = await cli(["status", "--json"]);
            s = JSON.parse(r.out);
        }
        assert.strictEqual(r.code, s.healthy ? 0 : 1, r.out + r.err);
        assert.deepStrictEqual(s.instances.map((i: any) => i.role).sort(), ["primary", "replica", "replica"]);
        assert.strictEqual(new Set(s.instances.map((i: any) => i.pod.node)).size, 3);
        for (const i of s.instances.filter((i: any) => i.role === "replica")) assert.strictEqual(i.state?.walReceiver, "streaming", JSON.stringify(i));
        const primary = s.instances.find((i: any) => i.role === "primary").pod.name;
        const archiveLog = () => mustKubectl(["-n", stack.namespace, "logs", primary, "-c", "postgres"]).split("\n").filter(l => /archiv/i.test(l)).slice(-10).join("\n");
        assert.deepStrictEqual(others(s), [], others(s).length ? archiveLog() : "");
    });

    it("failover is refused while the primary answers", async () => {
        const r = await cli(["failover", "--to", "pg-1"]);
        assert.notStrictEqual(r.code, 0, r.out);
        assert.deepStrictEqual(stack.byRole("primary"), ["pg-0"]);
    });

    // The node to kill must not hold the controller: from a dead node it would only come back
    // after the pod eviction timeout (documented in docs/failover.md).
    it("switchover --to a replica away from the controller's node: no acknowledged commit lost", async () => {
        const controllerNode = controllerPod().spec.nodeName;
        const target = stack.pods().map(p => p.metadata.name).find(n => n !== "pg-0" && nodeOf(n) !== controllerNode)!;
        const w = new Writer(stack, "ops-switchover");
        await w.start();
        const t0 = Date.now();
        const r = await cli(["switchover", "--to", target]);
        assert.strictEqual(r.code, 0, r.out + r.err);
        await w.moreAcks();
        const res = await w.stop();
        assert.deepStrictEqual(res.lost, []);
        assert.strictEqual(await stack.waitStreaming(300), target);
        console.log(`      switchover to ${target} (CLI): ${((Date.now() - t0) / 1000).toFixed(1)} s end to end, ${res.acked.length} acknowledged, 0 lost`);
    });

    it("the primary's node dies: the controller promotes the most advanced replica, writes resume, the old primary rejoins as a replica", async () => {
        const old = stack.byRole("primary")[0];
        const node = nodeOf(old);
        assert.notStrictEqual(node, controllerPod().spec.nodeName);
        const w = new Writer(stack, "ops-node-death");
        await w.start(node);
        const t0 = Date.now();
        killNode(node);
        const notReadyAt = await eventually(`${node} NotReady`, () => (nodeReady(node) ? undefined : Date.now()), 300);
        const promoted = await eventually("a replica promoted by the controller", () => {
            const ps = stack.pods().map(p => p.metadata.name).filter(n => n !== old && stack.sql(n, "SELECT pg_is_in_recovery()") === "f");
            return ps.length === 1 ? ps[0] : undefined;
        }, 600);
        const promotedAt = Date.now();
        const firstWrite = await w.firstAckAfter(t0);
        await w.moreAcks();
        const log = controllerLog();
        assert.strictEqual((log.match(/FAILOVER:/g) ?? []).length, 1, log);
        assert.match(log, new RegExp(`FAILOVER: ${old} is down .*promoting ${promoted}`));

        restartNode(node);
        await eventually(`${node} Ready`, () => (nodeReady(node) ? true : undefined), 300);
        await stack.waitReady(600);
        assert.strictEqual(await stack.waitStreaming(300), promoted);
        assert.strictEqual(stack.sql(old, "SELECT pg_is_in_recovery()"), "t", "the old primary is a replica");
        assert.deepStrictEqual(stack.byRole("primary"), [promoted], "exactly one primary");
        const r = await w.stop();
        console.log(`      autoFailover on real nodes (${INTERVAL} s x ${CHECKS}): node killed -> NotReady ${((notReadyAt - t0) / 1000).toFixed(1)} s, ` +
            `-> ${promoted} promoted ${((promotedAt - t0) / 1000).toFixed(1)} s, first acknowledged write ${firstWrite.toFixed(1)} s after the kill; ` +
            `${r.acked.length} acknowledged, ${r.lost.length} lost (asynchronous replication)`);
    });
});
