import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { PostgresCluster, PostgresClusterArgs } from "../../components";
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
        // The cnpg rules of the stack config (topologyRules.cnpg), worded with the arg fields.
        assert.throws(() => new PostgresCluster("db", { topology: "cnpg", instances: 2, backup: {}, cnpg: { synchronous: { number: 2 } } }),
            { message: "Invalid PostgresCluster db args: cnpg.synchronous.number must be at most instances - 1 (1) (got 2); "
                + "cnpg.objectStore.destinationPath must be an s3://bucket/prefix URL when backup is set (got ''); "
                + "cnpg.objectStore.credentialsSecret must be a Secret name when backup is set (got '')." });
        assert.throws(() => new PostgresCluster("db", { topology: "cnpg", image: "registry.local/postgres:stable", backup: {}, restore: { from: "20261122T030000123Z", targetTime: "2026-01-01T00:00:00Z" },
            cnpg: { objectStore: { destinationPath: "s3://bucket/pg", credentialsSecret: "s3" } } }),
            { message: "Invalid PostgresCluster db args: image must be an image whose tag starts with a PostgreSQL version of 13 or later when topology is 'cnpg' (tag 'stable' does not start with a version) (got 'registry.local/postgres:stable'); "
                + "restore.from must be 'latest' (Barman picks the newest base backup before restore.targetTime) or a Barman backup id such as '20261122T030000' when topology is 'cnpg' (got '20261122T030000123Z')." });
        assert.throws(() => new PostgresCluster("db", { topology: "cnpg", postgresqlParameters: { shared_preload_libraries: "pg_stat_statements" } }),
            /^Error: Invalid PostgresCluster db args: postgresqlParameters must be no parameter the CloudNativePG operator fixes itself when topology is 'cnpg' \(shared_preload_libraries given; all: allow_system_table_mods, .*\) \(got \{"shared_preload_libraries":"pg_stat_statements"\}\)\.$/);
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
        assert.throws(() => new PostgresCluster("db", { resources: { requests: { memory: "256Mi" }, limits: { memory: "1Gi" } }, postgresqlParameters: { shared_buffers: "1GB" } }),
            { message: "Invalid PostgresCluster db args: resources.limits.memory must be at least shared_buffers (1GB) plus wal_buffers (16Mi) plus 64Mi (1104Mi in all): PostgreSQL allocates them when it starts, and its processes need the rest (got '1Gi')." });
        assert.throws(() => new PostgresCluster("db", { instances: 2, pdbMaxUnavailable: 2 }),
            { message: "Invalid PostgresCluster db args: pdbMaxUnavailable must be at most instances - 1 (1): a drain could otherwise evict every member at once (got 2)." });
        assert.throws(() => new PostgresCluster("db", { users: { appUser: "replicator" } }),
            { message: "Invalid PostgresCluster db args: users.appUser must be a role other than users.replicationUser ('replicator'): the first init creates both (got 'replicator')." });
        assert.throws(() => new PostgresCluster("db", { topology: "repmgr", instances: 2, image: "r/repmgr:1", users: { appUser: "pgpool", appDatabase: "repmgr" } }),
            { message: "Invalid PostgresCluster db args: users.appUser must be a role other than 'pgpool' when topology is 'repmgr' (it creates that role itself) (got 'pgpool'); "
                + "users.appDatabase must be a database other than 'repmgr' when topology is 'repmgr' (it creates that database itself) (got 'repmgr')." });
        assert.throws(() => new PostgresCluster("db", { topology: "cnpg", users: { appUser: "streaming_replica" } }),
            { message: "Invalid PostgresCluster db args: users.appUser must be a role other than 'streaming_replica' when topology is 'cnpg' (it creates that role itself) (got 'streaming_replica')." });
        await settle(run);
        assert.deepStrictEqual(run.resources, []);
    });

    it("refuses each value the stack config refuses, by the same check (components/args/checks/), naming the arg field", async () => {
        const run = await startMocks("t", {});
        const refuses = (args: PostgresClusterArgs, ...problems: string[]) =>
            assert.throws(() => new PostgresCluster("db", args), { message: `Invalid PostgresCluster db args: ${problems.join("; ")}.` });
        const cron = "a five-field cron expression such as '0 3 * * *' (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, "
            + "day of week 0-6 or SUN-SAT; '*', '?', ranges, lists and '/' steps) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly";
        const role = "a PostgreSQL role name (lowercase, digits, '_') other than the superuser 'postgres', the reserved 'public', 'none' and 'pg_*', "
            + "and the keywords 'current_user', 'session_user', 'current_role' and 'all'";
        const pinned = "an image reference [registry[:port]/]path[:tag][@sha256:<64 hex>] (path in lowercase letters, digits and '.', '_', '-' separators) pinned by a tag other than 'latest' or by a sha256 digest";
        // ranges
        refuses({ instances: 0, replicaMaxLagMB: 0, repmgr: { connectTimeoutSeconds: 1, pgpool: { maxPool: 33 } } },
            "instances must be an integer from 1 to 15 (got 0)", "replicaMaxLagMB must be an integer from 1 to 102400 (MB of WAL) (got 0)",
            "repmgr.connectTimeoutSeconds must be an integer from 2 to 30 (got 1)", "repmgr.pgpool.maxPool must be an integer from 1 to 32 (got 33)");
        refuses({ terminationGracePeriodSeconds: 10, backup: { retain: 0, deadlineSeconds: 60 }, autoFailover: { checks: 0 } },
            "terminationGracePeriodSeconds must be an integer from 30 to 3600 (got 10)", "backup.retain must be an integer from 1 to 365 (got 0)",
            "backup.deadlineSeconds must be an integer from 600 to 604800 (got 60)", "autoFailover.checks must be an integer from 1 to 100 (got 0)");
        // names
        refuses({ clusterName: "Bad_Name", users: { appUser: "App-User" }, storage: { storageClassName: "Fast_SSD" }, postgresqlParameters: { "Work-Mem": "4MB" } },
            "clusterName must be a DNS-1123 label of at most 40 characters (got 'Bad_Name')",
            `users.appUser must be ${role} (got 'App-User')`,
            `postgresqlParameters must be a map of postgresql.conf parameter names (lowercase, '_' and '.') to strings, numbers or booleans (got {"Work-Mem":"4MB"})`,
            "storage.storageClassName must be a StorageClass name, or '' for the cluster default (got 'Fast_SSD')");
        refuses({ users: { replicationUser: "postgres", appUser: "pg_app", appDatabase: "template0" } },
            `users.replicationUser must be ${role} (got 'postgres')`, `users.appUser must be ${role} (got 'pg_app')`,
            "users.appDatabase must be a database name (lowercase, digits, '_') other than postgres, template0, template1 (the server's own) (got 'template0')");
        refuses({ backup: {}, restore: { from: "2026-11-22", targetTime: "2026-01-01T00:00:00Z" } },
            "restore.from must be '' (no restore), 'latest', or a backup id: '20261122T030000123Z' (the backup Job's), '20261122T030000' (Barman's, topology cnpg) (got '2026-11-22')");
        // quantities
        refuses({ resources: { limits: { memory: "1 gig" } }, storage: { size: "0Gi" } },
            "resources.limits.memory must be a Kubernetes quantity such as '512Mi' or '2Gi' (got '1 gig')",
            "storage.size must be a Kubernetes quantity above zero such as '10Gi' (got '0Gi')");
        // schedules
        refuses({ backup: { schedule: "daily", restoreDrillSchedule: "60 3 * * *" } },
            `backup.schedule must be ${cron} (got 'daily')`, `backup.restoreDrillSchedule must be '' (no drill) or ${cron} (got '60 3 * * *')`);
        refuses({ backup: { schedule: "@every 24h", restoreDrillSchedule: "TZ=UTC 0 3 * * *" } },
            `backup.schedule must be ${cron} (got '@every 24h')`, `backup.restoreDrillSchedule must be '' (no drill) or ${cron} (got 'TZ=UTC 0 3 * * *')`);
        // images
        refuses({ image: "postgres:latest", kubectlImage: "registry.k8s.io/kubectl" },
            `image must be ${pinned} (got 'postgres:latest')`, `kubectlImage must be ${pinned} (got 'registry.k8s.io/kubectl')`);
        refuses({ image: "Postgres:15", kubectlImage: "registry.k8s.io/kubectl:-1" },
            `image must be ${pinned} (got 'Postgres:15')`, `kubectlImage must be ${pinned} (got 'registry.k8s.io/kubectl:-1')`);
        // locations
        refuses({ network: { podCidrs: ["0.0.0.0/0"], allowedClients: ["app web"] }, storage: { mode: "hostPath", hostPath: { path: "data", node: "n" } } },
            `network.podCidrs must be a non-empty list of CIDRs, none of them 0.0.0.0/0 or ::/0 (got ["0.0.0.0/0"])`,
            `network.allowedClients must be a list of pod label selectors such as 'app=web,tier=api' (got ["app web"])`,
            "storage.hostPath.path must be an absolute path, required when storageMode is 'hostPath' (got 'data')");
        // the cnpg settings' values
        refuses({ topology: "cnpg", cnpg: { walStorageSize: "5 GB", poolers: { instances: 0 }, backupSchedule: "0 3 * * *",
            objectStore: { destinationPath: "http://bucket", credentialsSecret: "s3", retentionPolicy: "30" } } },
            "cnpg.poolers.instances must be an integer from 1 to 10 (got 0)",
            "cnpg.walStorageSize must be a Kubernetes quantity such as '5Gi', or '' to keep WAL on the data volume (got '5 GB')",
            "cnpg.backupSchedule must be a six-field cron expression, seconds first, such as '0 0 3 * * *' (got '0 3 * * *')",
            "cnpg.objectStore.retentionPolicy must be a number of days, weeks or months such as '30d', '4w' or '3m' (got '30')",
            "cnpg.objectStore.destinationPath must be an s3://bucket/prefix URL, required with backupEnabled (got 'http://bucket')");
        // postgresqlParameters against PostgreSQL's catalogue (specs/postgresql-parameters/)
        refuses({ postgresqlParameters: { shared_buffer: "1GB", work_mem: "4 KB" } },
            "postgresqlParameters.shared_buffer must be a PostgreSQL 15 parameter (did you mean 'shared_buffers'?) (got '1GB')",
            "postgresqlParameters.work_mem must be an integer from 64 to 2147483647 in units of kB, or with a unit (B, kB, MB, GB, TB) such as '128MB' (PostgreSQL 15's work_mem) (got '4 KB')");
        await settle(run);
        assert.deepStrictEqual(run.resources, []);
    });

    it("accepts what Kubernetes and PostgreSQL accept: cron macros and names, full image references, a memory limit with room for shared memory", async () => {
        const run = await startMocks("t", {});
        new PostgresCluster("small", { resources: { requests: { memory: "196Mi" }, limits: { memory: "196Mi" } } });
        new PostgresCluster("big", { resources: { limits: { memory: "1104Mi" } }, postgresqlParameters: { shared_buffers: "1GB" } });
        const image = `registry.example.com:5000/team/postgres:15.19-bookworm@sha256:${"0".repeat(64)}`;
        new PostgresCluster("db", { image, kubectlImage: "localhost:5000/k8s/kubectl__x:v1.36.4", users: { appUser: "pgpool", replicationUser: "pgrepl", appDatabase: "repmgr" }, backup: { schedule: "@daily", restoreDrillSchedule: "30 5 * * sat" } });
        await settle(run);
        const images = run.resources.filter(r => r.type === "kubernetes:apps/v1:StatefulSet").map(r => r.inputs.spec.template.spec.containers[0].image);
        assert.ok(images.includes(image), images.join(", "));
        const schedules = run.resources.filter(r => r.type === "kubernetes:batch/v1:CronJob").map(r => r.inputs.spec.schedule).sort();
        assert.deepStrictEqual(schedules, ["30 5 * * sat", "@daily"]);
    });

    it("leaves a value that is an Output to the deployment: it is not known before", async () => {
        const run = await startMocks("t", {});
        new PostgresCluster("db", { resources: { limits: { cpu: pulumi.output("two") } }, backup: { schedule: pulumi.output("daily") } });
        await settle(run);
        const cron = run.resources.find(r => r.type === "kubernetes:batch/v1:CronJob")!;
        assert.strictEqual(cron.inputs.spec.schedule, "daily");
    });
});
