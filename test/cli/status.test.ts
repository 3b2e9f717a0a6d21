import { strict as assert } from "assert";
import { assessCluster, ClusterStatus, formatAge, renderStatus } from "../../cli/status";
import { healthy, lost, primary, replica } from "./fixtures";

const status = (over: Partial<ClusterStatus> = {}): ClusterStatus => ({
    cluster: "pg", namespace: "db", instances: healthy(),
    backup: { count: 3, id: "20261122T030000000Z", source: "pg-1", endTime: "2026-11-22T03:01:00Z", ageSeconds: 3600 }, ...over,
});

describe("cli: status assessment and rendering", () => {
    it("a healthy cluster has no problem", () => {
        assert.deepEqual(assessCluster(status()), { healthy: true, problems: [], warnings: [] });
    });

    const cases: [string, Partial<ClusterStatus>, string][] = [
        ["no primary", { instances: [lost("pg-0"), replica("pg-1", "0/1")] }, "no instance answers as primary"],
        ["two primaries", { instances: [primary("pg-0"), primary("pg-1")] }, "more than one primary answers: pg-0, pg-1 (split brain: see docs/failover.md)"],
        ["a replica not streaming", { instances: [primary(), { ...replica("pg-1", "0/1"), state: { ...replica("pg-1", "0/1").state!, walReceiver: null } }, replica("pg-2", "0/1")] },
            "pg-1 is a replica that is not streaming (no WAL receiver)"],
        ["failing archiving", { instances: [primary("pg-0", { archiver: { archivedCount: 10, lastArchivedWal: "A", lastArchivedTime: "2026-11-22T10:00:00Z", failedCount: 4, lastFailedWal: "000000010000000000000010", lastFailedTime: "2026-11-22T11:00:00Z" } }), replica("pg-1", "0/1"), replica("pg-2", "0/1")] },
            "WAL archiving is failing: 000000010000000000000010 failed at 2026-11-22T11:00:00Z (4 failures); see the primary's log"],
        ["synchronous replication without a synchronous replica", { instances: [primary("pg-0", { synchronousStandbyNames: "ANY 1 (*)" }), replica("pg-1", "0/1"), replica("pg-2", "0/1")] },
            "synchronous_standby_names is 'ANY 1 (*)' but no replica is synchronous: commits wait"],
        ["an old backup", { backup: { count: 1, id: "20261118T030000000Z", ageSeconds: 4 * 86400 } }, "the newest base backup 20261118T030000000Z is 4d old"],
        ["no backup", { backup: { count: 0 } }, "backups are on but there is no complete base backup"],
        ["a failed drill", { drill: { time: "2026-11-22T05:30:00Z", backup: "b", durationSeconds: 9, result: "fail", reasons: ["WAL missing"] } }, "the last restore drill failed (2026-11-22T05:30:00Z): WAL missing"],
    ];
    for (const [what, over, problem] of cases) {
        it(`unhealthy: ${what}`, () => {
            const a = assessCluster(status(over));
            assert.equal(a.healthy, false);
            assert.ok(a.problems.includes(problem), a.problems.join("\n"));
        });
    }

    it("a stale role label is a warning, not a problem", () => {
        const i = healthy();
        i[1].pod.roleLabel = "primary";
        const a = assessCluster(status({ instances: i }));
        assert.equal(a.healthy, true);
        assert.deepEqual(a.warnings, ["pg-1 is labelled 'primary' but is a replica (the labeller relabels it within seconds)"]);
    });

    it("renders one table and the archive, backup and drill lines", () => {
        const s = status({ drill: { time: "2026-11-22T05:30:00Z", backup: "20261122T030000000Z", durationSeconds: 41, result: "pass", reasons: [] } });
        assert.equal(renderStatus(s, assessCluster(s)), [
            "cluster pg (namespace db): healthy",
            "POD   NODE       READY  ROLE     TL  REPLICATION  LAG BYTES  LAG S  SYNC   RESTARTS",
            "pg-0  node-pg-0  yes    primary  1   -            -          -      -      0",
            "pg-1  node-pg-1  yes    replica  1   streaming    0          0.0    async  0",
            "pg-2  node-pg-2  yes    replica  1   streaming    256        0.2    async  0",
            "WAL archive: last 000000010000000000000009 at 2026-11-22T11:00:00Z; 10 archived, 0 failed",
            "base backup: 20261122T030000000Z from pg-1, 60m old (3 kept)",
            "restore drill: pass at 2026-11-22T05:30:00Z, backup 20261122T030000000Z, 41s",
        ].join("\n"));
    });

    it("formats ages", () => {
        assert.deepEqual([59, 3599, 7300, 200000].map(formatAge), ["59s", "60m", "2h02m", "2d"]);
    });
});
