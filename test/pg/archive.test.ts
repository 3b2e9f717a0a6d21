import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PgCluster } from "../helpers/pg";
import { makeDir } from "../helpers/pgExec";
import { archivedSegments, gaps, switchAndArchive } from "../helpers/pgWal";

describe("real PostgreSQL: WAL archiving", function () {
    this.timeout(180000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.started({ instances: 1, archive: true });
    });
    after(async () => { await c?.destroy(); });

    it("archives every segment, without gaps, across segment switches", async () => {
        const p0 = c.pods[0];
        await p0.sql("CREATE TABLE w(id int, pad text)", "appdb");
        const switched: string[] = [];
        for (let i = 0; i < 4; i++) {
            await p0.sql(`INSERT INTO w SELECT g, repeat('x', 200) FROM generate_series(1, 2000) g`, "appdb");
            switched.push(await switchAndArchive(p0));
        }
        const segs = archivedSegments(c.shared.archiveDir);
        for (const s of switched) assert.ok(segs.includes(s), `${s} missing from the archive`);
        assert.ok(segs.length >= 4);
        assert.deepEqual(gaps(segs), [], `gaps in ${segs.join(",")}`);
        for (const s of segs) assert.equal(fs.statSync(path.join(c.shared.archiveDir, s)).size, 16 * 1024 * 1024);
        assert.equal(await p0.sql("SELECT failed_count FROM pg_stat_archiver"), "0");
        assert.deepEqual(fs.readdirSync(c.shared.archiveDir).filter(f => f.startsWith(".")), [], "temporary files left behind");
    });

    it("archive-wal.sh accepts an identical segment again and refuses a different one", async () => {
        const p0 = c.pods[0];
        const archive = makeDir(path.join(c.root, "scratch-archive"));
        const env = { PG_ARCHIVE_DIR: archive };
        const seg = archivedSegments(c.shared.archiveDir)[0];
        const original = path.join(c.shared.archiveDir, seg);
        assert.equal((await p0.run("archive-wal.sh", [original, seg], env)).code, 0);
        assert.equal((await p0.run("archive-wal.sh", [original, seg], env)).code, 0, "identical re-archive must succeed");

        const other = path.join(c.root, "other-segment");
        fs.writeFileSync(other, Buffer.alloc(16 * 1024 * 1024, 7));
        fs.chmodSync(other, 0o644);
        const r = await p0.run("archive-wal.sh", [other, seg], env);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /already exists with DIFFERENT content: refusing to overwrite/);
        assert.ok(fs.readFileSync(path.join(archive, seg)).equals(fs.readFileSync(original)), "archived segment was modified");
        assert.deepEqual(fs.readdirSync(archive), [seg]);
    });

    it("a single-instance cluster is backed up from its primary", async () => {
        const r = await c.runBackupJob();
        assert.equal(r.code, 0, r.stderr);
        const info = fs.readFileSync(path.join(c.shared.backupDir, r.stdout.trim(), "backup.info"), "utf8");
        assert.match(info, /^source=pg-0$/m);
        assert.match(info, /^source_role=primary$/m);
        assert.match(r.stderr, /kept 1 backups/);
    });

    it("restore-wal.sh copies an archived segment and exits 1 for a missing one", async () => {
        const p0 = c.pods[0];
        const seg = archivedSegments(c.shared.archiveDir)[0];
        const dest = path.join(makeDir(path.join(c.root, "restore-target")), "RECOVERYXLOG");
        assert.equal((await p0.run("restore-wal.sh", [seg, dest])).code, 0);
        assert.ok(fs.readFileSync(dest).equals(fs.readFileSync(path.join(c.shared.archiveDir, seg))));
        const missing = await p0.run("restore-wal.sh", ["0000000100000099000000FF", dest + "2"]);
        assert.equal(missing.code, 1);
        assert.ok(!fs.existsSync(dest + "2"));
    });
});
