/**
 * `npm run bench`: times replica bootstrap, switchover, base backup and PITR restore on real
 * PostgreSQL servers for a few data sizes and prints a table, then the repmgr topology's failover
 * timeline (bench/repmgr.ts) and the streaming auto-failover controller's (bench/auto-failover.ts)
 * beside the streaming switchover. Base backup and restore are also
 * compared with the raw rate of the same run: a bare uncompressed pg_basebackup of the same
 * source, and the unpack+verify of an uncompressed backup ("speed" = raw time / our time). Not a test: it asserts only that
 * each step worked. Sizes: BENCH_ROWS="10000,100000,500000" (the default).
 */
import { PgCluster } from "../test/helpers/pg";
import { measure, Timings } from "./measure";
import { measureAutoFailover } from "./auto-failover";
import { measureRepmgr } from "./repmgr";
import { percent, renderTable, seconds } from "./table";

async function main(): Promise<void> {
    const sizes = (process.env.BENCH_ROWS ?? "10000,100000,500000").split(",").map(Number);
    const results: Timings[] = [];
    for (const rows of sizes) {
        process.stderr.write(`bench: ${rows} rows...\n`);
        results.push(await measure(rows));
    }
    console.log(renderTable(
        ["rows", "data", "replica bootstrap", "raw pg_basebackup", "backup job (none)", "base backup (zstd)", "backup/raw speed", "size raw -> zstd",
            "unpack+verify raw", "PITR unpack+verify (zstd)", "restore/raw speed", "PITR recovery", "restore drill", "switchover total", "promote -> first write"],
        results.map(t => [
            String(t.rows), `${t.dataMb} MB`, seconds(t.bootstrapMs), seconds(t.rawBackupMs), seconds(t.noneJobMs), seconds(t.backupMs), percent(t.rawBackupMs / t.backupMs),
            `${t.rawBackupMb} -> ${t.backupMb} MB`, seconds(t.rawRestoreUnpackMs), seconds(t.restoreUnpackMs), percent(t.rawRestoreUnpackMs / t.restoreUnpackMs),
            seconds(t.restoreRecoverMs), seconds(t.drillMs), seconds(t.switchoverMs), seconds(t.promoteToWriteMs),
        ]),
    ));
    // Failover timelines: the streaming topology's switchover (largest size above, by hand with the
    // pod scripts) beside the repmgr topology's automatic failovers (async replication).
    process.stderr.write("bench: repmgr failovers...\n");
    const repmgr = await measureRepmgr();
    process.stderr.write("bench: streaming auto-failover...\n");
    const auto = await measureAutoFailover();
    const last = results[results.length - 1];
    const opt = (ms?: number) => (ms === undefined ? "n/a" : seconds(ms));
    console.log(renderTable(
        ["event", "detected", "pgpool detach", "new primary", "first write", "longest write gap", "acked", "lost"],
        [
            [`streaming: switchover (${last.rows} rows)`, "-", "-", "-", seconds(last.switchoverMs), "-", "-", "0"],
            ...Object.entries(repmgr).map(([what, t]) => [what, opt(t.detectionMs), opt(t.pgpoolDetachMs), seconds(t.promotionMs),
                seconds(t.firstWriteMs), seconds(t.longestGapMs), String(t.acked), String(t.lost)]),
            ...Object.entries(auto).map(([what, t]) => [what, "-", "-", seconds(t.promotedMs), "-", seconds(t.longestGapMs), String(t.acked), String(t.lost)]),
        ],
    ));
}

main().catch(async e => {
    console.error(e);
    await PgCluster.destroyAll();
    process.exit(1);
});
