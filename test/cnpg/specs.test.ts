import * as assert from "assert";
import { cnpgCluster, CnpgClusterOptions } from "../../specs/cnpg/cluster";
import { isSixFieldCron, sixFieldCronProblems } from "../../specs/cnpg/cron";
import { instancesNetworkPolicySpec, poolersNetworkPolicySpec } from "../../specs/cnpg/network-policy";
import { objectStore } from "../../specs/cnpg/object-store";
import { cnpgParameters } from "../../specs/cnpg/parameters";
import { cnpgPgHba } from "../../specs/cnpg/pg-hba";
import { podMonitor } from "../../specs/cnpg/pod-monitor";
import { pooler } from "../../specs/cnpg/pooler";
import { scheduledBackup } from "../../specs/cnpg/scheduled-backup";

const resources = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } };

function options(over: Partial<CnpgClusterOptions> = {}): CnpgClusterOptions {
    return {
        name: "pg", namespace: "db", instances: 3, imageName: "docker.io/library/postgres:15.19-bookworm", postgresUid: 999,
        storage: { size: "10Gi", storageClass: "fast" }, parameters: { max_connections: "100" }, pgHba: cnpgPgHba(["10.0.0.0/8"]), resources,
        antiAffinity: "required", topologyKey: "kubernetes.io/hostname", enablePDB: true,
        superuserSecret: "pg-superuser", stopDelay: 120, labels: { team: "db" }, inheritedLabels: { team: "db" },
        bootstrap: { kind: "initdb", database: "app", owner: "app", secret: "pg-app" },
        ...over,
    };
}

describe("CloudNativePG spec builders", () => {
    describe("six-field cron (ScheduledBackup)", () => {
        it("accepts six fields, seconds first, with names, ranges, lists, steps and '?'", () => {
            for (const s of ["0 0 3 * * *", "0 */15 * * * *", "30 0 2 1-15 JAN-MAR MON,WED", "0 0 0 ? * SUN", "0 0 1,13 * * 1-5"]) {
                assert.ok(isSixFieldCron(s), s);
            }
        });

        it("refuses a five-field CronJob schedule, which the operator would run every hour", () => {
            assert.deepStrictEqual(sixFieldCronProblems("0 3 * * *"),
                ["5 fields, but six are needed (second minute hour day-of-month month day-of-week)"]);
        });

        it("names the field and the bad part", () => {
            assert.deepStrictEqual(sixFieldCronProblems("60 0 3 * * *"), ["second: '60' is outside 0-59"]);
            assert.deepStrictEqual(sixFieldCronProblems("0 0 24 * * *"), ["hour: '24' is outside 0-23"]);
            assert.deepStrictEqual(sixFieldCronProblems("0 0 3 0 * *"), ["day of month: '0' is outside 1-31"]);
            assert.deepStrictEqual(sixFieldCronProblems("0 0 3 * FOO *"), ["month: 'FOO' is outside 1-12 (or JAN-DEC)"]);
            assert.deepStrictEqual(sixFieldCronProblems("0 0 3 * * 5-1"), ["day of week: range '5-1' runs backwards"]);
            assert.deepStrictEqual(sixFieldCronProblems("0 */0 3 * * *"), ["minute: step 0 in '*/0'"]);
            assert.strictEqual(isSixFieldCron("@daily"), false);
        });
    });

    describe("Cluster", () => {
        it("initdb: app database and owner with the project's Secrets, no archiving, operator anti-affinity", () => {
            const c = cnpgCluster(options());
            assert.strictEqual(c.apiVersion, "postgresql.cnpg.io/v1");
            assert.deepStrictEqual(c.spec.bootstrap, { initdb: { database: "app", owner: "app", secret: { name: "pg-app" } } });
            assert.deepStrictEqual(c.spec.superuserSecret, { name: "pg-superuser" });
            assert.strictEqual(c.spec.enableSuperuserAccess, true);
            assert.deepStrictEqual([c.spec.postgresUID, c.spec.postgresGID], [999, 999]);
            assert.deepStrictEqual(c.spec.affinity, { enablePodAntiAffinity: true, podAntiAffinityType: "required", topologyKey: "kubernetes.io/hostname" });
            assert.deepStrictEqual(c.spec.storage, { size: "10Gi", storageClass: "fast" });
            assert.strictEqual("walStorage" in c.spec, false);
            assert.strictEqual("plugins" in c.spec, false);
            assert.strictEqual("externalClusters" in c.spec, false);
            assert.strictEqual("managed" in c.spec, false);
            assert.strictEqual(c.spec.stopDelay, 120);
            assert.strictEqual(c.spec.smartShutdownTimeout, 60);
        });

        it("WAL volume, synchronous replication, the plugin as WAL archiver", () => {
            const c = cnpgCluster(options({
                walStorage: { size: "5Gi" },
                synchronous: { method: "any", number: 1, dataDurability: "required", failoverQuorum: true },
                walArchive: { objectStore: "pg-backup" },
            }));
            assert.deepStrictEqual(c.spec.walStorage, { size: "5Gi" });
            assert.deepStrictEqual(c.spec.postgresql.synchronous, { method: "any", number: 1, dataDurability: "required", failoverQuorum: true });
            assert.deepStrictEqual(c.spec.plugins, [{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "pg-backup" } }]);
        });

        it("recovery: from the origin's server name in the ObjectStore, to a target time", () => {
            const c = cnpgCluster(options({
                name: "pg-restore",
                bootstrap: { kind: "recovery", database: "app", owner: "app", secret: "pg-app", objectStore: "pg-backup",
                    serverName: "pg", targetTime: "2026-11-22T10:00:00Z", backupId: "20261122T030000" },
            }));
            assert.deepStrictEqual(c.spec.bootstrap, { recovery: {
                database: "app", owner: "app", secret: { name: "pg-app" }, source: "origin",
                recoveryTarget: { targetTime: "2026-11-22T10:00:00Z", backupID: "20261122T030000" },
            } });
            assert.deepStrictEqual(c.spec.externalClusters, [{ name: "origin", plugin: {
                name: "barman-cloud.cloudnative-pg.io", parameters: { barmanObjectName: "pg-backup", serverName: "pg" } } }]);
        });

        it("a non-ClusterIP serviceType becomes a managed service the policy pack can see", () => {
            const c = cnpgCluster(options({ externalServiceType: "LoadBalancer" }));
            assert.deepStrictEqual(c.spec.managed!.services.additional, [{ selectorType: "rw",
                serviceTemplate: { metadata: { name: "pg-rw-external" }, spec: { type: "LoadBalancer" } } }]);
        });
    });

    it("pg_hba: the pod network with a password, every other address rejected before the operator's catch-all", () => {
        assert.deepStrictEqual(cnpgPgHba(["10.0.0.0/8", "fd00::/8"]), [
            "host all all 10.0.0.0/8 scram-sha-256", "host all all fd00::/8 scram-sha-256",
            "host all all 0.0.0.0/0 reject", "host all all ::/0 reject"]);
    });

    it("parameters: strings for the operator, on/off for booleans, user over defaults, archive_timeout with archiving", () => {
        assert.deepStrictEqual(cnpgParameters({ max_connections: 50, jit: false }, 60), {
            archive_timeout: "60s", hot_standby_feedback: "on", jit: "off", log_connections: "on",
            log_disconnections: "on", max_connections: "50", shared_buffers: "128MB",
        });
        assert.strictEqual(cnpgParameters({}).archive_timeout, undefined);
    });

    it("ObjectStore: credentials as Secret references, retention, sidecar resources", () => {
        const s = objectStore({ name: "pg-backup", namespace: "db", labels: {}, destinationPath: "s3://b/p",
            endpointURL: "http://127.0.0.1:9000", credentialsSecret: "s3", region: false, retentionPolicy: "30d", sidecarResources: resources });
        assert.strictEqual(s.apiVersion, "barmancloud.cnpg.io/v1");
        assert.deepStrictEqual(s.spec.configuration.s3Credentials, {
            accessKeyId: { name: "s3", key: "ACCESS_KEY_ID" }, secretAccessKey: { name: "s3", key: "ACCESS_SECRET_KEY" } });
        assert.strictEqual(s.spec.retentionPolicy, "30d");
        assert.strictEqual(s.spec.configuration.endpointURL, "http://127.0.0.1:9000");
        assert.strictEqual("endpointCA" in s.spec.configuration, false);
    });

    it("ScheduledBackup: the plugin method, from a standby", () => {
        const b = scheduledBackup({ name: "pg-daily", namespace: "db", labels: {}, cluster: "pg", schedule: "0 0 3 * * *" });
        assert.deepStrictEqual(b.spec, { cluster: { name: "pg" }, schedule: "0 0 3 * * *", method: "plugin",
            pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" }, target: "prefer-standby", immediate: true, backupOwnerReference: "none" });
    });

    it("Pooler: named after the cluster and type, anti-affinity over its own pods, deleted in the background", () => {
        const p = pooler({ namespace: "db", labels: {}, cluster: "pg", type: "ro", instances: 2, poolMode: "transaction",
            maxClientConnections: 500, defaultPoolSize: 20, resources, antiAffinity: "preferred", topologyKey: "kubernetes.io/hostname" });
        assert.strictEqual(p.metadata.name, "pg-pooler-ro");
        assert.deepStrictEqual(p.metadata.annotations, { "pulumi.com/deletionPropagationPolicy": "background" });
        assert.deepStrictEqual(p.spec.pgbouncer, { poolMode: "transaction", parameters: { max_client_conn: "500", default_pool_size: "20" } });
        assert.deepStrictEqual(p.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution![0].podAffinityTerm.labelSelector,
            { matchLabels: { "cnpg.io/poolerName": "pg-pooler-ro" } });
    });

    it("NetworkPolicies: instances admit own pods and the operator on 5432/8000, clients on 5432; poolers admit clients", () => {
        const o = { cluster: "pg", operatorNamespace: "cnpg-system", clientSelectors: ["app=web"], clientNamespaces: [] };
        const np = instancesNetworkPolicySpec(o);
        assert.deepStrictEqual(np.podSelector.matchLabels, { "cnpg.io/cluster": "pg", "cnpg.io/podRole": "instance" });
        assert.deepStrictEqual(np.ingress[0].from, [
            { podSelector: { matchLabels: { "cnpg.io/cluster": "pg" } } },
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "cnpg-system" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "cloudnative-pg" } } },
        ]);
        assert.deepStrictEqual(np.ingress[0].ports, [{ protocol: "TCP", port: 5432 }, { protocol: "TCP", port: 8000 }]);
        assert.deepStrictEqual(np.ingress[1], { from: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ protocol: "TCP", port: 5432 }] });
        assert.strictEqual(np.ingress.length, 2, "metrics closed without a metrics namespace");
        const withMetrics = instancesNetworkPolicySpec({ ...o, metricsNamespace: "monitoring" });
        assert.deepStrictEqual(withMetrics.ingress[2].ports, [{ protocol: "TCP", port: 9187 }]);
        const pools = poolersNetworkPolicySpec({ ...o, clientSelectors: [] });
        assert.deepStrictEqual(pools.ingress, [], "no clients: nobody");
    });

    it("PodMonitor: the instances' metrics port", () => {
        const m = podMonitor({ cluster: "pg", namespace: "db", labels: {} });
        assert.deepStrictEqual(m.spec, { selector: { matchLabels: { "cnpg.io/cluster": "pg", "cnpg.io/podRole": "instance" } },
            podMetricsEndpoints: [{ port: "metrics" }] });
    });
});
