/**
 * One benchmark round on real PostgreSQL servers, through the same harness and pod scripts as
 * the tests: load N rows, then time replica bootstrap, base backup, PITR restore and switchover.
 */
import * as fs from "fs";
import * as path from "path";
import { mustRun, PgCluster, PgPod, waitFor } from "../test/helpers/pg";
import { serverNow, switchAndArchive } from "../test/helpers/pgWal";

export interface Timings {
    rows: number;
    dataMb: number;
    bootstrapMs: number;
    /** The backup job with the default compression (zstd). */
    backupMs: number;
    backupMb: number;
    /** Bare `pg_basebackup -Ft --compress=none` of the same source in the same run: the raw rate. */
    rawBackupMs: number;
    rawBackupMb: number;
    /** The backup job with PG_BACKUP_COMPRESSION=none: the job's own cost (canary, checksums, fsync) without compression. */
    noneJobMs: number;
    /** Unpack + verify of a restore of the raw backup (PG_BACKUP_COMPRESSION=none), for the restore ratio. */
    rawRestoreUnpackMs: number;
    restoreUnpackMs: number;
    restoreRecoverMs: number;
    /** restore-drill.sh end to end: newest backup + WAL restored into scratch, then checked (amcheck, canary). */
    drillMs: number;
    switchoverMs: number;
    promoteToWriteMs: number;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
    const t0 = Date.now();
    const v = await f();
    return [Date.now() - t0, v];
}

/** Size in MB of the data files of a backup directory (tars only). */
function tarsMb(dir: string): number {
    const bytes = fs.readdirSync(dir).filter(f => f.includes(".tar")).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    return Math.round(bytes / 104857.6) / 10;
}

/** The raw baseline: pg_basebackup from the same source, same options, no compression, no scripts. */
async function rawBaseBackup(c: PgCluster, source: PgPod): Promise<[number, number]> {
    const dir = path.join(c.shared.backupDir, ".bench-raw");
    const [ms] = await timed(() => mustRun("pg_basebackup", ["-D", dir, "-Ft", "--compress=none", "-X", "stream", "--checkpoint=fast",
        "--manifest-checksums=SHA256", "-d", `host=127.0.0.1 port=${source.port} user=replicator`],
        { env: { ...source.env, PGPASSWORD: source.c.passwords.replication } }));
    const mb = tarsMb(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    return [ms, mb];
}

export async function measure(rows: number): Promise<Timings> {
    const c = await PgCluster.create({ instances: 2, archive: true });
    try {
        const [p0, p1] = c.pods;
        await p0.start();
        await p0.sql(`CREATE TABLE bench(id bigint PRIMARY KEY, pad text);
            INSERT INTO bench SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, ${rows}) g;
            GRANT ALL ON bench TO app`, "appdb");
        const dataMb = Number(await p0.sql("SELECT pg_database_size('appdb') / 1048576")) ;
        await switchAndArchive(p0);

        const [bootstrapMs] = await timed(() => p1.start());

        const [rawBackupMs, rawBackupMb] = await rawBaseBackup(c, p1);
        const [backupMs, job] = await timed(() => c.runBackupJob());
        if (job.code !== 0) throw new Error(`backup failed: ${job.stderr}`);
        const backupMb = tarsMb(path.join(c.shared.backupDir, job.stdout.trim()));
        const [noneJobMs, raw] = await timed(() => c.runBackupJob({ PG_BACKUP_COMPRESSION: "none" }));
        if (raw.code !== 0) throw new Error(`uncompressed backup failed: ${raw.stderr}`);
        const rawRestore = await c.restorePod(raw.stdout.trim(), "");
        const [rawRestoreUnpackMs, rawInit] = await timed(() => rawRestore.runInit());
        if (rawInit.code !== 0) throw new Error(`uncompressed restore failed: ${rawInit.stderr}`);

        // PITR: a target after more writes, WAL archived past it, then a fresh recovery pod.
        await p0.sql(`INSERT INTO bench SELECT g, 'after backup' FROM generate_series(${rows + 1}, ${rows + 1000}) g`, "appdb");
        const target = await serverNow(p0);
        await p0.sql(`INSERT INTO bench VALUES (${rows + 5000}, 'after target')`, "appdb");
        await switchAndArchive(p0);
        const r = await c.restorePod(job.stdout.trim(), target);
        const [restoreUnpackMs, init] = await timed(() => r.runInit());
        if (init.code !== 0) throw new Error(`restore failed: ${init.stderr}`);
        const [restoreRecoverMs] = await timed(async () => {
            await r.start();
            await waitFor("recovery to promote", async () => ((await r.role()) === "primary" ? true : undefined), 600000, 100);
        });
        const restored = await r.sql("SELECT count(*) FROM bench", "appdb");
        if (restored !== String(rows + 1000)) throw new Error(`PITR restored ${restored} rows, expected ${rows + 1000}`);

        const [drillMs, drill] = await timed(() => c.runRestoreDrill());
        if (drill.code !== 0) throw new Error(`restore drill failed: ${drill.stdout}${drill.stderr}`);

        // Switchover: demote, the container restarts as a replica, promote, first accepted write.
        const t0 = Date.now();
        await p0.mustRunScript("demote.sh");
        await p0.awaitExit();
        await p0.start();
        const tPromote = Date.now();
        await p1.mustRunScript("promote.sh", ["--switchover", p0.name]);
        await waitFor("first accepted write through the Service", async () =>
            (await c.appSql("INSERT INTO bench VALUES (-1, 'first write') RETURNING id").catch(() => undefined)) === "-1" ? true : undefined, 120000, 50);
        const tWrite = Date.now();
        return {
            rows, dataMb, bootstrapMs, backupMs, backupMb, rawBackupMs, rawBackupMb, noneJobMs, rawRestoreUnpackMs, restoreUnpackMs, restoreRecoverMs, drillMs,
            switchoverMs: tWrite - t0, promoteToWriteMs: tWrite - tPromote,
        };
    } finally {
        await c.destroy();
    }
}
