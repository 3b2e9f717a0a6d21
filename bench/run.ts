/**
 * `npm run bench`: times replica bootstrap, switchover, base backup and PITR restore on real
 * PostgreSQL servers for a few data sizes and prints a table. Not a test: it asserts only that
 * each step worked. Sizes: BENCH_ROWS="10000,100000,500000" (the default).
 */
import { PgCluster } from "../test/helpers/pg";
import { measure, Timings } from "./measure";
import { renderTable, seconds } from "./table";

async function main(): Promise<void> {
    const sizes = (process.env.BENCH_ROWS ?? "10000,100000,500000").split(",").map(Number);
    const results: Timings[] = [];
    for (const rows of sizes) {
        process.stderr.write(`bench: ${rows} rows...\n`);
        results.push(await measure(rows));
    }
    console.log(renderTable(
        ["rows", "data", "replica bootstrap", "base backup", "backup size", "PITR unpack+verify", "PITR recovery", "switchover total", "promote -> first write"],
        results.map(t => [
            String(t.rows), `${t.dataMb} MB`, seconds(t.bootstrapMs), seconds(t.backupMs), `${t.backupMb} MB`,
            seconds(t.restoreUnpackMs), seconds(t.restoreRecoverMs), seconds(t.switchoverMs), seconds(t.promoteToWriteMs),
        ]),
    ));
}

main().catch(async e => {
    console.error(e);
    await PgCluster.destroyAll();
    process.exit(1);
});
