import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn } from "child_process";
import { PgCluster, PgPod, sleep, waitFor } from "../helpers/pg";
import { makeDir, postgresUser } from "../helpers/pgExec";
import { waitForReplay, waitForStreaming } from "../helpers/pgWal";

const slots = (p: PgPod) => p.sql("SELECT coalesce(string_agg(slot_name || ':' || active, ',' ORDER BY slot_name), '') FROM pg_replication_slots");

/**
 * Physical replication slots per member, kept by the role labeller (and promote.sh) on real
 * servers. No WAL archive and wal_keep_size 0: only a slot can keep the WAL a replica needs.
 */
describe("real PostgreSQL: a replication slot per member", function () {
    this.timeout(300000);
    let c: PgCluster;
    let receiver: ChildProcess | undefined;
    before(async () => {
        c = await PgCluster.started({ instances: 2, parameters: { wal_keep_size: "0", max_wal_size: "32MB", min_wal_size: "32MB" } });
    });
    after(async () => {
        receiver?.kill("SIGKILL");
        await c?.destroy();
    });

    it("the primary keeps a slot for every other member and the replica streams through its own", async () => {
        const [p0, p1] = c.pods;
        await waitFor("pg-1 streaming through slot pg_1", async () => ((await slots(p0)) === "pg_1:true" ? true : undefined), 60000);
        assert.equal(await p1.sql("SHOW primary_slot_name"), "pg_1");
        assert.equal(await slots(p1), "", "a replica keeps no slots");
    });

    it("a replica stopped while the primary writes beyond wal_keep_size and max_wal_size catches up from its slot, without an archive", async () => {
        const [p0, p1] = c.pods;
        await p1.stop();
        const needed = await p0.sql("SELECT pg_walfile_name(restart_lsn) FROM pg_replication_slots WHERE slot_name = 'pg_1'");
        await p0.sql("CREATE TABLE while_down(n int)", "appdb");
        for (let i = 1; i <= 5; i++) {
            await p0.sql(`INSERT INTO while_down SELECT generate_series(1, 1000); SELECT pg_switch_wal(); CHECKPOINT`, "appdb");
        }
        // Past max_wal_size with wal_keep_size 0: only the slot keeps these segments.
        assert.equal(await p0.sql("SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'pg_1'"), "extended");
        assert.equal(await p0.sql(`SELECT count(*) FROM pg_ls_waldir() WHERE name = '${needed}'`), "1", `${needed} was removed`);
        await p1.start();
        await waitForReplay(p1, p0);
        assert.equal(await p1.sql("SELECT count(*) FROM while_down", "appdb"), "5000");
        assert.doesNotMatch(p1.log(), /has already been removed/);
        assert.ok(!fs.existsSync(path.join(c.root, "archive", "archive_status")));
    });

    it("after a promotion the new primary keeps the old one's slot, and the old primary rejoins through it", async () => {
        const [p0, p1] = c.pods;
        await waitForStreaming(p0, [p1]);
        await p0.stop();
        await p1.mustRunScript("promote.sh");
        // promote.sh made the slot before the labeller's next pass could.
        assert.match(p1.log() + (await slots(p1)), /pg_0:false/);
        await p0.start();
        assert.equal(await p0.sql("SHOW primary_slot_name"), "pg_0");
        await waitFor("pg-0 streaming through slot pg_0", async () => ((await slots(p1)) === "pg_0:true" ? true : undefined), 60000);
        // Its slot from its time as primary would pin its WAL: a replica drops it.
        await waitFor("pg-0 without the slot it kept as primary", async () => ((await slots(p0)) === "" ? true : undefined), 30000);
    });

    it("a member newer than the primary's PG_PEERS (a scale-up) makes its own slot on the primary, which keeps it", async () => {
        const [p0, p1] = c.pods;
        // pg-0's labeller, run as a member pg-7 that the primary's PG_PEERS does not list.
        await p0.mustRunScript("role-labeller.sh", ["--once"], { POD_NAME: "pg-7" });
        assert.equal(await slots(p1), "pg_0:true,pg_7:false");
        // Several passes of the primary's labeller (1 s apart): a slot holding no WAL beyond
        // max_wal_size stays, so the new member can start streaming through it.
        await sleep(4000);
        assert.equal(await slots(p1), "pg_0:true,pg_7:false");
    });

    it("drops the slot of an ordinal beyond instances (scale-down) once it holds WAL, never while it is active, and leaves other slots alone", async () => {
        const p1 = c.pods[1];
        await p1.sql("SELECT pg_create_physical_replication_slot('backup_tool', true)");
        // pg_receivewal holds pg_7 active, as a still-running pg-7 would.
        const dir = makeDir(path.join(c.root, "receivewal"));
        receiver = spawn("pg_receivewal", ["-S", "pg_7", "-D", dir, "-n", "-d",
            `host=${p1.dirs.runDir} port=${p1.port} user=replicator passfile=${p1.dirs.runDir}/pgpass`],
            { env: p1.env, uid: postgresUser.uid, gid: postgresUser.gid, stdio: "ignore" });
        await waitFor("pg_7 active", async () => ((await slots(p1)) === "backup_tool:false,pg_0:true,pg_7:true" ? true : undefined), 30000);
        // Stop the receiver from advancing pg_7 and write past max_wal_size (32 MB): the slot then
        // holds WAL ('extended'); while it is active the labeller leaves it.
        receiver.kill("SIGSTOP");
        for (let i = 0; i < 3; i++) await p1.sql("SELECT pg_switch_wal(); CHECKPOINT");
        await p1.sql("CREATE TABLE IF NOT EXISTS filler(x int); INSERT INTO filler VALUES (1); SELECT pg_switch_wal(); CHECKPOINT", "appdb");
        assert.equal(await p1.sql("SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'pg_7'"), "extended");
        await sleep(4000);
        assert.equal(await slots(p1), "backup_tool:false,pg_0:true,pg_7:true");
        receiver.kill("SIGKILL");
        receiver = undefined;
        await waitFor("pg_7 dropped once inactive", async () => ((await slots(p1)) === "backup_tool:false,pg_0:true" ? true : undefined), 30000);
        assert.match(fs.readFileSync(path.join(p1.c.root, "labeller.log"), "utf8"), /replication slots dropped: pg_7/);
        await p1.sql("SELECT pg_drop_replication_slot('backup_tool')");
    });
});
