/**
 * A stale primary answers again while the new primary is down, on real PostgreSQL and repmgrd:
 * the new primary's pod must not rewind onto the stale one when it starts (its commits would be
 * thrown away); it starts as primary, and the stale one is fenced and rejoins it.
 */
import { strict as assert } from "assert";
import { waitFor } from "../helpers/pgExec";
import { RepmgrCluster } from "./harness/repmgrCluster";
import { awaitNewPrimary } from "./harness/timeline";

describe("repmgr: a new primary that restarts while the stale primary is back", function () {
    this.timeout(600000);
    let c: RepmgrCluster;
    const streamsFrom = (i: number, upstream: number) => waitFor(`pg-${i} to stream from pg-${upstream}`, async () =>
        (await c.trySql(upstream, `SELECT count(*) FROM pg_stat_replication WHERE application_name = 'pg-${i}' AND state = 'streaming'`)) === "1" ? true : undefined, 240000, 250);

    before(async () => {
        c = await RepmgrCluster.create({ instances: 3 });
        await c.start();
    });
    after(async () => {
        for (let i = 0; i < (c?.pods.length ?? 0); i++) await c.restoreNetwork(i);
        await c?.destroy();
    });

    it("starts as primary with its commits; the stale primary is fenced and rejoins it as a standby", async () => {
        await Promise.all([streamsFrom(1, 0), streamsFrom(2, 0)]);
        // pg-0's host vanishes: a standby is promoted and takes a commit.
        c.pods[0].freeze();
        await c.cutNetwork(0);
        const promoted = (await awaitNewPrimary(c, 0)).pod;
        const other = 3 - promoted;
        await c.sql(promoted, "CREATE TABLE kept AS SELECT 42 AS answer", "appdb");
        // The new primary's node and the other standby's die; pg-0's host comes back, a primary on
        // the old timeline with nobody newer to see.
        await c.pods[promoted].kill();
        await c.pods[other].kill();
        await c.restoreNetwork(0);
        c.pods[0].thaw();
        assert.equal(await c.role(0), "primary");

        c.pods[promoted].start();
        await waitFor(`pg-${promoted} to answer`, async () => ((await c.role(promoted)) !== "down" ? true : undefined), 120000, 250);
        assert.equal(await c.role(promoted), "primary", "the new primary rewound onto the stale one");
        await streamsFrom(0, promoted);
        assert.match(c.pods[promoted].log("postgres"), /pg-0 is primary on timeline \d+, this data directory on \d+: pg-0 is stale/);
        assert.doesNotMatch(c.pods[promoted].log("postgres"), /rejoining as a standby/);
        assert.match(c.pods[0].log("repmgrd"), /FENCING: pg-\d is primary on timeline \d+, this server on \d+/);
        assert.equal(await c.sql(promoted, "SELECT answer FROM kept", "appdb"), "42");
        await waitFor("the rejoined pg-0 to have the commit", async () =>
            (await c.trySql(0, "SELECT answer FROM kept", "appdb")) === "42" ? true : undefined, 30000, 250);

        c.pods[other].start();
        await streamsFrom(other, promoted);
        assert.equal(await c.role(0), "standby");
    });
});
