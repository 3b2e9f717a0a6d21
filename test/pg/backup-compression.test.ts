import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PgCluster, waitFor } from "../helpers/pg";
import { mustRun } from "../helpers/pgExec";
import { switchAndArchive } from "../helpers/pgWal";

const ROWS = 20000;

/**
 * Every compression choice (and a gzip backup in the layout made before compression was a
 * choice) restores through restore.sh's checksums and pg_verifybackup to the same rows.
 */
describe("real PostgreSQL: base-backup compression choices and their restores", function () {
    this.timeout(600000);
    let c: PgCluster;
    const ids: Record<string, string> = {};
    const dir = (id: string) => path.join(c.shared.backupDir, id);
    const files = (id: string) => fs.readdirSync(dir(id)).sort();

    before(async () => {
        c = await PgCluster.started({ instances: 1, archive: true, compression: "lz4" });
        await c.pods[0].sql(`CREATE TABLE t(id int PRIMARY KEY, pad text);
            INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, ${ROWS}) g`, "appdb");
    });
    after(async () => { await c?.destroy(); });

    const backup = async (env: Record<string, string>): Promise<string> => {
        const r = await c.runBackupJob(env);
        assert.equal(r.code, 0, r.stderr);
        return r.stdout.trim();
    };

    /** Restores a backup into a fresh recovery pod and returns its row count. */
    const restoredRows = async (id: string): Promise<string> => {
        const p = await c.restorePod(id, "");
        const init = await p.runInit();
        assert.equal(init.code, 0, init.stderr);
        await p.start();
        await waitFor("recovery to promote", async () => ((await p.role()) === "primary" ? true : undefined), 120000);
        const rows = await p.sql("SELECT count(*) FROM t", "appdb");
        await p.stop();
        return rows;
    };

    it("the CronJob's spec passes its compression to the script (lz4 here): an lz4 tar, recorded in backup.info", async () => {
        ids.lz4 = await backup({});
        assert.deepEqual(files(ids.lz4), ["SHA256SUMS", "backup.info", "backup_manifest", "base.tar.lz4", "pg_wal.tar"]);
        assert.match(fs.readFileSync(path.join(dir(ids.lz4), "backup.info"), "utf8"), /^compression=lz4$/m);
    });

    it("zstd and none write the matching files, each covered by SHA256SUMS", async () => {
        ids.zstd = await backup({ PG_BACKUP_COMPRESSION: "zstd" });
        ids.none = await backup({ PG_BACKUP_COMPRESSION: "none" });
        assert.deepEqual(files(ids.zstd), ["SHA256SUMS", "backup.info", "backup_manifest", "base.tar.zst", "pg_wal.tar"]);
        assert.deepEqual(files(ids.none), ["SHA256SUMS", "backup.info", "backup_manifest", "base.tar", "pg_wal.tar"]);
        for (const id of [ids.lz4, ids.zstd, ids.none]) {
            const summed = fs.readFileSync(path.join(dir(id), "SHA256SUMS"), "utf8").trim().split("\n").map(l => l.split(/\s+\*?/)[1]).sort();
            assert.deepEqual(summed, files(id).filter(f => f !== "SHA256SUMS"));
        }
        // zstd is the smallest of the three.
        const size = (id: string, f: string) => fs.statSync(path.join(dir(id), f)).size;
        assert.ok(size(ids.zstd, "base.tar.zst") < size(ids.lz4, "base.tar.lz4"));
        assert.ok(size(ids.lz4, "base.tar.lz4") < size(ids.none, "base.tar"));
    });

    it("refuses an unknown compression by name, before taking anything", async () => {
        const r = await c.runBackupJob({ PG_BACKUP_COMPRESSION: "bzip2" });
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /PG_BACKUP_COMPRESSION 'bzip2' is not one of: zstd, lz4, none/);
    });

    it("a gzip backup in the layout made before the change (base.tar.gz, pg_wal.tar.gz, no compression line) still restores", async () => {
        // Same content as pg_basebackup -Ft -z wrote: the tars of a fresh uncompressed backup, gzipped.
        const old = await backup({ PG_BACKUP_COMPRESSION: "none" });
        const d = dir(old);
        const env = { PATH: process.env.PATH };
        await mustRun("gzip", [path.join(d, "base.tar"), path.join(d, "pg_wal.tar")], { env });
        await mustRun("sed", ["-i", "/^compression=/d", path.join(d, "backup.info")], { env });
        await mustRun("bash", ["-c", "sha256sum base.tar.gz pg_wal.tar.gz backup_manifest backup.info >SHA256SUMS"], { env, cwd: d });
        assert.deepEqual(files(old), ["SHA256SUMS", "backup.info", "backup_manifest", "base.tar.gz", "pg_wal.tar.gz"]);
        ids.gzip = old;
    });

    for (const kind of ["zstd", "lz4", "none", "gzip"]) {
        it(`restores the ${kind} backup: every row, checksums and pg_verifybackup passed`, async () => {
            assert.equal(await restoredRows(ids[kind]), String(ROWS));
        });
    }

    it("a corrupted compressed tar fails the SHA256SUMS check and nothing is restored", async () => {
        await switchAndArchive(c.pods[0]);
        const f = path.join(dir(ids.zstd), "base.tar.zst");
        const bytes = fs.readFileSync(f);
        bytes[Math.floor(bytes.length / 2)] ^= 0xff;
        fs.writeFileSync(f, bytes);   // as root: the file keeps its owner
        const p = await c.restorePod(ids.zstd, "");
        const r = await p.runInit();
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /fails its SHA256SUMS check/);
        assert.ok(!fs.existsSync(p.pgdata));
    });
});
