import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PgCluster } from "../helpers/pg";
import { runAsPostgres } from "../helpers/pgExec";
import { mountNoHardLinkVolume, NoHardLinkVolume } from "../helpers/noHardLinkVolume";
import { archivedSegments, gaps, switchAndArchive } from "../helpers/pgWal";

/**
 * The WAL archive on a shared volume without hard links (Azure Files over SMB, behind AKS's
 * ReadWriteMany classes): archive-wal.sh falls back to a rename under an exclusive claim and
 * still never overwrites a segment.
 */
describe("real PostgreSQL: WAL archiving onto a volume without hard links", function () {
    this.timeout(180000);
    let volume: NoHardLinkVolume;
    let c: PgCluster;
    const leftovers = () => fs.readdirSync(volume.dir).filter(f => f.startsWith("."));

    before(async () => {
        volume = mountNoHardLinkVolume();
        c = await PgCluster.started({ instances: 1, archive: true, extraEnv: { PG_ARCHIVE_DIR: volume.dir } });
    });
    after(async () => {
        await c?.destroy();
        volume?.unmount();
    });

    it("(control) the volume really has no hard links", async () => {
        fs.writeFileSync(path.join(volume.dir, "probe"), "x");
        const r = await runAsPostgres("ln", [path.join(volume.dir, "probe"), path.join(volume.dir, "probe-link")], { env: { PATH: process.env.PATH } });
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /Operation not permitted|not supported/);
        fs.rmSync(path.join(volume.dir, "probe"));
    });

    it("archives every segment without gaps and leaves no temporary or claim files", async () => {
        const p0 = c.pods[0];
        await p0.sql("CREATE TABLE w(id int, pad text)", "appdb");
        const switched: string[] = [];
        for (let i = 0; i < 3; i++) {
            await p0.sql("INSERT INTO w SELECT g, repeat('x', 200) FROM generate_series(1, 2000) g", "appdb");
            switched.push(await switchAndArchive(p0, volume.dir));
        }
        const segs = archivedSegments(volume.dir);
        for (const s of switched) assert.ok(segs.includes(s), `${s} missing from the archive`);
        assert.deepEqual(gaps(segs), []);
        for (const s of segs) assert.equal(fs.statSync(path.join(volume.dir, s)).size, 16 * 1024 * 1024);
        assert.equal(await p0.sql("SELECT failed_count FROM pg_stat_archiver"), "0");
        assert.deepEqual(leftovers(), []);
    });

    it("accepts an identical segment again, refuses a different one and never overwrites", async () => {
        const p0 = c.pods[0];
        const seg = archivedSegments(volume.dir)[0];
        const archived = path.join(volume.dir, seg);
        const before = fs.readFileSync(archived);
        const copy = path.join(c.root, "same-segment");
        fs.writeFileSync(copy, before);
        fs.chmodSync(copy, 0o644);
        assert.equal((await p0.run("archive-wal.sh", [copy, seg])).code, 0, "identical re-archive must succeed");
        const other = path.join(c.root, "other-segment");
        fs.writeFileSync(other, Buffer.alloc(16 * 1024 * 1024, 7));
        fs.chmodSync(other, 0o644);
        const r = await p0.run("archive-wal.sh", [other, seg]);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /already exists with DIFFERENT content: refusing to overwrite/);
        assert.ok(fs.readFileSync(archived).equals(before), "archived segment was modified");
        assert.deepEqual(leftovers(), []);
    });

    it("a name claimed by a live archiver is not published twice; a stale claim is taken over", async () => {
        const p0 = c.pods[0];
        const src = path.join(c.root, "claimed-segment");
        fs.writeFileSync(src, Buffer.alloc(16 * 1024 * 1024, 3));
        fs.chmodSync(src, 0o644);
        const name = "0000000100000000000000FE";
        const claim = path.join(volume.dir, `.${name}.claim`);
        fs.writeFileSync(claim, "");
        const busy = await p0.run("archive-wal.sh", [src, name]);
        assert.notEqual(busy.code, 0);
        assert.match(busy.stderr, /another archiver is publishing 0000000100000000000000FE/);
        assert.ok(!fs.existsSync(path.join(volume.dir, name)));
        assert.ok(fs.existsSync(claim), "a live claim must stay");

        const old = new Date(Date.now() - 600 * 1000);
        fs.utimesSync(claim, old, old);
        const taken = await p0.run("archive-wal.sh", [src, name]);
        assert.equal(taken.code, 0, taken.stderr);
        assert.match(taken.stderr, /removed the claim on 0000000100000000000000FE left \d+s ago/);
        assert.ok(fs.readFileSync(path.join(volume.dir, name)).equals(fs.readFileSync(src)));
        assert.deepEqual(leftovers(), []);
    });
});
