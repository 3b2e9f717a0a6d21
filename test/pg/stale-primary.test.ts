/**
 * The streaming topology's pods when a stale primary answers: the old primary came back while the
 * promoted one was down. The promoted one, starting again, must not rewind onto it (its commits
 * would be thrown away): it starts as primary, and the role labeller keeps the read-write label
 * off the stale one.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PgCluster } from "../helpers/pg";
import { waitForStreaming } from "../helpers/pgWal";

describe("real PostgreSQL: a promoted primary restarting while the stale primary is back", function () {
    this.timeout(300000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.started({ instances: 3, archive: true });
        await c.waitForPrimaryLabel(c.pods[0]);
        await waitForStreaming(c.pods[0], [c.pods[1], c.pods[2]]);
    });
    after(async () => { await c?.destroy(); });

    it("rejoin.sh refuses to rewind onto it; the promoted primary starts as primary with its commits and keeps the label", async () => {
        const [p0, p1] = c.pods;
        await p0.crash();
        await p1.mustRunScript("promote.sh");
        await p1.sql("CREATE TABLE kept AS SELECT 42 AS answer", "appdb");
        await p1.crash();
        // pg-0 comes back with no other primary answering: a primary again, on timeline 1.
        await p0.start();
        assert.equal(await p0.role(), "primary");

        const refused = await p1.run("rejoin.sh");
        assert.equal(refused.code, 1, refused.stderr);
        assert.match(refused.stderr, /pg-0 is primary on timeline 1, older than this data directory's 2: refusing to rewind onto a stale primary/);
        assert.equal(fs.existsSync(path.join(p1.pgdata, "standby.signal")), false, "rejoin.sh touched the data directory");

        await p1.start();
        assert.equal(await p1.role(), "primary", "the promoted primary rewound onto the stale one");
        assert.match(p1.log(), /pg-0 is primary on timeline 1, this data directory on 2: pg-0 is stale; starting as primary/);
        assert.equal(await p1.sql("SELECT answer FROM kept", "appdb"), "42");
        await c.waitForPrimaryLabel(p1);
    });
});
