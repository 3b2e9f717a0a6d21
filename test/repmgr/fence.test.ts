/**
 * repmgr-fence.sh against real PostgreSQL, in the state a CI run of the host-gone failover hit:
 * the stale primary came back while the just-promoted one had not checkpointed yet. Its control
 * file still named an older timeline than the stale primary's, the fence compared control files,
 * and it stopped the new primary, which then rewound onto the stale one: acknowledged commits
 * were lost. The fence needs no repmgr, only the shared scripts and the peers, so the servers
 * here are the streaming test pods with the two repmgr files staged beside their scripts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PgCluster, PgPod, runAsPostgres } from "../helpers/pg";
import { waitForReplay, waitForStreaming } from "../helpers/pgWal";

const REPMGR_SCRIPTS = path.resolve(__dirname, "../../components/repmgr/scripts");

describe("real PostgreSQL: repmgr-fence.sh stops the stale primary, never the new one", function () {
    this.timeout(300000);
    let c: PgCluster;
    const controlTimeline = (p: PgPod) => p.sql("SELECT timeline_id FROM pg_control_checkpoint()");
    const passfile = (p: PgPod) => ({ PGPASSFILE: path.join(p.dirs.runDir, "pgpass") });
    const fence = (p: PgPod) => p.run("repmgr-fence.sh", [], passfile(p), 90000);

    before(async () => {
        // A long checkpoint_timeout spreads the promoted servers' checkpoints over minutes and
        // keeps the standbys from writing restartpoints.
        c = await PgCluster.started({ instances: 3, archive: true, parameters: { checkpoint_timeout: "1h", checkpoint_completion_target: 0.9 } });
        for (const p of c.pods) {
            for (const f of ["repmgr-lib.sh", "repmgr-fence.sh"]) fs.copyFileSync(path.join(REPMGR_SCRIPTS, f), path.join(p.dirs.scriptsDir, f));
        }
        await c.waitForPrimaryLabel(c.pods[0]);
        await waitForStreaming(c.pods[0], [c.pods[1], c.pods[2]]);
    });
    after(async () => { await c?.destroy(); });

    it("leaves a primary alone while no other primary answers", async () => {
        const r = await fence(c.pods[0]);
        assert.equal(r.code, 1, r.stderr);
        assert.equal(await c.pods[0].role(), "primary");
    });

    it("a just-promoted primary whose control file names an older timeline than the stale primary's is kept; the stale one is stopped", async () => {
        const [p0, p1, p2] = c.pods;
        // Dirty the standbys' buffers, so the promoted pg-2's checkpoint is slow.
        await p0.sql("CREATE TABLE filler AS SELECT g, repeat('x', 400) AS pad FROM generate_series(1, 25000) g", "appdb");
        await waitForReplay(p1, p0);
        await waitForReplay(p2, p0);
        // pg-1 becomes primary on timeline 2 and checkpoints; pg-2 follows it onto timeline 2.
        await p0.crash();
        await p1.mustRunScript("promote.sh");
        await p1.sql("CHECKPOINT");
        await c.waitForPrimaryLabel(p1);
        await waitForStreaming(p1, [p2]);
        // pg-1 "vanishes" and pg-2 is promoted to timeline 3; pg-1 is back: two primaries answer.
        assert.equal(await p2.sql("SELECT pg_promote(true, 60)"), "t");
        await p2.sql("CREATE TABLE after_promotion AS SELECT 1 AS one", "appdb");
        assert.deepEqual([await controlTimeline(p1), await controlTimeline(p2)], ["2", "1"],
            "the state is not the race's (pg-2 checkpointed already): nothing is tested");

        const kept = await fence(p2);
        assert.equal(kept.code, 1, `the new primary was fenced:\n${kept.stderr}`);
        assert.equal(await p2.role(), "primary");

        const fenced = await fence(p1);
        assert.equal(fenced.code, 0, fenced.stderr);
        assert.match(fenced.stderr, /FENCING: pg-2 is primary on timeline 3, this server on 2: stopping it so that it rejoins/);
        await p1.awaitExit();
        assert.equal(fs.existsSync(path.join(p1.pgdata, "postmaster.pid")), false, "pg-1 still runs");
        assert.equal(await p2.sql("SELECT one FROM after_promotion", "appdb"), "1");
    });

    it("the timeline of a stopped data directory counts the history file of a promotion not yet checkpointed", async () => {
        const p2 = c.pods[2];
        assert.equal(await controlTimeline(p2), "1", "pg-2 checkpointed already: nothing is tested");
        await p2.crash();
        const lib = (f: string) => path.join(p2.dirs.scriptsDir, f);
        const r = await runAsPostgres("bash", ["-c", `source ${lib("lib.sh")} && source ${lib("repmgr-lib.sh")} && data_timeline`], { env: p2.env });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout.trim(), "3");
    });
});
