import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PgCluster, PgPod, sleep, waitFor } from "../helpers/pg";
import { archivedSegments, gaps, segmentNumber, serverNow, switchAndArchive, waitForReplay } from "../helpers/pgWal";

/** Reads a backup's backup.info into an object. */
function backupInfo(c: PgCluster, id: string): Record<string, string> {
    const text = fs.readFileSync(path.join(c.shared.backupDir, id, "backup.info"), "utf8");
    return Object.fromEntries(text.trim().split("\n").map(l => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

const visibleBackups = (c: PgCluster) => fs.readdirSync(c.shared.backupDir).filter(f => !f.startsWith(".")).sort();

describe("real PostgreSQL: base backup, PITR and retention", function () {
    this.timeout(300000);
    let c: PgCluster;
    let firstBackup = "";
    let restored: PgPod | undefined;
    let targetTime = "";
    before(async () => {
        c = await PgCluster.started({ instances: 2, archive: true, retain: 2 });
        await c.pods[0].sql("CREATE TABLE events(id int PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())", "appdb");
    });
    after(async () => { await c?.destroy(); });

    /** One run of the backup CronJob's container; returns the id of the backup it made. */
    const backupJob = async (): Promise<string> => {
        const r = await c.runBackupJob();
        assert.equal(r.code, 0, r.stderr);
        return r.stdout.trim();
    };

    const insert = (from: number, to: number) =>
        c.pods[0].sql(`INSERT INTO events(id) SELECT generate_series(${from}, ${to})`, "appdb");

    it("takes a compressed, checksummed backup from the streaming replica, visible only when complete", async () => {
        await insert(1, 100);
        await waitForReplay(c.pods[1], c.pods[0]);
        const id = await backupJob();
        firstBackup = id;
        assert.deepEqual(visibleBackups(c), [id]);
        const info = backupInfo(c, id);
        assert.equal(info.source, "pg-1");
        assert.equal(info.source_role, "replica");
        assert.match(info.start_wal, /^00000001[0-9A-F]{16}$/);
        assert.deepEqual(fs.readdirSync(path.join(c.shared.backupDir, id)).sort(),
            ["SHA256SUMS", "backup.info", "backup_manifest", "base.tar.zst", "pg_wal.tar"]);
        assert.equal(info.compression, "zstd");
        assert.match(fs.readFileSync(path.join(c.shared.backupDir, id, "backup_manifest"), "utf8"), /"Checksum-Algorithm": "SHA256"/);
        assert.deepEqual(fs.readdirSync(c.shared.backupDir).filter(f => f.startsWith(".in-progress")), []);
    });

    it("restores to a point in time: every row before T, none after", async () => {
        const p0 = c.pods[0];
        for (let i = 0; i < 3; i++) await insert(101 + i * 50, 150 + i * 50);   // rows 101..250, 3 transactions
        targetTime = await serverNow(p0);
        await sleep(1100);
        await insert(251, 300);
        await insert(301, 400);
        await switchAndArchive(p0);

        const r0 = await c.restorePod("latest", targetTime);
        restored = r0;
        const init = await r0.runInit();
        assert.equal(init.code, 0, init.stderr);
        assert.ok(fs.existsSync(path.join(r0.pgdata, "recovery.signal")));
        await r0.start();
        await waitFor("recovery to reach the target and promote", async () => ((await r0.role()) === "primary" ? true : undefined), 120000);
        const [count, min, max] = (await r0.sql("SELECT count(*) || ' ' || min(id) || ' ' || max(id) FROM events", "appdb")).split(" ");
        assert.deepEqual({ count, min, max }, { count: "250", min: "1", max: "250" });
        assert.equal(await r0.sql(`SELECT count(*) FROM events WHERE at > '${targetTime}'`, "appdb"), "0");
        assert.match(r0.log(), /recovery stopping before commit of transaction/);
        // The production cluster is untouched and still has every row.
        assert.equal(await p0.sql("SELECT count(*) FROM events", "appdb"), "400");
    });

    it("rejects bad recovery targets with clear messages and leaves PGDATA untouched", async () => {
        const cases: [string, string, RegExp][] = [
            ["latest", "yesterday at noon", /is not an RFC 3339 timestamp/],
            ["latest", "2999-01-01T00:00:00Z", /is in the future/],
            ["latest", "2001-01-01T00:00:00Z", /is before the oldest backup/],
            [firstBackup, "2001-01-01T00:00:00+02:00", /is before backup \S+ is consistent/],
            ["20000101T000000000Z", targetTime, /backup '20000101T000000000Z' not found/],
        ];
        for (const [from, target, message] of cases) {
            const p = await c.restorePod(from, target);
            const r = await p.runInit();
            assert.notEqual(r.code, 0, `${from} ${target}`);
            assert.match(r.stderr, message);
            assert.ok(!fs.existsSync(p.pgdata), "PGDATA was created for a rejected target");
        }
        // A data directory that holds a cluster is never restored over; the same request again is a no-op.
        const over = await restored!.run("restore.sh", ["--from", firstBackup]);
        assert.notEqual(over.code, 0);
        assert.match(over.stderr, /refusing to restore over it/);
        assert.equal((await restored!.runInit()).code, 0);
    });

    it("retention keeps the newest backups and only the WAL they need", async () => {
        const p0 = c.pods[0];
        const ids = [firstBackup];
        let before: string[] = [];
        for (let i = 0; i < 2; i++) {
            await insert(1000 + i * 100, 1099 + i * 100);
            // A standby's backup starts at its last restartpoint, i.e. at a checkpoint the primary
            // wrote: hours apart there is always a newer one; in a test, make one.
            await p0.sql("CHECKPOINT");
            await switchAndArchive(p0);
            await waitForReplay(c.pods[1], p0);
            if (i === 1) before = archivedSegments(c.shared.archiveDir);
            ids.push(await backupJob());      // the job prunes to PG_BACKUP_RETAIN=2 after each backup
        }
        assert.deepEqual(visibleBackups(c), ids.slice(1));
        assert.ok(segmentNumber(backupInfo(c, ids[2]).start_wal) > segmentNumber(backupInfo(c, ids[1]).start_wal));
        const keptStart = backupInfo(c, ids[1]).start_wal;
        const after = archivedSegments(c.shared.archiveDir);
        assert.equal(after[0], keptStart, "the oldest kept backup's first segment must be the oldest archived");
        const needed = before.filter(s => segmentNumber(s) >= segmentNumber(keptStart));
        assert.deepEqual(needed.filter(s => !after.includes(s)), [], "a needed segment was removed");
        assert.ok(before.some(s => !after.includes(s)), "no WAL was pruned");
        assert.deepEqual(gaps(after), []);

        // A newer backup still in progress does not count: pruning again removes nothing.
        const fake = path.join(c.shared.backupDir, ".in-progress-29990101T000000000Z");
        fs.mkdirSync(fake);
        fs.writeFileSync(path.join(fake, "backup.info"), "start_wal=00000001000000FF000000FF\n");
        const retain1 = await p0.run("prune-backups.sh", ["2"], { PG_BACKUP_DIR: c.shared.backupDir });
        assert.equal(retain1.code, 0, retain1.stderr);
        assert.deepEqual(visibleBackups(c), ids.slice(1));
        assert.equal(archivedSegments(c.shared.archiveDir)[0], keptStart);
        fs.rmSync(fake, { recursive: true });

        // The oldest kept backup still restores with the WAL left in the archive.
        const check = await c.restorePod(ids[1], "");
        assert.equal((await check.runInit()).code, 0);
        await check.start();
        await waitFor("recovery to the end of the archive", async () => ((await check.role()) === "primary" ? true : undefined), 120000);
        assert.equal(await check.sql("SELECT count(*) FROM events WHERE id >= 1100", "appdb"), "100");
    });
});
