import { strict as assert } from "assert";
import { planFailover, planSwitchover } from "../../cli/switchover";
import { healthy, lost, primary, replica } from "./fixtures";

describe("cli: switchover and failover plans", () => {
    it("switchover to a streaming replica is planned from the one primary", () => {
        const plan = planSwitchover(healthy(), "pg-1");
        assert.deepEqual(plan, { ok: true, primary: "pg-0", target: "pg-1", notes: ["pg-1 streams from pg-0, 0 bytes behind"] });
    });

    const refusals: [string, () => ReturnType<typeof planSwitchover>, string][] = [
        ["an unknown pod", () => planSwitchover(healthy(), "pg-7"), "pg-7 is not an instance of this cluster (instances: pg-0, pg-1, pg-2)"],
        ["the primary itself", () => planSwitchover(healthy(), "pg-0"), "pg-0 is already the primary"],
        ["no primary", () => planSwitchover([lost("pg-0"), replica("pg-1", "0/1")], "pg-1"), "no instance answers as primary: a switchover needs a running primary (use failover)"],
        ["two primaries", () => planSwitchover([primary("pg-0"), primary("pg-1"), replica("pg-2", "0/1")], "pg-2"), "more than one primary answers (pg-0, pg-1): resolve that first (docs/failover.md)"],
        ["a replica not streaming", () => planSwitchover([primary("pg-0", { replicas: [{ name: "pg-1", state: "catchup", syncState: "async", lagBytes: 9, lagSeconds: 1 }] }), replica("pg-1", "0/1")], "pg-1"),
            "pg-1 is not streaming from pg-0 (catchup): it could not receive the primary's last WAL"],
        ["a replica not Ready", () => planSwitchover([primary(), { ...replica("pg-1", "0/1"), pod: { ...replica("pg-1", "0/1").pod, ready: false } }], "pg-1"), "pg-1 is not Ready"],
    ];
    for (const [what, plan, message] of refusals) {
        it(`switchover refuses ${what}`, () => assert.deepEqual(plan(), { ok: false, refusal: message }));
    }

    it("failover promotes the replica with the most WAL", () => {
        const plan = planFailover([lost("pg-0"), replica("pg-1", "0/9000000"), replica("pg-2", "0/A000000")], undefined, false);
        assert.ok(plan.ok);
        assert.equal(plan.target, "pg-2");
    });

    it("failover refuses while a primary answers", () => {
        assert.deepEqual(planFailover(healthy(), undefined, false), { ok: false, refusal: "pg-0 still answers as primary: use switchover (a failover is for a lost primary)" });
    });

    it("failover refuses while the silent primary's pod is still Ready (no lease fences it), unless forced", () => {
        const instances = [lost("pg-0", { ready: true, nodeReady: true }), replica("pg-1", "0/9000000")];
        const plan = planFailover(instances, undefined, false);
        assert.equal(plan.ok, false);
        assert.match((plan as { refusal: string }).refusal, /^pg-0 does not answer but Kubernetes reports it running/);
        assert.equal(planFailover(instances, undefined, true).ok, true);
    });

    it("failover refuses a chosen replica with less WAL than another, unless forced", () => {
        const instances = [lost("pg-0"), replica("pg-1", "0/9000000"), replica("pg-2", "0/A000000")];
        assert.deepEqual(planFailover(instances, "pg-1", false),
            { ok: false, refusal: "pg-2 has more WAL (0/A000000) than pg-1 (0/9000000): promote pg-2, or pass --force to lose what only it has" });
        assert.equal(planFailover(instances, "pg-1", true).ok, true);
    });

    it("failover refuses when no replica answers", () => {
        assert.deepEqual(planFailover([lost("pg-0"), lost("pg-1", { roleLabel: "replica" })], undefined, false), { ok: false, refusal: "no replica answers: nothing can be promoted" });
    });
});
