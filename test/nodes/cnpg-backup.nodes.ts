/**
 * The cnpg topology's backups and point-in-time recovery on real nodes: the real CloudNativePG
 * 1.30.0 operator (test/cnpg/operator.ts, in node-1's network namespace, resolving Service names
 * through the cluster DNS), the Barman Cloud plugin v0.14.0 installed from its own release manifest
 * (test/cnpg/plugin.ts: Deployment, Service `barman-cloud`, RBAC, TLS Secrets made with openssl)
 * with its images built from the one binary (images/barman-cloud-plugin.sh, and
 * images/barman-cloud-sidecar.sh: the binary beside Debian forky's barman-cli-cloud 3.20.1), and a
 * real S3 server, versitygw v1.8.0 (test/cnpg/s3.ts), on the node network's gateway address. The
 * dev stack switched to cnpg with `backupEnabled` and an ObjectStore on that server (a fresh
 * prefix per run: the plugin refuses to archive into a non-empty WAL archive) is applied as
 * `pulumi up` would; then:
 * 1. the instance pods carry the plugin's native sidecar and WAL reaches the store through it;
 * 2. the ScheduledBackup's immediate Backup (method plugin) completes, and its files are in the store;
 *    an on-demand Backup after more rows is taken from the standby (`target: prefer-standby`);
 * 3. rows A are committed, T taken, rows B committed; with `restoreFrom: latest` and
 *    `restoreTargetTime: T` the program's recovery Cluster `pg-restore` comes up with the rows of
 *    the base backup and A, and none of B; the live Cluster is untouched.
 */
import * as assert from "assert";
import { mustKubectl } from "../helpers/kube";
import { eventually } from "../helpers/realStack";
import { pluginName } from "../cnpg/plugin";
import { CnpgStack, healthy, imageName, PluginNodes } from "../cnpg/real-cluster";
import { cnpgStackOverrides } from "../cnpg/stacks";

const sidecarName = "plugin-barman-cloud";

describe("real nodes: cnpg backups and PITR through the Barman Cloud plugin v0.14.0 and a real S3 server", function () {
    this.timeout(60 * 60_000);
    const nodes = new PluginNodes("backup", 2, false);
    let stack: CnpgStack;
    let backupId = "";
    let target = "";

    before(async () => {
        await nodes.start();
        stack = new CnpgStack("dev", "postgres-dev", 2, cnpgStackOverrides("dev", {
            installOperator: false,
            poolers: "none",
            backupEnabled: true,
            ...nodes.backupConfig(),
        }));
    });
    after(() => nodes.stop());
    afterEach(function () {
        if (this.currentTest?.state === "failed") nodes.printFailure();
    });

    it("the Cluster archives WAL through the plugin's sidecar into the S3 server", async () => {
        nodes.createCredentials(stack.namespace);
        const t0 = Date.now();
        await stack.apply();
        const cluster = await stack.waitHealthy(900);
        console.log(`      cnpg dev Cluster with the plugin healthy ${((Date.now() - t0) / 1000).toFixed(1)} s after apply`);
        assert.deepStrictEqual(cluster.spec.plugins.map((p: any) => [p.name, p.isWALArchiver, p.parameters.barmanObjectName]),
            [[pluginName, true, "pg-backup"]]);
        const sidecarImage = imageName("barman-cloud-sidecar");
        for (const p of stack.clusterPods("pg")) {
            const sidecar = (p.spec.initContainers ?? []).find((c: any) => c.name === sidecarName);
            assert.ok(sidecar, `${p.metadata.name} has the ${sidecarName} sidecar`);
            assert.strictEqual(sidecar.image, sidecarImage);
            assert.strictEqual(sidecar.restartPolicy, "Always", "a native sidecar");
            assert.strictEqual(sidecar.args[0], "instance");
            const status = (p.status.initContainerStatuses ?? []).find((c: any) => c.name === sidecarName);
            assert.ok(status?.ready, `${p.metadata.name}: ${sidecarName} ready`);
        }
        const primary = cluster.status.currentPrimary;
        // A segment switch with something in it, so there is a WAL file to archive now.
        stack.sql(primary, "CREATE TABLE pitr(tag text NOT NULL, n int NOT NULL)");
        stack.sql(primary, "INSERT INTO pitr SELECT 'base', g FROM generate_series(1, 100) g");
        const segment = stack.sql(primary, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        stack.sql(primary, "SELECT pg_switch_wal()");
        const archived = await eventually(`${segment} archived (pg_stat_archiver)`, () => {
            const [last, failed] = stack.sql(primary, "SELECT coalesce(last_archived_wal, ''), failed_count FROM pg_stat_archiver").split("|");
            return last >= segment ? { last, failed } : undefined;
        }, 300);
        const wals = nodes.s3!.objects(nodes.bucket, `${nodes.prefix}/pg/wals`);
        console.log(`      archived up to ${archived.last} (failed attempts ${archived.failed}); ${wals.length} objects under ${nodes.prefix}/pg/wals: ${wals.slice(0, 4).join(", ")}${wals.length > 4 ? ", ..." : ""}`);
        assert.ok(wals.some(k => k.endsWith(`/${segment}.gz`)), `${segment}.gz in the store: ${wals.join(", ")}`);
        const condition = await eventually("ContinuousArchiving condition", () =>
            stack.cluster("pg").status?.conditions?.find((c: any) => c.type === "ContinuousArchiving"), 120);
        assert.strictEqual(condition.status, "True", JSON.stringify(condition));
    });

    it("the ScheduledBackup's immediate Backup (method plugin) completes, and the base backup is in the store", async () => {
        const scheduled = await eventually("a Backup made by the ScheduledBackup pg-backup", () =>
            stack.backups().find(b => b.metadata.labels?.["cnpg.io/scheduled-backup"] === "pg-backup"), 300);
        await nodes.finishedBackup(stack, scheduled.metadata.name);
    });

    it("an on-demand Backup (method plugin, prefer-standby) after rows are written is taken from the standby", async () => {
        const cluster = stack.cluster("pg");
        const primary = cluster.status.currentPrimary;
        stack.sql(primary, "INSERT INTO pitr SELECT 'backup', g FROM generate_series(1, 50) g");
        mustKubectl(["apply", "-f", "-"], { input: JSON.stringify({
            apiVersion: "postgresql.cnpg.io/v1", kind: "Backup",
            metadata: { name: "pg-on-demand", namespace: stack.namespace },
            spec: { cluster: { name: "pg" }, method: "plugin", pluginConfiguration: { name: pluginName }, target: "prefer-standby" },
        }) });
        const s = await nodes.finishedBackup(stack, "pg-on-demand");
        const standby = stack.clusterPods("pg").map(p => p.metadata.name).find(n => n !== primary);
        assert.strictEqual(s.instanceID?.podName, standby, "taken from the standby");
        backupId = s.backupId;
    });

    it("a recovery Cluster from restoreTargetTime has exactly the rows committed before the target", async () => {
        assert.ok(backupId, "a completed backup (previous test)");
        const primary = stack.cluster("pg").status.currentPrimary;
        stack.sql(primary, "INSERT INTO pitr SELECT 'A', g FROM generate_series(1, 10) g");
        // T: a whole second of the primary's clock after A's commit; B commits at least a second after T.
        stack.sql(primary, "SELECT pg_sleep(1.2)");
        target = stack.sql(primary, `SELECT to_char(date_trunc('second', now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
        stack.sql(primary, "SELECT pg_sleep(1.2)");
        stack.sql(primary, "INSERT INTO pitr SELECT 'B', g FROM generate_series(1, 10) g");
        const segment = stack.sql(primary, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        stack.sql(primary, "SELECT pg_switch_wal()");
        await eventually(`${segment} (B's commit) archived`, () =>
            (stack.sql(primary, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver") >= segment ? true : undefined), 300);
        assert.ok(nodes.s3!.objects(nodes.bucket, `${nodes.prefix}/pg/wals`).some(k => k.endsWith(`/${segment}.gz`)));
        const liveCounts = stack.pitrCounts(primary);
        assert.strictEqual(liveCounts, "A=10 B=10 backup=50 base=100");

        const t0 = Date.now();
        await stack.apply({ restoreFrom: "latest", restoreTargetTime: target });
        const recovery = stack.object("Cluster", "pg-restore") as any;
        assert.strictEqual(recovery.spec.bootstrap.recovery.recoveryTarget.targetTime, target);
        const { job, log: recoveryLog } = await stack.recoveryJob("pg-restore");
        const restoreSidecar = (job.spec.template.spec.initContainers ?? []).find((c: any) => c.name === sidecarName);
        assert.ok(restoreSidecar, "the recovery Job has the plugin's sidecar");
        assert.strictEqual(restoreSidecar.args[0], "restore");
        const restored = await stack.waitHealthy(1200, "pg-restore");
        const seconds = (Date.now() - t0) / 1000;
        const restoredPrimary = restored.status.currentPrimary;
        const counts = stack.pitrCounts(restoredPrimary);
        console.log(`      pg-restore (restoreFrom latest, target ${target}; newest backup before it: ${backupId}) healthy ${seconds.toFixed(1)} s after apply; rows there: ${counts} (live: ${liveCounts})`);
        assert.strictEqual(counts, "A=10 backup=50 base=100", "the rows of the base backup and A, none of B");
        assert.strictEqual(stack.sql(restoredPrimary, "SELECT pg_is_in_recovery()"), "f", "promoted at the target");
        assert.strictEqual(stack.sql(restoredPrimary, "SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"), "00000002", "writing a new timeline after the target");
        const stop = recoveryLog.split("\n").find(l => l.includes("recovery stopping before"));
        console.log(`      recovery Job log: ${stop ? stop.slice(0, 500) : `no 'recovery stopping before' line in the ${recoveryLog.length} characters read`}`);
        // The live cluster is untouched.
        const live = stack.cluster("pg");
        assert.strictEqual(live.status.phase, healthy);
        assert.strictEqual(stack.sql(live.status.currentPrimary, "SELECT count(*) FROM pitr"), "170");
    });
});
