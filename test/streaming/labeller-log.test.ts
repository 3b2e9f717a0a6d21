import { strict as assert } from "assert";
import { PgCluster, PgPod, sleep, waitFor } from "../helpers/pg";
import { waitForStreaming } from "../helpers/pgWal";

const connectionLines = (p: PgPod) => (p.log().match(/connection received:/g) ?? []).length;

/**
 * log_connections is on: a labeller that connected on every pass (every 5 s in pods, 1 s here)
 * would add four log lines per pass to every member's log. It keeps one session per server.
 */
describe("real PostgreSQL: the role labeller's sessions stay out of the server log", function () {
    this.timeout(240000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.started({ instances: 2 });
        await c.waitForPrimaryLabel(c.pods[0]);
        await waitFor("pg-1 labelled replica", async () => (c.pods[1].label() === "replica" ? true : undefined));
        // Steady state: pg-1 streams, and each labeller holds its sessions (see below).
        await waitForStreaming(c.pods[0], [c.pods[1]]);
        for (const p of c.pods) {
            await waitFor(`two labeller sessions on ${p.name}`, async () =>
                (await p.sql(`SELECT count(*) FROM pg_stat_activity WHERE application_name = 'role-labeller'`)) === "2" ? true : undefined);
        }
    });
    after(async () => { await c?.destroy(); });

    it("over 8 labeller passes neither the primary's nor the replica's log gains connection lines", async () => {
        const [p0, p1] = c.pods;
        const sessions = "SELECT count(*) || ' ' || min(backend_start) FROM pg_stat_activity WHERE application_name = 'role-labeller'";
        const s0 = await p0.sql(sessions);
        const before = { p0: connectionLines(p0), p1: connectionLines(p1) };
        await sleep(8000);
        const grown = { p0: connectionLines(p0) - before.p0, p1: connectionLines(p1) - before.p1 };
        assert.deepEqual(grown, { p0: 0, p1: 0 }, `connection lines added in 8 s: ${JSON.stringify(grown)}`);
        // Each labeller holds one local session, the same one throughout; the primary's also holds
        // one to pg-1 (its check for a second primary), the replica's one to the primary (its slot).
        assert.match(s0, /^2 /);
        assert.equal(await p0.sql(sessions), s0);
        assert.match(await p1.sql(sessions), /^2 /);
    });
});
