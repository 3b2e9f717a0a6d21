/**
 * The whole program with `topology: cnpg`, for dev and prod, under mocks: the objects' shapes,
 * the outputs (the same as the other topologies') and the policy pack with each stack's config.
 */
import * as assert from "assert";
import { mandatory, packConfig, runPack, toPolicyResources } from "../helpers/policyPack";
import { one, ofType, runStack, runStackWithOutputs } from "../helpers/stack";
import { cnpgStackOverrides } from "./stacks";

const CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const SECRET = "kubernetes:core/v1:Secret";
const RELEASE = "kubernetes:helm.sh/v3:Release";

describe("cnpg: the program under mocks", () => {
    it("outputs have the same names as the streaming topology's, pointing at the operator's Services", async () => {
        const streaming = await runStackWithOutputs("dev");
        const cnpg = await runStackWithOutputs("dev", cnpgStackOverrides("dev"));
        assert.deepStrictEqual(Object.keys(cnpg.outputs).sort(), Object.keys(streaming.outputs).sort());
        const value = (o: unknown) => new Promise(resolve => (o as any).apply(resolve));
        assert.strictEqual(await value(cnpg.outputs.readWriteHost), "pg-rw.postgres-dev.svc");
        assert.strictEqual(await value(cnpg.outputs.readOnlyHost), "pg-ro.postgres-dev.svc");
        assert.strictEqual(await value(cnpg.outputs.appSecretName), "pg-app");
        assert.strictEqual(await value(cnpg.outputs.restoreHost), "");
    });

    it("dev: the operator as a pinned Helm release, a Cluster bootstrapped from the project's basic-auth Secrets, no replication Secret", async () => {
        const r = await runStack("dev", cnpgStackOverrides("dev"));
        const release = one(r, RELEASE).inputs;
        assert.deepStrictEqual([release.chart, release.version, release.repositoryOpts.repo, release.namespace, release.values.image.tag],
            ["cloudnative-pg", "0.29.0", "https://cloudnative-pg.github.io/charts", "cnpg-system", "1.30.0"]);
        assert.deepStrictEqual(ofType(r, SECRET).map(s => [s.inputs.metadata.name, s.inputs.type]).sort(),
            [["pg-app", "kubernetes.io/basic-auth"], ["pg-superuser", "kubernetes.io/basic-auth"]]);
        const cluster = one(r, CLUSTER);
        const spec = cluster.inputs.spec;
        assert.deepStrictEqual(spec.bootstrap, { initdb: { database: "app", owner: "app", secret: { name: "pg-app" } } });
        assert.deepStrictEqual(spec.superuserSecret, { name: "pg-superuser" });
        assert.deepStrictEqual(spec.affinity, { enablePodAntiAffinity: true, podAntiAffinityType: "preferred", topologyKey: "kubernetes.io/hostname" });
        assert.deepStrictEqual(spec.postgresql.parameters.shared_buffers, "64MB");
        assert.strictEqual(spec.plugins, undefined);
        assert.ok(cluster.dependsOn.some(u => u.endsWith(":Release::pg-operator-release")), "the Cluster waits for the operator's release");
        assert.strictEqual(cluster.retainOnDelete, true, "the operator deletes the claims with the Cluster");
        assert.deepStrictEqual(ofType(r, "kubernetes:postgresql.cnpg.io/v1:Pooler").map(p => p.inputs.metadata.name), ["pg-pooler-rw"]);
        assert.strictEqual(ofType(r, "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup").length, 0);
    });

    it("prod: required anti-affinity, WAL volume, a synchronous standby, the plugin archiving to the ObjectStore, a ScheduledBackup, rw and ro poolers, a PodMonitor, protected", async () => {
        const r = await runStack("prod", cnpgStackOverrides("prod"));
        const cluster = one(r, CLUSTER);
        const spec = cluster.inputs.spec;
        assert.strictEqual(spec.affinity.podAntiAffinityType, "required");
        assert.deepStrictEqual(spec.walStorage, { size: "20Gi", storageClass: "postgres-data" });
        assert.deepStrictEqual(spec.postgresql.synchronous, { method: "any", number: 1, dataDurability: "required", failoverQuorum: true });
        assert.deepStrictEqual(spec.plugins, [{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "pg-backup" } }]);
        assert.strictEqual(spec.postgresql.parameters.archive_timeout, "300s");
        assert.deepStrictEqual(spec.resources, { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } });
        assert.strictEqual(cluster.protect, true);
        const store = one(r, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore").inputs.spec;
        assert.deepStrictEqual(store.configuration.s3Credentials.accessKeyId, { name: "pg-backup-s3", key: "ACCESS_KEY_ID" });
        assert.strictEqual(store.retentionPolicy, "30d");
        const backup = one(r, "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup").inputs.spec;
        assert.deepStrictEqual([backup.schedule, backup.method, backup.cluster.name], ["0 0 3 * * *", "plugin", "pg"]);
        assert.deepStrictEqual(ofType(r, "kubernetes:postgresql.cnpg.io/v1:Pooler").map(p => p.inputs.spec.type).sort(), ["ro", "rw"]);
        assert.strictEqual(one(r, "kubernetes:monitoring.coreos.com/v1:PodMonitor").inputs.spec.podMetricsEndpoints[0].port, "metrics");
        const np = one(r, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "pg").inputs.spec;
        assert.deepStrictEqual(np.ingress.map((i: any) => i.ports.map((p: any) => p.port)), [[5432, 8000], [5432], [9187]]);
        assert.ok(!JSON.stringify(r.filter(x => x.type !== SECRET && !x.type.startsWith("random:")).map(x => x.inputs)).includes("mock-password"),
            "no password outside the Secrets");
    });

    it("preferred durability: no quorum check, so a failover may promote a standby that lacks commits", async () => {
        const r = await runStack("prod", cnpgStackOverrides("prod", { synchronousDataDurability: "preferred" }));
        assert.deepStrictEqual(one(r, CLUSTER).inputs.spec.postgresql.synchronous, { method: "any", number: 1, dataDurability: "preferred", failoverQuorum: false });
    });

    it("prod with a restore: a recovery Cluster from the live cluster's archive, to the target time, archiving nothing", async () => {
        const run = await runStackWithOutputs("prod", cnpgStackOverrides("prod", { restoreFrom: "latest", restoreTargetTime: "2026-01-01T00:00:00Z" }));
        const restore = one(run.resources, CLUSTER, "pg-restore").inputs.spec;
        assert.deepStrictEqual(restore.bootstrap.recovery.recoveryTarget, { targetTime: "2026-01-01T00:00:00Z" });
        assert.deepStrictEqual(restore.externalClusters[0].plugin.parameters, { barmanObjectName: "pg-backup", serverName: "pg" });
        assert.strictEqual(restore.plugins, undefined);
        assert.strictEqual(await new Promise(res => (run.outputs.restoreHost as any).apply(res)), "pg-restore-rw.postgres-prod.svc");
    });

    it("prod restoring a named backup: the recovery target carries Barman's backup id", async () => {
        const r = await runStack("prod", cnpgStackOverrides("prod", { restoreFrom: "20251231T030000", restoreTargetTime: "2026-01-01T00:00:00Z" }));
        assert.deepStrictEqual(one(r, CLUSTER, "pg-restore").inputs.spec.bootstrap.recovery.recoveryTarget,
            { targetTime: "2026-01-01T00:00:00Z", backupID: "20251231T030000" });
    });

    it("installOperator false: no Helm release", async () => {
        assert.deepStrictEqual(ofType(await runStack("dev", cnpgStackOverrides("dev", { installOperator: false })), RELEASE), []);
    });
});

describe("cnpg: the policy pack over the program's own output", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: no mandatory violation`, async () => {
            const resources = toPolicyResources(stack, await runStack(stack, cnpgStackOverrides(stack)));
            assert.deepStrictEqual(mandatory(await runPack(resources, packConfig(stack))), []);
        });
    }

    it("prod: a Cluster with a public managed Service is refused (serviceType LoadBalancer)", async () => {
        const resources = toPolicyResources("prod", await runStack("prod", cnpgStackOverrides("prod", { serviceType: "LoadBalancer" })));
        assert.deepStrictEqual(mandatory(await runPack(resources, packConfig("prod"))), [
            'postgres-k8s-cnpg-cluster-disallow-public-services: Managed service "pg-rw-external" exposes PostgreSQL outside the cluster network (type LoadBalancer).']);
    });

    it("prod: the program's Cluster without anti-affinity is refused", async () => {
        const resources = toPolicyResources("prod", await runStack("prod", cnpgStackOverrides("prod")));
        const cluster = resources.find(r => r.type === CLUSTER)!;
        cluster.props.spec.affinity.enablePodAntiAffinity = false;
        assert.deepStrictEqual(mandatory(await runPack(resources, packConfig("prod"))), [
            "postgres-k8s-cnpg-cluster-enforce-pod-anti-affinity: 3 instances, but spec.affinity.enablePodAntiAffinity is false."]);
    });

    it("prod: preferred anti-affinity is refused by the prod config", async () => {
        const resources = toPolicyResources("prod", await runStack("prod", cnpgStackOverrides("prod", { antiAffinity: "preferred" })));
        assert.deepStrictEqual(mandatory(await runPack(resources, packConfig("prod"))), [
            'postgres-k8s-cnpg-cluster-enforce-pod-anti-affinity: 3 instances, but spec.affinity.podAntiAffinityType is "preferred", not "required".']);
    });
});
