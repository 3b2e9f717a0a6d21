import { strict as assert } from "assert";
import { PgCluster, PgPod, waitFor } from "../helpers/pg";
import { waitForStreaming } from "../helpers/pgWal";

/**
 * The postgres container's readinessProbe, exactly as the StatefulSet spec declares it, run
 * against real servers: a replica is Ready only while it streams with bounded replay lag.
 */
describe("real PostgreSQL: a replica is Ready only while streaming within replicaMaxLagMB", function () {
    this.timeout(240000);
    let c: PgCluster;
    const ready = async (p: PgPod) => (await p.readiness()).code === 0;
    const becomes = (p: PgPod, want: boolean, why: string) =>
        waitFor(`${p.name} ${want ? "Ready" : "not Ready"} (${why})`, async () => ((await ready(p)) === want ? true : undefined), 60000, 500);

    before(async () => {
        c = await PgCluster.started({ instances: 2, replicaMaxLagMB: 1 });
        await waitForStreaming(c.pods[0], [c.pods[1]]);
    });
    after(async () => { await c?.destroy(); });

    it("the primary and a streaming, caught-up replica are Ready; the probe needs no password", async () => {
        const [p0, p1] = c.pods;
        assert.equal((await p0.readiness()).code, 0);
        await becomes(p1, true, "streaming, caught up");
        const r = await p1.readiness();
        assert.equal(r.stdout + r.stderr, "");
    });

    it("a replica whose replay is more than the bound behind the primary is not Ready, and is again once it catches up", async () => {
        const [p0, p1] = c.pods;
        await p1.sql("SELECT pg_wal_replay_pause()");
        try {
            // About 4 MB of WAL, received but not replayed: four times the 1 MB bound.
            await p0.sql("CREATE TABLE lag AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 15000) g", "appdb");
            await becomes(p1, false, "replay paused, 4 MB behind");
            const r = await p1.readiness();
            assert.match(r.stderr, /replay is \d+ bytes behind the primary \(limit 1048576\)/);
            assert.equal(await p1.sql("SELECT status FROM pg_stat_wal_receiver"), "streaming", "the receiver still streams: only the lag is at fault");
        } finally {
            await p1.sql("SELECT pg_wal_replay_resume()");
        }
        await becomes(p1, true, "replay resumed");
    });

    it("a replica whose WAL receiver stopped is not Ready although it answers pg_isready", async () => {
        const [p0, p1] = c.pods;
        await p0.stop();
        await becomes(p1, false, "primary gone, no WAL receiver");
        const r = await p1.readiness();
        assert.match(r.stderr, /not streaming from the primary/);
        assert.equal(await p1.sql("SELECT pg_is_in_recovery()"), "t", "the replica itself still answers");
        await p0.start();
        await becomes(p1, true, "streaming again");
    });
});
