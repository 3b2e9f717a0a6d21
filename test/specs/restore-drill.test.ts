import { strict as assert } from "assert";
import { clusterEnvOptions } from "../../specs/self-managed/pod-env";
import { restoreDrillCronJobSpec } from "../../specs/self-managed/restore-drill";

describe("restore-drill CronJob spec", () => {
    const base = {
        cluster: "pg", image: "docker.io/library/postgres:15.19-bookworm",
        resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } },
        env: clusterEnvOptions({ cluster: "pg", namespace: "db", instances: 3, port: 5432, archive: true,
            users: { superuser: "postgres", replicationUser: "replicator", appUser: "app", appDatabase: "app" } }),
        configMap: "pg-config", scriptsConfigMap: "pg-scripts", backupClaim: "pg-backup",
        secrets: { superuser: "pg-superuser", replication: "pg-replication", app: "pg-app" },
        schedule: "30 5 * * *", storage: { storageClassName: "fast", size: "50Gi" },
    };
    const spec = restoreDrillCronJobSpec(base);
    const pod = spec.jobTemplate.spec.template.spec;
    const c = pod.containers[0];

    it("never retries, never overlaps, keeps its last results", () => {
        assert.equal(spec.concurrencyPolicy, "Forbid");
        assert.equal(spec.jobTemplate.spec.backoffLimit, 0);
        assert.equal(spec.jobTemplate.spec.activeDeadlineSeconds, 6 * 3600 + 600);
        assert.equal(spec.successfulJobsHistoryLimit, 3);
        assert.equal(spec.failedJobsHistoryLimit, 3);
        assert.equal(spec.jobTemplate.metadata.labels["app.kubernetes.io/component"], "restore-drill");
    });

    it("runs restore-drill.sh, reports through the termination message", () => {
        assert.deepEqual(c.command, ["bash", "/opt/postgres-k8s/scripts/restore-drill.sh"]);
        assert.equal(c.terminationMessagePath, "/dev/termination-log");
        assert.deepEqual(c.env.find(e => e.name === "PG_DRILL_RESULT_FILE"), { name: "PG_DRILL_RESULT_FILE", value: "/dev/termination-log" });
    });

    it("reads the backup volume read-only, has no Secrets and no token, restores into its own ephemeral claim", () => {
        const backupMounts = c.volumeMounts.filter(m => m.name === "backup");
        assert.deepEqual(backupMounts.map(m => [m.subPath, m.readOnly]), [["wal", true], ["base", true]]);
        assert.ok(!pod.volumes.some(v => v.name === "secrets") && !c.volumeMounts.some(m => m.name === "secrets"));
        assert.equal(pod.automountServiceAccountToken, false);
        const data = pod.volumes.find(v => v.name === "data") as any;
        assert.deepEqual(data.ephemeral.volumeClaimTemplate.spec,
            { accessModes: ["ReadWriteOnce"], storageClassName: "fast", resources: { requests: { storage: "50Gi" } } });
        assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    });

    it("uses an emptyDir when the storage mode has only pre-bound volumes", () => {
        const data = restoreDrillCronJobSpec({ ...base, scratchOnNode: true }).jobTemplate.spec.template.spec.volumes.find(v => v.name === "data");
        assert.deepEqual(data, { name: "data", emptyDir: { sizeLimit: "50Gi" } });
    });
});
