import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { chownToPostgres, postgresUser } from "../helpers/pgExec";
import { PgCluster, PgPod, sleep, waitFor } from "../helpers/pg";
import { ProcessWatch } from "../helpers/pgProcWatch";
import { WriteLoop, WriterResult } from "../helpers/pgWriter";
import { waitForReplay, waitForStreaming } from "../helpers/pgWal";

/** Every acknowledged id must be on `primary`; returns how many were checked. */
async function assertAllAcknowledgedPresent(primary: PgPod, r: WriterResult, what: string): Promise<void> {
    const present = new Set((await primary.sql("SELECT id FROM acked", "appdb")).split("\n").filter(Boolean).map(Number));
    const missing = r.acked.filter(id => !present.has(id));
    console.log(`      ${what}: ${r.acked.length} acknowledged commits, ${missing.length} missing, ` +
        `${present.size} rows present, ${r.failed} failed attempts, longest write gap ${r.longestGapMs} ms`);
    assert.ok(r.acked.length > 50, `too few acknowledged commits (${r.acked.length}) to prove anything`);
    assert.deepEqual(missing, [], `acknowledged commits lost in ${what}`);
}

async function waitForRows(replica: PgPod, primary: PgPod): Promise<void> {
    const want = await primary.sql("SELECT count(*) || ':' || max(id) FROM acked", "appdb");
    await waitFor(`${replica.name} to stream the new primary's rows`, async () =>
        (await replica.sql("SELECT count(*) || ':' || max(id) FROM acked", "appdb")) === want ? true : undefined, 60000);
}

/** Timeline the primary writes on now (the control file's lags until the next checkpoint). */
const timeline = (p: PgPod) => p.sql("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)");

describe("real PostgreSQL: switchover under a write loop", function () {
    this.timeout(300000);
    let c: PgCluster;
    let w: WriteLoop | undefined;
    before(async () => {
        c = await PgCluster.started({ instances: 2, archive: true });
        await c.waitForPrimaryLabel(c.pods[0]);
        await WriteLoop.createTable(c);
        // demote.sh refuses while no replica streams (a switchover would lose commits): pg-1 may
        // still be cloning or replaying the archive when the primary is labelled.
        await waitForStreaming(c.pods[0], [c.pods[1]]);
    });
    after(async () => { w?.kill(); await c?.destroy(); });

    it("demotes the primary, promotes the replica, loses no acknowledged commit, and the old primary streams", async () => {
        const [p0, p1] = c.pods;
        w = new WriteLoop(c);
        w.start();
        await waitFor("writes before the switchover", async () => (w!.ackedCount() >= 60 ? true : undefined));

        await p0.mustRunScript("demote.sh");
        await p0.awaitExit();
        await p0.start();                    // the kubelet restarts the container: it comes back a replica
        assert.equal(await p0.role(), "replica");
        await p1.mustRunScript("promote.sh", ["--switchover", "pg-0"]);
        assert.equal(await p1.role(), "primary");
        await c.waitForPrimaryLabel(p1);
        const before = w.ackedCount();
        await waitFor("writes through the Service after the switchover", async () => (w!.ackedCount() >= before + 60 ? true : undefined));
        const result = await w.stop();

        await assertAllAcknowledgedPresent(p1, result, "switchover");
        assert.equal(await timeline(p1), "00000002");
        await waitForRows(p0, p1);
        assert.equal(await p0.role(), "replica");
        assert.match(await p1.sql("SELECT application_name || ':' || state FROM pg_stat_replication"), /^pg-0:streaming$/);
    });

    it("refuses to promote while a primary is running", async () => {
        const r = await c.pods[0].run("promote.sh");
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /pg-1 is still a running primary/);
        assert.equal(await c.pods[0].role(), "replica");
    });
});

describe("real PostgreSQL: failover under a write loop (synchronous replication)", function () {
    this.timeout(300000);
    let c: PgCluster;
    let w: WriteLoop | undefined;
    before(async () => {
        // Zero loss on an unplanned failover needs a commit to be on a replica before it is
        // acknowledged: ANY 1 of the replicas, and promote the most advanced one.
        c = await PgCluster.started({ instances: 3, archive: true, parameters: { synchronous_standby_names: "ANY 1 (*)" } });
        await c.waitForPrimaryLabel(c.pods[0]);
        await WriteLoop.createTable(c);
    });
    after(async () => { w?.kill(); await c?.destroy(); });

    it("refuses the lagging replica, promotes the most advanced one after a crash; no acknowledged commit lost; the old primary rejoins via pg_rewind", async () => {
        const [p0, p1, p2] = c.pods;
        w = new WriteLoop(c);
        w.start();
        await waitFor("writes before the crash", async () => (w!.ackedCount() >= 60 ? true : undefined));
        // pg-2 falls behind (down while pg-1 alone acknowledges commits), then the primary crashes.
        await p2.stop();
        const behind = w.ackedCount();
        await waitFor("writes pg-2 misses", async () => (w!.ackedCount() >= behind + 30 ? true : undefined));
        await p0.crash();
        await p2.start();

        const r = await p2.run("promote.sh");
        assert.notEqual(r.code, 0, "promoting the less advanced replica must be refused");
        assert.match(r.stderr, /pg-1 has more WAL \(\S+\) than this replica/);
        assert.equal(await p2.role(), "replica");
        const [target, other] = [p1, p2];
        await target.mustRunScript("promote.sh");
        await c.waitForPrimaryLabel(target);
        const before = w.ackedCount();
        await waitFor("writes after the failover", async () => (w!.ackedCount() >= before + 60 ? true : undefined), 90000);

        // The crashed primary restarts: it finds the new primary, rewinds and follows it. As after
        // its node died, postmaster.pid is left behind naming a live process of the same user that
        // is not PostgreSQL (in a new container, often its PID 1).
        const unrelated = spawn("sleep", ["600"], { uid: postgresUser.uid, gid: postgresUser.gid, stdio: "ignore" });
        fs.writeFileSync(path.join(p0.pgdata, "postmaster.pid"), `${unrelated.pid}\n${p0.pgdata}\n`);
        chownToPostgres(path.join(p0.pgdata, "postmaster.pid"));
        const watch = new ProcessWatch(Object.values(c.passwords));
        watch.start();
        try {
            await p0.start();
        } finally {
            unrelated.kill("SIGKILL");
        }
        assert.deepEqual(watch.stop(), [], "a password was visible in a command line or environment during the rewind");
        assert.match(p0.log(), /removing the stale postmaster.pid/);
        assert.equal(await p0.role(), "replica");
        assert.match(p0.log(), /rejoining as a replica/);
        assert.match(p0.log(), /rejoined as a replica of/);
        const result = await w.stop();

        await assertAllAcknowledgedPresent(target, result, `failover to ${target.name}`);
        await waitForRows(other, target);
        await waitForRows(p0, target);
        const streaming = (await target.sql("SELECT application_name FROM pg_stat_replication WHERE state = 'streaming' ORDER BY 1")).split("\n");
        assert.deepEqual(streaming, [other.name, "pg-0"].sort());
        const primaries = c.pods.filter(p => p.label() === "primary").map(p => p.name);
        assert.deepEqual(primaries, [target.name]);
        await sleep(0);
    });
});

describe("real PostgreSQL: a crashed primary rejoins a replica promoted a moment ago", function () {
    this.timeout(300000);
    let c: PgCluster;
    before(async () => {
        // A long checkpoint_timeout spreads the promoted server's end-of-recovery checkpoint over
        // minutes, so its control file still names timeline 1 when the old primary restarts.
        c = await PgCluster.started({ instances: 2, archive: true, parameters: { checkpoint_timeout: "1h", checkpoint_completion_target: 0.9 } });
        await c.waitForPrimaryLabel(c.pods[0]);
        await waitForStreaming(c.pods[0], [c.pods[1]]);
    });
    after(async () => { await c?.destroy(); });

    it("rewinds onto the new timeline instead of finding 'the same timeline' and then failing to follow", async () => {
        const [p0, p1] = c.pods;
        // Dirty most of the replica's buffers, so the promoted server's checkpoint is slow.
        await p0.sql("CREATE TABLE filler AS SELECT g, repeat('x', 400) AS pad FROM generate_series(1, 25000) g", "appdb");
        await waitForReplay(p1, p0);
        await p0.crash();
        await p1.mustRunScript("promote.sh");
        assert.equal(await p1.sql("SELECT timeline_id FROM pg_control_checkpoint()"), "1", "the promoted server checkpointed already: nothing is tested");
        await p0.start();
        assert.match(p0.log(), /rejoined as a replica of pg-1/);
        assert.equal(await p0.role(), "replica");
        await p1.sql("CREATE TABLE after_rejoin AS SELECT 1 AS one", "appdb");
        await waitForStreaming(p1, [p0]);
        assert.equal(await p0.sql("SELECT one FROM after_rejoin", "appdb"), "1");
    });
});
