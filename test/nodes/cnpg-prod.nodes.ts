/**
 * The prod stack under cnpg on three real nodes: what dev does not have. Three instances, one per
 * node (`podAntiAffinityType: required`), each with a separate WAL volume, quorum synchronous
 * replication (one standby of two confirms each commit), rw and ro PgBouncer Poolers, WAL archiving
 * and base backups through the Barman Cloud plugin v0.14.0 into a real S3 server (versitygw) that
 * speaks HTTPS with a private CA (`backupEndpointCASecret`), the failover of a deleted primary with
 * the prod grace period, a switchover, and a point-in-time recovery from a named backup (`restoreFrom: <Barman
 * backup id>`) to a target after that failover. Same operator, plugin and images as
 * cnpg-backup.nodes.ts.
 *
 * Departure from Pulumi.prod.yaml, as in stacks.nodes.ts: `cpuRequest` 500m, since the nodes have
 * the machine's 2 cores each and the recovery Cluster puts a second instance on every node.
 */
import * as assert from "assert";
import { getJson, kubectl, mustKubectl } from "../helpers/kube";
import { eventually } from "../helpers/realStack";
import { formatErrors, longestGap, runClient, Writer } from "../helpers/writerPod";
import { pluginName } from "../cnpg/plugin";
import { CnpgStack, deletePrimary, healthy, PluginNodes } from "../cnpg/real-cluster";
import { cnpgStackOverrides } from "../cnpg/stacks";

const caSecret = "pg-s3-ca";

describe("real nodes: the prod stack under cnpg (3 instances, synchronous replication, WAL volumes, rw and ro Poolers, backups over TLS, failover, PITR from a named backup)", function () {
    this.timeout(60 * 60_000);
    const nodes = new PluginNodes("prod", 3, true);
    let stack: CnpgStack;
    let backupId = "";

    before(async () => {
        await nodes.start();
        stack = new CnpgStack("prod", "postgres-prod", 3, cnpgStackOverrides("prod", {
            installOperator: false,
            storageClassName: "local-storage",
            cpuRequest: "500m",
            ...nodes.backupConfig(),
            backupEndpointCASecret: caSecret,
        }));
    });
    after(() => nodes.stop());
    afterEach(function () {
        if (this.currentTest?.state === "failed") nodes.printFailure();
    });

    it("three instances, one per node, each with a WAL volume, in quorum synchronous replication, archiving over HTTPS to the private-CA store", async () => {
        // What the user creates beside the stack (docs/cnpg.md): the store's credentials and CA.
        nodes.createCredentials(stack.namespace);
        mustKubectl(["-n", stack.namespace, "create", "secret", "generic", caSecret, `--from-literal=ca.crt=${nodes.s3!.caCertificate}`]);
        const t0 = Date.now();
        await stack.apply();
        const cluster = await stack.waitHealthy(900);
        console.log(`      cnpg prod Cluster healthy ${((Date.now() - t0) / 1000).toFixed(1)} s after apply (3 instances, WAL volumes, plugin, real nodes)`);
        assert.strictEqual(cluster.spec.affinity.podAntiAffinityType, "required");
        assert.deepStrictEqual(cluster.spec.postgresql.synchronous, { method: "any", number: 1, dataDurability: "required", failoverQuorum: true });
        const store = stack.object("ObjectStore", "pg-backup") as any;
        assert.deepStrictEqual(store.spec.configuration.endpointCA, { name: caSecret, key: "ca.crt" });
        assert.match(store.spec.configuration.endpointURL, /^https:\/\//);

        const pods = stack.pods();
        assert.deepStrictEqual(pods.map(p => p.metadata.name), ["pg-1", "pg-2", "pg-3"]);
        assert.strictEqual(new Set(pods.map(p => p.spec.nodeName)).size, 3, `one instance per node: ${pods.map(p => p.spec.nodeName).join(", ")}`);
        for (const p of pods) {
            const name = p.metadata.name;
            for (const claim of [name, `${name}-wal`]) {
                assert.strictEqual(getJson(["-n", stack.namespace, "get", "pvc", claim]).status.phase, "Bound", `claim ${claim}`);
            }
            const wal = stack.exec(name, ["readlink", "/var/lib/postgresql/data/pgdata/pg_wal"]).trim();
            assert.strictEqual(wal, "/var/lib/postgresql/wal/pg_wal", `${name}: pg_wal on the WAL volume`);
        }
        assert.deepStrictEqual(getJson(["-n", stack.namespace, "get", "pdb"]).items.map((p: any) => p.metadata.name).sort(), ["pg", "pg-primary"]);

        const primary = cluster.status.currentPrimary;
        const names = stack.sql(primary, "SHOW synchronous_standby_names");
        const replication = await eventually("both standbys streaming, in the quorum", () => {
            const rows = stack.sql(primary, "SELECT application_name || ':' || sync_state FROM pg_stat_replication WHERE state = 'streaming' ORDER BY 1");
            return rows.split("\n").filter(r => r.endsWith(":quorum")).length === 2 ? rows : undefined;
        }, 300);
        console.log(`      synchronous_standby_names = ${names}; pg_stat_replication: ${replication.split("\n").join(", ")}`);
        // The operator names every instance; PostgreSQL ignores the primary's own name.
        assert.match(names, /^ANY 1 \("pg-\d","pg-\d","pg-\d"\)$/);

        stack.sql(primary, "CREATE TABLE pitr(tag text NOT NULL, n int NOT NULL)");
        stack.sql(primary, "INSERT INTO pitr SELECT 'base', g FROM generate_series(1, 100) g");
        const segment = stack.sql(primary, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        stack.sql(primary, "SELECT pg_switch_wal()");
        await eventually(`${segment} archived (pg_stat_archiver)`, () =>
            (stack.sql(primary, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver") >= segment ? true : undefined), 300);
        assert.ok(nodes.s3!.objects(nodes.bucket, `${nodes.prefix}/pg/wals`).some(k => k.endsWith(`/${segment}.gz`)), `${segment}.gz in the store`);
        const condition = await eventually("ContinuousArchiving condition", () =>
            stack.cluster().status?.conditions?.find((c: any) => c.type === "ContinuousArchiving"), 120);
        assert.strictEqual(condition.status, "True", JSON.stringify(condition));
    });

    it("the rw Pooler writes on the primary, the ro Pooler reads from a standby", async () => {
        for (const pooler of ["pg-pooler-rw", "pg-pooler-ro"]) {
            const d = await eventually(`Deployment ${pooler}: every pod ready`, () => {
                const r = kubectl(["-n", stack.namespace, "get", "deployment", pooler, "-o", "json"]);
                const x = r.status === 0 ? JSON.parse(r.stdout) : undefined;
                return x?.status.readyReplicas > 0 && x.status.readyReplicas === x.spec.replicas ? x : undefined;
            }, 300);
            assert.strictEqual(d.spec.replicas, stack.config("poolerInstances"));
        }
        const log = await runClient(stack, "prod-pooler-client", [
            "PGHOST=pg-pooler-rw psql -XAtq -v ON_ERROR_STOP=1 -c 'CREATE TABLE via_pooler(n int)' -c 'INSERT INTO via_pooler VALUES (1)' -c 'SELECT pg_is_in_recovery()'",
            "sleep 2",
            "PGHOST=pg-pooler-ro psql -XAtq -v ON_ERROR_STOP=1 -c 'SELECT pg_is_in_recovery(), (SELECT count(*) FROM via_pooler)'",
        ].join(" && "));
        console.log(`      through pg-pooler-rw, then pg-pooler-ro: ${log.trim().split("\n").join(" | ")}`);
        assert.deepStrictEqual(log.trim().split("\n"), ["f", "t|1"], "written on the primary, read back on a standby");
    });

    it("the ScheduledBackup's immediate Backup (method plugin) reaches the store over HTTPS", async () => {
        const scheduled = await eventually("a Backup made by the ScheduledBackup pg-backup", () =>
            stack.backups().find(b => b.metadata.labels?.["cnpg.io/scheduled-backup"] === "pg-backup"), 300);
        backupId = (await nodes.finishedBackup(stack, scheduled.metadata.name)).backupId;
    });

    it("deleting the primary pod (prod grace period) fails over with synchronous replication: no acknowledged commit lost", async () => {
        stack.sql(stack.cluster().status.currentPrimary, "INSERT INTO pitr SELECT 'A', g FROM generate_series(1, 10) g");
        const f = await deletePrimary(stack, "cnpg-prod-delete");
        const c = stack.cluster();
        console.log(`      cnpg prod primary pod deleted, grace ${c.spec.stopDelay} s (smartShutdownTimeout ${c.spec.smartShutdownTimeout} s): `
            + `${f.promoted} promoted after ${f.promotedAfter.toFixed(1)} s, first write through pg-rw after it ${f.firstWrite.toFixed(1)} s, `
            + `longest write gap ${f.gap.toFixed(1)} s, ${f.old} back as a replica after ${f.rejoined.toFixed(1)} s; `
            + `acknowledged ${f.result.acked.length}, failed attempts ${f.result.failed}, lost ${f.result.lost.length}; the writer's errors (after the delete):\n${formatErrors(f.result.errors, f.t0)}`);
        assert.deepStrictEqual(f.result.lost, [], `acknowledged commits lost: ${f.result.lost.join(",")}`);
    });

    it("a switchover (what `kubectl cnpg promote` does) moves the primary with a fast shutdown: no acknowledged commit lost", async () => {
        const writer = new Writer(stack, "cnpg-prod-switchover");
        await writer.start();
        await writer.moreAcks(20);
        const old = await stack.primary();
        const target = stack.pods().map(p => p.metadata.name).find(n => n !== old)!;
        const t0 = Date.now();
        // The plugin's promote: the target in the Cluster's status (RFC 3339 with microseconds).
        mustKubectl(["-n", stack.namespace, "patch", "clusters.postgresql.cnpg.io", "pg", "--subresource=status", "--type=merge", "-p", JSON.stringify({
            status: { targetPrimary: target, targetPrimaryTimestamp: new Date().toISOString().replace("Z", "000Z"),
                phase: "Switchover in progress", phaseReason: `Switching over to ${target}` },
        })]);
        assert.strictEqual(await stack.promotedOver(old), target);
        const promotedAfter = (Date.now() - t0) / 1000;
        const firstWrite = await writer.firstAckAfter(t0 + promotedAfter * 1000) + promotedAfter;
        await writer.moreAcks(20, 300);
        const gap = longestGap(writer.acks(), t0);
        await stack.waitHealthy(600);
        const settled = (Date.now() - t0) / 1000;
        const result = await writer.stop();
        console.log(`      cnpg prod switchover ${old} -> ${target}: promoted after ${promotedAfter.toFixed(1)} s, first write through pg-rw after it ${firstWrite.toFixed(1)} s, `
            + `longest write gap ${gap.toFixed(1)} s, Cluster healthy after ${settled.toFixed(1)} s; acknowledged ${result.acked.length}, failed attempts ${result.failed}, lost ${result.lost.length}; `
            + `the writer's errors (after the patch):\n${formatErrors(result.errors, t0)}`);
        assert.strictEqual(await stack.primary(), target);
        assert.strictEqual(stack.sql(old, "SELECT pg_is_in_recovery()"), "t", `${old} a replica now`);
        assert.deepStrictEqual(result.lost, [], `acknowledged commits lost: ${result.lost.join(",")}`);
    });

    it("a recovery Cluster from the named backup (restoreFrom: its Barman id) to a target after the failover and the switchover has exactly the rows before it", async () => {
        assert.ok(backupId, "a completed backup (earlier test)");
        // A newer backup than the named one: `latest` would restore from it, the named id must not.
        mustKubectl(["apply", "-f", "-"], { input: JSON.stringify({
            apiVersion: "postgresql.cnpg.io/v1", kind: "Backup",
            metadata: { name: "pg-after-switchover", namespace: stack.namespace },
            spec: { cluster: { name: "pg" }, method: "plugin", pluginConfiguration: { name: pluginName }, target: "prefer-standby" },
        }) });
        const newer = (await nodes.finishedBackup(stack, "pg-after-switchover")).backupId;
        assert.ok(newer > backupId, `${newer} is newer than ${backupId}`);
        const primary = stack.cluster().status.currentPrimary;
        const timeline = stack.sql(primary, "SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)");
        stack.sql(primary, "INSERT INTO pitr SELECT 'C', g FROM generate_series(1, 10) g");
        stack.sql(primary, "SELECT pg_sleep(1.2)");
        const target = stack.sql(primary, `SELECT to_char(date_trunc('second', now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
        stack.sql(primary, "SELECT pg_sleep(1.2)");
        stack.sql(primary, "INSERT INTO pitr SELECT 'D', g FROM generate_series(1, 10) g");
        const segment = stack.sql(primary, "SELECT pg_walfile_name(pg_current_wal_lsn())");
        stack.sql(primary, "SELECT pg_switch_wal()");
        await eventually(`${segment} (D's commit) archived`, () =>
            (stack.sql(primary, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver") >= segment ? true : undefined), 300);
        assert.strictEqual(stack.pitrCounts(primary), "A=10 C=10 D=10 base=100");

        const t0 = Date.now();
        await stack.apply({ restoreFrom: backupId, restoreTargetTime: target });
        const recovery = stack.object("Cluster", "pg-restore") as any;
        assert.deepStrictEqual(recovery.spec.bootstrap.recovery.recoveryTarget, { targetTime: target, backupID: backupId });
        const { log: recoveryLog } = await stack.recoveryJob("pg-restore");
        const restored = await stack.waitHealthy(1200, "pg-restore");
        const restoredPrimary = restored.status.currentPrimary;
        const counts = stack.pitrCounts(restoredPrimary);
        console.log(`      pg-restore (restoreFrom ${backupId}, target ${target}, live on timeline ${timeline}) healthy with ${stack.instances} instances `
            + `${((Date.now() - t0) / 1000).toFixed(1)} s after apply; rows there: ${counts}`);
        // The instance manager's JSON lines: barman-cloud-restore's arguments, PostgreSQL's stop.
        const entries = recoveryLog.split("\n").filter(l => l.startsWith("{")).map(l => { try { return JSON.parse(l); } catch { return {}; } });
        const restoreCall = entries.find(e => e.msg === "Starting barman-cloud-restore");
        const stop = entries.find(e => String(e.record?.message ?? "").startsWith("recovery stopping before"));
        console.log(`      recovery Job: barman-cloud-restore ${(restoreCall?.options ?? []).join(" ")}; PostgreSQL: ${stop?.record?.message}`);
        assert.ok(restoreCall?.options?.includes(backupId), "barman-cloud-restore restored the named backup");
        assert.ok(!restoreCall.options.includes(newer), "not the newer one");
        assert.strictEqual(counts, "A=10 C=10 base=100", "the backup's rows, A (before the failover) and C (after it), none of D");
        assert.ok(stop, "PostgreSQL stopped at the target");
        assert.strictEqual(stack.sql(restoredPrimary, "SELECT pg_is_in_recovery()"), "f", "promoted at the target");
        assert.ok(stack.sql(restoredPrimary, "SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)") > timeline, "a timeline after the live one's");
        const live = stack.cluster();
        assert.strictEqual(live.status.phase, healthy);
        assert.strictEqual(stack.pitrCounts(live.status.currentPrimary), "A=10 C=10 D=10 base=100", "the live Cluster is untouched");
    });
});
