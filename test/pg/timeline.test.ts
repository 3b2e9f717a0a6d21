import { strict as assert } from "assert";
import * as fs from "fs";
import { PgCluster, sleep, waitFor } from "../helpers/pg";
import { serverNow, switchAndArchive, waitForReplay } from "../helpers/pgWal";

describe("real PostgreSQL: PITR across a switchover (timeline change)", function () {
    this.timeout(300000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.started({ instances: 2, archive: true });
    });
    after(async () => { await c?.destroy(); });

    it("restores from a backup taken on timeline 1 to a time on timeline 2", async () => {
        const [p0, p1] = c.pods;
        const insert = (from: number, to: number) => p1.sql(`INSERT INTO t SELECT generate_series(${from}, ${to})`, "appdb");
        await p0.sql("CREATE TABLE t(id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100)", "appdb");
        await waitForReplay(p1, p0);
        const job = await c.runBackupJob();
        assert.equal(job.code, 0, job.stderr);

        await p0.mustRunScript("demote.sh");
        await p0.awaitExit();
        await p0.start();
        await p1.mustRunScript("promote.sh", ["--switchover", "pg-0"]);
        await insert(101, 200);
        const target = await serverNow(p1);
        await sleep(1100);
        await insert(201, 300);
        await switchAndArchive(p1);
        assert.ok(fs.existsSync(`${c.shared.archiveDir}/00000002.history`), "timeline history not archived");
        assert.equal(await p1.sql("SELECT failed_count FROM pg_stat_archiver"), "0");

        const r = await c.restorePod("latest", target);
        const init = await r.runInit();
        assert.equal(init.code, 0, init.stderr);
        await r.start();
        await waitFor("recovery to promote", async () => ((await r.role()) === "primary" ? true : undefined), 120000);
        assert.equal(await r.sql("SELECT count(*) || ' ' || max(id) FROM t", "appdb"), "200 200");
        // Recovery followed the cluster's history to timeline 2 and branched a new one from it.
        assert.equal(await r.sql("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"), "00000003");
    });
});
