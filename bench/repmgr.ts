/**
 * The repmgr topology's failover timeline on real processes (PostgreSQL + repmgrd + pgpool), with
 * the default asynchronous replication, so acknowledged commits lost by a failover are reported.
 */
import { RepmgrCluster } from "../test/repmgr/harness/repmgrCluster";
import { FailoverTimeline, measureFailover, writeTarget } from "../test/repmgr/harness/timeline";
import { WriteLoop } from "../test/helpers/pgWriter";
import { waitFor } from "../test/helpers/pgExec";

export async function measureRepmgr(): Promise<Record<string, FailoverTimeline>> {
    const c = await RepmgrCluster.create({ instances: 3 });
    const out: Record<string, FailoverTimeline> = {};
    try {
        await c.start();
        await WriteLoop.createTable(writeTarget(c));
        const standbysOf = (primary: number) => Promise.all(c.pods.map((_, i) => i === primary ? undefined : waitFor(`pg-${i} streaming`, async () =>
            (await c.trySql(primary, `SELECT count(*) FROM pg_stat_replication WHERE application_name = 'pg-${i}'`)) === "1" ? true : undefined, 120000, 250)));
        let t = await measureFailover(c, 0, "bench-kill", () => c.pods[0].kill());
        out["repmgr: primary killed (SIGKILL)"] = t;
        c.pods[0].start();
        await standbysOf(t.newPrimary);
        const gone = t.newPrimary;
        t = await measureFailover(c, gone, "bench-gone", async () => { c.pods[gone].freeze(); await c.cutNetwork(gone); });
        out["repmgr: host gone (frozen, unreachable)"] = t;
        await c.restoreNetwork(gone);
        c.pods[gone].thaw();
        await standbysOf(t.newPrimary);
        const old = t.newPrimary;
        t = await measureFailover(c, old, "bench-switchover", async () => {
            const r = await c.script(old, "repmgr-switchover.sh");
            if (r.code !== 0) throw new Error(r.stderr);
        });
        out["repmgr: planned switchover"] = t;
    } finally {
        await c.destroy();
    }
    return out;
}
