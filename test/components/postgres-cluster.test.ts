import * as assert from "assert";
import { PostgresCluster } from "../../components";
import { resolveClusterArgs } from "../../components/args";
import { clusterArgs, loadStackConfig } from "../../config";
import { outputValue, settle, startMocks } from "../helpers/mocks";

describe("PostgresCluster from another Pulumi program", () => {
    it("omitted args take the defaults: the stack config key table's defaults, the component's name as cluster name", () => {
        const fromKeyTable = resolveClusterArgs("pg", clusterArgs(loadStackConfig({})));
        assert.deepStrictEqual(fromKeyTable, resolveClusterArgs("pg", {}));
    });

    it("builds a one-instance streaming cluster from no args and exposes the common outputs", async () => {
        const run = await startMocks("t", {});
        const cluster = new PostgresCluster("db", {});
        const [rw, ro, port, restore, user] = await Promise.all([
            outputValue(cluster.readWriteHost), outputValue(cluster.readOnlyHost), outputValue(cluster.port),
            outputValue(cluster.restoreHost), outputValue(cluster.appUser),
        ]);
        await settle(run);
        assert.deepStrictEqual([rw, ro, port, restore, user], ["db-rw.postgres.svc", "db-ro.postgres.svc", 5432, "", "app"]);
        const sts = run.resources.find(r => r.type === "kubernetes:apps/v1:StatefulSet")!;
        assert.deepStrictEqual([sts.inputs.metadata.name, sts.inputs.metadata.namespace, sts.inputs.spec.replicas], ["db", "postgres", 1]);
        assert.strictEqual(sts.inputs.spec.template.spec.containers[0].image, "docker.io/library/postgres:15.19-bookworm");
        assert.ok(!run.resources.some(r => r.type === "kubernetes:batch/v1:CronJob"), "no backup unless asked");
    });

    it("takes structured args: resources, storage, network, backup", async () => {
        const run = await startMocks("t", {});
        new PostgresCluster("db", {
            namespace: "data", instances: 3, resources: { limits: { memory: "3Gi" } },
            storage: { size: "20Gi", storageClassName: "fast" }, network: { serviceType: "NodePort" },
            backup: { schedule: "15 2 * * *", storageSize: "80Gi" },
        });
        await settle(run);
        const sts = run.resources.find(r => r.type === "kubernetes:apps/v1:StatefulSet")!.inputs.spec;
        assert.deepStrictEqual(sts.template.spec.containers[0].resources,
            { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "3Gi" } });
        assert.deepStrictEqual(sts.volumeClaimTemplates[0].spec.resources.requests, { storage: "20Gi" });
        assert.strictEqual(sts.volumeClaimTemplates[0].spec.storageClassName, "fast");
        const rw = run.resources.find(r => r.type === "kubernetes:core/v1:Service" && r.inputs.metadata.name === "db-rw")!;
        assert.strictEqual(rw.inputs.spec.type, "NodePort");
        const cron = run.resources.find(r => r.type === "kubernetes:batch/v1:CronJob")!;
        assert.strictEqual(cron.inputs.spec.schedule, "15 2 * * *");
        const pvc = run.resources.find(r => r.type === "kubernetes:core/v1:PersistentVolumeClaim")!;
        assert.deepStrictEqual([pvc.inputs.spec.accessModes, pvc.inputs.spec.resources.requests.storage], [["ReadWriteMany"], "80Gi"]);
    });

    it("the backup and restore-drill Jobs have their own resources, not the database's", async () => {
        const run = await startMocks("t", {});
        const database = { requests: { cpu: "4", memory: "16Gi" }, limits: { cpu: "8", memory: "32Gi" } };
        new PostgresCluster("db", {
            instances: 2, resources: database,
            backup: { restoreDrillSchedule: "30 5 * * 0", resources: { limits: { memory: "2Gi" } } },
        });
        await settle(run);
        const sts = run.resources.find(r => r.type === "kubernetes:apps/v1:StatefulSet")!.inputs.spec;
        assert.deepStrictEqual(sts.template.spec.containers[0].resources, database);
        const jobs = run.resources.filter(r => r.type === "kubernetes:batch/v1:CronJob");
        assert.deepStrictEqual(jobs.map(j => j.inputs.metadata.name).sort(), ["db-backup", "db-restore-drill"]);
        for (const job of jobs) {
            assert.deepStrictEqual(job.inputs.spec.jobTemplate.spec.template.spec.containers[0].resources,
                { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "2Gi" } }, job.inputs.metadata.name);
        }
    });

    it("stack config backupCpuRequest ... backupMemoryLimit reach the backup settings", () => {
        const c = loadStackConfig({ backupEnabled: "true", backupCpuRequest: "200m", backupMemoryRequest: "300Mi", backupCpuLimit: "2", backupMemoryLimit: "3Gi" });
        assert.deepStrictEqual(resolveClusterArgs("pg", clusterArgs(c)).backup?.resources,
            { requests: { cpu: "200m", memory: "300Mi" }, limits: { cpu: "2", memory: "3Gi" } });
    });

    it("refuses args that do not fit together before registering anything, naming the fields", async () => {
        const run = await startMocks("t", {});
        assert.throws(() => new PostgresCluster("db", { topology: "standalone", instances: 3, restore: { from: "latest", targetTime: "2026-01-01T00:00:00Z" } }),
            { message: "Invalid PostgresCluster db args: instances must be 1 when topology is 'standalone' (got 3); restore.from must be '' unless backup is set (a restore reads the backup volume) (got 'latest')." });
        assert.throws(() => new PostgresCluster("db", { topology: "patroni" as any }),
            { message: "Invalid PostgresCluster db args: topology 'patroni' is not one of 'standalone', 'streaming', 'repmgr', 'cnpg'." });
        assert.throws(() => new PostgresCluster("db", { topology: "cnpg", instances: 2, backup: {}, cnpg: { synchronous: { number: 2 }, backupSchedule: "0 3 * * *" } }),
            { message: "Invalid PostgresCluster db args: cnpg.synchronous.number must be from 1 to instances - 1 (got 2); "
                + "cnpg.objectStore is required with backup when topology is 'cnpg'; "
                + "cnpg.backupSchedule '0 3 * * *': 5 fields, but six are needed (second minute hour day-of-month month day-of-week)." });
        assert.throws(() => new PostgresCluster("db", { storage: { mode: "nfs" } }),
            { message: "Invalid PostgresCluster db args: storage.nfs.server must be a host name or address when storage.mode is 'nfs' (got ''); "
                + "storage.nfs.path must be an absolute export path when storage.mode is 'nfs' (got '')." });
        // The rules the stack config applies, worded with the arg fields (components/args/validation.ts).
        assert.throws(() => new PostgresCluster("db", { resources: { requests: { memory: "2Gi" }, limits: { memory: "1Gi" } } }),
            { message: "Invalid PostgresCluster db args: resources.requests.memory must be at most resources.limits.memory (1Gi) (got '2Gi')." });
        assert.throws(() => new PostgresCluster("db", { instances: 2, antiAffinity: { mode: "required" }, storage: { mode: "hostPath", hostPath: { path: "/d", node: "n" } } }),
            { message: "Invalid PostgresCluster db args: antiAffinity.mode must be 'preferred' when storage.mode is 'hostPath' with more than one instance (all hostPath volumes sit on one node) (got 'required')." });
        assert.throws(() => new PostgresCluster("db", { backup: {}, restore: { from: "20261122T030000", targetTime: "2026-01-01T00:00:00Z" } }),
            { message: "Invalid PostgresCluster db args: restore.from must be 'latest' or a backup id of the backup Job such as '20261122T030000123Z' when topology is 'streaming' (got '20261122T030000')." });
        assert.throws(() => new PostgresCluster("db", { backup: {}, restore: { from: "latest", targetTime: "yesterday" } }),
            { message: "Invalid PostgresCluster db args: restore.targetTime must be an RFC 3339 time such as '2026-11-22T10:00:00Z' (got 'yesterday')." });
        assert.throws(() => new PostgresCluster("db", { topology: "repmgr", instances: 2, image: "r/repmgr:1", backup: { restoreDrillSchedule: "0 4 * * *" }, repmgr: { pgpool: { numInitChildren: 100 } } }),
            { message: "Invalid PostgresCluster db args: backup.restoreDrillSchedule must be '' when topology is 'repmgr' (the restore drill is built for the streaming topology only) (got '0 4 * * *'); "
                + "repmgr.pgpool.numInitChildren must be at most 45 with repmgr.pgpool.replicas 2 and repmgr.pgpool.maxPool 2: pgpool may open replicas × children × max_pool = 400 connections per backend, and max_connections 200 keeps 20 for repmgr, replication and backups (got 100)." });
        await settle(run);
        assert.deepStrictEqual(run.resources, []);
    });
});
