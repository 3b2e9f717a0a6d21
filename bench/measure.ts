/**
 * One benchmark round on real PostgreSQL servers, through the same harness and pod scripts as
 * the tests: load N rows, then time replica bootstrap, base backup, PITR restore and switchover.
 */
import { PgCluster, waitFor } from "../test/helpers/pg";
import { serverNow, switchAndArchive } from "../test/helpers/pgWal";

export interface Timings {
    rows: number;
    dataMb: number;
    bootstrapMs: number;
    backupMs: number;
    backupMb: number;
    restoreUnpackMs: number;
    restoreRecoverMs: number;
    switchoverMs: number;
    promoteToWriteMs: number;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
    const t0 = Date.now();
    const v = await f();
    return [Date.now() - t0, v];
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

        const [backupMs, job] = await timed(() => c.runBackupJob());
        if (job.code !== 0) throw new Error(`backup failed: ${job.stderr}`);
        const backupMb = Number(await p0.sql(`SELECT round(sum((pg_stat_file('${c.shared.backupDir}/${job.stdout.trim()}/' || f)).size) / 1048576.0, 1)
            FROM unnest(ARRAY['base.tar.gz', 'pg_wal.tar.gz']) f`));

        // PITR: a target after more writes, WAL archived past it, then a fresh recovery pod.
        await p0.sql(`INSERT INTO bench SELECT g, 'after backup' FROM generate_series(${rows + 1}, ${rows + 1000}) g`, "appdb");
        const target = await serverNow(p0);
        await p0.sql(`INSERT INTO bench VALUES (${rows + 5000}, 'after target')`, "appdb");
        await switchAndArchive(p0);
        const r = await c.restorePod("latest", target);
        const [restoreUnpackMs, init] = await timed(() => r.runInit());
        if (init.code !== 0) throw new Error(`restore failed: ${init.stderr}`);
        const [restoreRecoverMs] = await timed(async () => {
            await r.start();
            await waitFor("recovery to promote", async () => ((await r.role()) === "primary" ? true : undefined), 600000, 100);
        });
        const restored = await r.sql("SELECT count(*) FROM bench", "appdb");
        if (restored !== String(rows + 1000)) throw new Error(`PITR restored ${restored} rows, expected ${rows + 1000}`);

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
            rows, dataMb, bootstrapMs, backupMs, backupMb, restoreUnpackMs, restoreRecoverMs,
            switchoverMs: tWrite - t0, promoteToWriteMs: tWrite - tPromote,
        };
    } finally {
        await c.destroy();
    }
}
