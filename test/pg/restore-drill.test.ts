import { strict as assert } from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { PgCluster } from "../helpers/pg";
import { archivedSegments, switchAndArchive, waitForReplay } from "../helpers/pgWal";

interface DrillResult {
    kind: string; time: string; backup: string; durationSeconds: number; result: "pass" | "fail";
    expectedWal: string; reachedWal: string; tablesChecked: number; indexesChecked: number; reasons: string[];
}

/** Digest of every file name and content under `dir`: the drill must leave the backup volume exactly as it was. */
function treeDigest(dir: string): string {
    const h = crypto.createHash("sha256");
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const p = path.join(d, e.name);
            h.update(p);
            if (e.isDirectory()) walk(p); else h.update(fs.readFileSync(p));
        }
    };
    walk(dir);
    return h.digest("hex");
}

describe("real PostgreSQL: restore drill", function () {
    this.timeout(300000);
    let c: PgCluster;
    let backup = "";
    before(async () => {
        c = await PgCluster.started({ instances: 2, archive: true });
        const p0 = c.pods[0];
        await p0.sql("CREATE TABLE orders(id int PRIMARY KEY, customer text, at timestamptz DEFAULT now())", "appdb");
        await p0.sql("CREATE INDEX orders_customer ON orders(customer)", "appdb");
        await p0.sql("INSERT INTO orders(id, customer) SELECT g, 'c' || (g % 97) FROM generate_series(1, 5000) g", "appdb");
        await waitForReplay(c.pods[1], p0);
        const r = await c.runBackupJob();
        assert.equal(r.code, 0, r.stderr);
        backup = r.stdout.trim();
        // WAL after the backup, over several archived segments: the drill must replay all of it.
        for (let i = 0; i < 3; i++) {
            await p0.sql(`INSERT INTO orders(id, customer) SELECT g, 'late' FROM generate_series(${10001 + i * 1000}, ${10999 + i * 1000}) g`, "appdb");
            await switchAndArchive(p0);
        }
    });
    after(async () => { await c?.destroy(); });

    const drill = async (): Promise<{ code: number; result: DrillResult; stderr: string }> => {
        const r = await c.runRestoreDrill();
        const line = r.stdout.trim().split("\n").pop()!;
        const result = JSON.parse(line) as DrillResult;
        assert.deepEqual(JSON.parse(fs.readFileSync(r.resultFile, "utf8")), result, "the termination message carries the same result");
        return { code: r.code, result, stderr: r.stderr };
    };

    it("base-backup.sh wrote the backup's canary row on the primary before the backup", async () => {
        assert.equal(await c.pods[0].sql(`SELECT count(*) FROM postgres_k8s.backup_canary WHERE backup_id = '${backup}'`), "1");
        assert.match(fs.readFileSync(path.join(c.shared.backupDir, backup, "backup.info"), "utf8"), /^canary_lsn=[0-9A-F]+\/[0-9A-F]+$/m);
    });

    it("passes on a good archive: restores, replays to the newest archived segment, finds the canary, amcheck clean; the backup volume is untouched", async () => {
        const before = treeDigest(c.root + "/archive") + treeDigest(c.shared.backupDir);
        const newest = archivedSegments(c.shared.archiveDir).pop()!;
        const { code, result, stderr } = await drill();
        console.log(`      drill: ${result.result} in ${result.durationSeconds} s, backup ${result.backup}, ` +
            `reached ${result.reachedWal} (archive up to ${result.expectedWal}), ${result.tablesChecked} tables, ${result.indexesChecked} indexes checked`);
        assert.equal(code, 0, stderr);
        assert.equal(result.result, "pass", result.reasons.join("; "));
        assert.deepEqual(result.reasons, []);
        assert.equal(result.backup, backup);
        assert.equal(result.expectedWal, newest);
        assert.ok(result.reachedWal >= newest, `${result.reachedWal} >= ${newest}`);
        assert.ok(result.indexesChecked > 10 && result.tablesChecked > 10, JSON.stringify(result));
        assert.match(result.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.equal(treeDigest(c.root + "/archive") + treeDigest(c.shared.backupDir), before, "the drill changed the archive or the backups");
    });

    it("fails on a missing WAL segment, naming it, and says recovery stopped early", async () => {
        const segs = archivedSegments(c.shared.archiveDir);
        const start = fs.readFileSync(path.join(c.shared.backupDir, backup, "backup.info"), "utf8").match(/^start_wal=(\S+)$/m)![1];
        const victim = segs.filter(s => s > start)[1];
        assert.ok(victim && victim < segs[segs.length - 1], `a segment in the middle (${segs.join(",")})`);
        const aside = path.join(c.root, victim);
        fs.renameSync(path.join(c.shared.archiveDir, victim), aside);
        try {
            const { code, result } = await drill();
            assert.equal(code, 1);
            assert.equal(result.result, "fail");
            assert.ok(result.reasons.some(r => r.includes("WAL missing from the archive") && r.includes(victim.slice(8))), result.reasons.join("\n"));
            assert.ok(result.reasons.some(r => /recovery stopped in segment \S+, but the archive holds WAL up to/.test(r)), result.reasons.join("\n"));
            assert.ok(result.reachedWal < result.expectedWal);
        } finally {
            fs.renameSync(aside, path.join(c.shared.archiveDir, victim));
        }
    });

    it("fails on a corrupted base backup, saying which check caught it", async () => {
        // base.tar.zst with the default compression; whatever it is, corrupt it.
        const dir = path.join(c.shared.backupDir, backup);
        const file = path.join(dir, fs.readdirSync(dir).find(f => f.startsWith("base.tar"))!);
        const original = fs.readFileSync(file);
        const bad = Buffer.from(original);
        bad[Math.floor(bad.length / 2)] ^= 0xff;
        fs.writeFileSync(file, bad);
        try {
            const { code, result } = await drill();
            assert.equal(code, 1);
            assert.equal(result.result, "fail");
            assert.ok(result.reasons.some(r => r === `restore of backup ${backup} failed: backup ${backup} fails its SHA256SUMS check`), result.reasons.join("\n"));
        } finally {
            fs.writeFileSync(file, original);
        }
    });
});
