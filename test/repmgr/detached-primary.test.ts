/**
 * pgpool detaches a primary that is still running when its health check times out (one retry,
 * a second apart: a busy node, a promotion's checkpoint). repmgrd sees a healthy primary and
 * promotes nobody; pgpool 4.3 looks for a primary among the backends it still has attached,
 * finds none, and never takes the detached one back (auto_failback is for standbys, and a
 * pcp_attach_node is queued behind that search for ever): every write fails. Looked for after
 * the CI run of 81baadf, where a switchover was followed by 2 minutes without a write. Real
 * PostgreSQL, repmgrd and pgpool; the detach is the one a health check makes (pcp_detach_node
 * sends pgpool the same degenerate request).
 */
import { strict as assert } from "assert";
import { waitFor } from "../helpers/pgExec";
import { RepmgrCluster } from "./harness/repmgrCluster";
import { printLivenessKills } from "./harness/timeline";

describe("repmgr + pgpool: pgpool detached the primary while it still runs", function () {
    this.timeout(600000);
    let c: RepmgrCluster;

    before(async () => {
        c = await RepmgrCluster.create({ instances: 2 });
        await c.start();
    });
    after(async () => {
        printLivenessKills(c);
        await c?.destroy();
    });

    it("pgpool's liveness probe fails, and the restarted pgpool routes writes to it again", async () => {
        const restarts = c.pgpool.restarts.pgpool ?? 0;
        await c.pcp("pcp_detach_node", ["-n", "0"]);
        await waitFor("pgpool to have its primary detached", async () => ((await c.pgpoolNodes())[0].status === "down" ? true : undefined), 10000, 200);
        await assert.rejects(c.appSql("CREATE TABLE written(x int)"), "a write through pgpool with its primary detached");
        assert.equal(await c.role(0), "primary", "repmgrd promoted nobody: the primary is healthy");
        // The probe's first check comes 30 s after pgpool starts, then 3 failures 2 s apart.
        await waitFor("a write through pgpool", async () =>
            (await c.appSql("CREATE TABLE IF NOT EXISTS written(x int); SELECT pg_is_in_recovery()::text").catch(() => undefined)) === "false" ? true : undefined, 90000, 500);
        assert.equal(c.pgpool.restarts.pgpool, restarts + 1, "pgpool restarted once");
        assert.match(c.pgpool.livenessKills[c.pgpool.livenessKills.length - 1].output, /backend\(s\) 0 report being primary/);
        assert.deepEqual((await c.pgpoolNodes()).map(n => `${n.status}/${n.role}`).map(s => s.replace("waiting", "up")), ["up/primary", "up/standby"]);
    });
});
