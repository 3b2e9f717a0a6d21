import { strict as assert } from "assert";
import { backupIdFromLog } from "../../cli/backup";
import { describeJob, manualJobName } from "../../cli/jobs";
import { drillResultOf } from "../../cli/restore-drill";
import { lsnValue, parseInstanceState, parseNewestBackup } from "../../cli/sql";
import { targetFromStackOutputs } from "../../cli/target";

describe("cli: parsing and naming", () => {
    it("namespace and cluster from a stack's outputs", () => {
        assert.deepEqual(targetFromStackOutputs({ namespace: "postgres-prod", readWriteHost: "orders-rw.postgres-prod.svc" }), { namespace: "postgres-prod", cluster: "orders" });
        assert.throws(() => targetFromStackOutputs({ namespace: "x" }), /no namespace and readWriteHost/);
        assert.throws(() => targetFromStackOutputs({ namespace: "x", readWriteHost: "db.x.svc" }), /does not name a '<cluster>-rw' Service/);
    });

    it("manual job names stay within 63 characters", () => {
        const now = new Date("2026-11-22T10:11:12.345Z");
        assert.equal(manualJobName("pg-backup", now), "pg-backup-manual-20261122101112");
        assert.equal(manualJobName("x".repeat(60), now).length, 63);
    });

    it("the backup id is base-backup.sh's last line", () => {
        assert.equal(backupIdFromLog("2026-11-22T10:00:00Z base-backup.sh: backup ...\n20261122T100000123Z\n2026-11-22T10:00:09Z prune-backups.sh: kept 3\n"), "20261122T100000123Z");
        assert.equal(backupIdFromLog("no id here"), undefined);
    });

    it("a drill result comes from the termination message; a Job that died without one is a failure", () => {
        const message = '{"kind":"restore-drill","time":"2026-11-22T05:30:00Z","backup":"b1","durationSeconds":7,"result":"pass","expectedWal":"A","reachedWal":"B","tablesChecked":3,"indexesChecked":4,"reasons":[]}\n';
        assert.deepEqual(drillResultOf({ name: "j", created: "t", state: "succeeded", pods: [{ name: "p", phase: "Succeeded", terminationMessage: message }] }),
            { ...JSON.parse(message), job: "j" });
        assert.deepEqual(drillResultOf({ name: "j2", created: "2026-11-22T05:30:00Z", state: "failed", failureReason: "DeadlineExceeded", pods: [] })?.reasons,
            ["job j2 failed without a drill result (DeadlineExceeded)"]);
        assert.equal(drillResultOf({ name: "j3", created: "t", state: "active", pods: [] }), undefined);
    });

    it("describes a Job's progress", () => {
        assert.equal(describeJob({ name: "j", created: "t", state: "active", pods: [] }), "job j: active; no pod yet");
        assert.equal(describeJob({ name: "j", created: "t", state: "failed", failureReason: "BackoffLimitExceeded", pods: [{ name: "p", phase: "Failed", exitCode: 1 }] }),
            "job j: failed (BackoffLimitExceeded); pods: p Failed (exit 1)");
    });

    it("instance state and backup listings parse, or fail loudly", () => {
        assert.throws(() => parseInstanceState("psql: error: connection refused"), /Unexpected token|unexpected/);
        assert.throws(() => parseInstanceState('{"x":1}'), /unexpected instance state/);
        assert.deepEqual(parseNewestBackup("count=2\nid=20261122T030000000Z\nsource=pg-1\nend_time=2026-11-22T03:01:00Z\nstart_wal=000000010000000000000004\n"),
            { count: 2, id: "20261122T030000000Z", source: "pg-1", endTime: "2026-11-22T03:01:00Z", startWal: "000000010000000000000004" });
        assert.deepEqual(parseNewestBackup("count=0\n"), { count: 0, id: undefined, source: undefined, endTime: undefined, startWal: undefined });
        assert.ok(lsnValue("1/0") > lsnValue("0/FFFFFFFF"));
    });
});
