import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PgCluster, sleep, waitFor } from "../helpers/pg";
import { archivedSegments, gaps, segmentNumber, switchAndArchive } from "../helpers/pgWal";

/** Reads a backup's backup.info into an object. */
function backupInfo(c: PgCluster, id: string): Record<string, string> {
    const text = fs.readFileSync(path.join(c.shared.backupDir, id, "backup.info"), "utf8");
    return Object.fromEntries(text.trim().split("\n").map(l => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

const visibleBackups = (c: PgCluster) => fs.readdirSync(c.shared.backupDir).filter(f => !f.startsWith(".")).sort();

describe("real PostgreSQL: base backup, PITR and retention", function () {
    this.timeout(300000);
    let c: PgCluster;
    let restoreCluster: PgCluster | undefined;
    let firstBackup = "";
    let targetTime = "";
    before(async () => {
        c = await PgCluster.create({ instances: 2, archive: true, backups: true });
        await c.pods[0].start();
        await c.pods[1].start();
        await c.pods[0].sql("CREATE TABLE events(id int PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())", "appdb");
    });
    after(async () => {
        await restoreCluster?.destroy();
        await c?.destroy();
    });

    const insert = (from: number, to: number) =>
        c.pods[0].sql(`INSERT INTO events(id) SELECT generate_series(${from}, ${to})`, "appdb");

    it("takes a compressed, checksummed backup from the streaming replica, visible only when complete", async () => {
        await insert(1, 100);
        await waitFor("replica to replay", async () => (await c.pods[1].sql("SELECT count(*) FROM events", "appdb")) === "100" ? true : undefined);
        const id = (await c.pods[0].mustRunScript("base-backup.sh")).trim();
        firstBackup = id;
        assert.deepEqual(visibleBackups(c), [id]);
        const info = backupInfo(c, id);
        assert.equal(info.source, "pg-1");
        assert.equal(info.source_role, "replica");
        assert.match(info.start_wal, /^00000001[0-9A-F]{16}$/);
        assert.deepEqual(fs.readdirSync(path.join(c.shared.backupDir, id)).sort(),
            ["SHA256SUMS", "backup.info", "backup_manifest", "base.tar.gz", "pg_wal.tar.gz"]);
        assert.match(fs.readFileSync(path.join(c.shared.backupDir, id, "backup_manifest"), "utf8"), /"Checksum-Algorithm": "SHA256"/);
        assert.deepEqual(fs.readdirSync(c.shared.backupDir).filter(f => f.startsWith(".in-progress")), []);
    });

    it("restores to a point in time: every row before T, none after", async () => {
        const p0 = c.pods[0];
        for (let i = 0; i < 3; i++) await insert(101 + i * 50, 150 + i * 50);   // rows 101..250, 3 transactions
        targetTime = await p0.sql(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
        await sleep(1100);
        await insert(251, 300);
        await insert(301, 400);
        await switchAndArchive(p0);

        restoreCluster = await PgCluster.create({ instances: 1, name: "restore", archive: true, backups: true, volumesFrom: c });
        const r0 = restoreCluster.pods[0];
        await r0.mustRunScript("restore.sh", ["--from", "latest", "--target-time", targetTime]);
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
        const r0 = restoreCluster!.pods[0];
        const fresh = await PgCluster.create({ instances: 1, name: "badtarget", archive: true, backups: true, volumesFrom: c });
        try {
            const p = fresh.pods[0];
            const cases: [string[], RegExp][] = [
                [["--from", "latest", "--target-time", "yesterday at noon"], /is not an RFC 3339 timestamp/],
                [["--from", "latest", "--target-time", "2999-01-01T00:00:00Z"], /is in the future/],
                [["--from", "latest", "--target-time", "2001-01-01T00:00:00Z"], /is before the oldest backup/],
                [["--from", firstBackup, "--target-time", "2001-01-01T00:00:00+02:00"], /is before backup \S+ is consistent/],
                [["--from", "20000101T000000000Z", "--target-time", targetTime], /backup '20000101T000000000Z' not found/],
            ];
            for (const [args, message] of cases) {
                const r = await p.run("restore.sh", args);
                assert.notEqual(r.code, 0, args.join(" "));
                assert.match(r.stderr, message);
                assert.ok(!fs.existsSync(p.pgdata), "PGDATA was created for a rejected target");
            }
            // A running cluster's data directory is never restored over.
            const over = await r0.run("restore.sh", ["--from", firstBackup]);
            assert.notEqual(over.code, 0);
            assert.match(over.stderr, /refusing to restore over it/);
        } finally {
            await fresh.destroy();
        }
    });

    it("retention keeps the newest backups and only the WAL they need", async () => {
        const p0 = c.pods[0];
        const ids = [firstBackup];
        for (let i = 0; i < 2; i++) {
            await insert(1000 + i * 100, 1099 + i * 100);
            await switchAndArchive(p0);
            ids.push((await p0.mustRunScript("base-backup.sh")).trim());
        }
        await switchAndArchive(p0);
        assert.deepEqual(visibleBackups(c), ids);
        const before = archivedSegments(c.shared.archiveDir);
        // A newer backup still in progress must not count as complete.
        fs.mkdirSync(path.join(c.shared.backupDir, ".in-progress-29990101T000000000Z"));

        await p0.mustRunScript("prune-backups.sh", ["2"]);
        assert.deepEqual(visibleBackups(c), ids.slice(1));
        const keptStart = backupInfo(c, ids[1]).start_wal;
        const after = archivedSegments(c.shared.archiveDir);
        assert.equal(after[0], keptStart, "the oldest kept backup's first segment must be the oldest archived");
        assert.deepEqual(after, before.filter(s => segmentNumber(s) >= segmentNumber(keptStart)), "a needed segment was removed");
        assert.ok(after.length < before.length, "no WAL was pruned");
        assert.deepEqual(gaps(after), []);

        // The oldest kept backup still restores with the WAL left in the archive.
        const check = await PgCluster.create({ instances: 1, name: "afterprune", archive: true, backups: true, volumesFrom: c });
        try {
            await check.pods[0].mustRunScript("restore.sh", ["--from", ids[1]]);
            await check.pods[0].start();
            await waitFor("recovery to the end of the archive", async () => ((await check.pods[0].role()) === "primary" ? true : undefined), 120000);
            assert.equal(await check.pods[0].sql("SELECT count(*) FROM events WHERE id >= 1100", "appdb"), "100");
        } finally {
            await check.destroy();
        }
    });
});
