import * as assert from "assert";
import { ClusterStorage } from "../../components/self-managed/storage";
import { ClusterSecrets } from "../../components/secrets";
import { PostgresConfiguration } from "../../components/self-managed/configuration";
import { streamingScripts as readScripts } from "../../components/streaming/scripts";
import { outputValue, settle, startMocks } from "../helpers/mocks";

const PV = "kubernetes:core/v1:PersistentVolume";

describe("components alone", () => {
    it("ClusterStorage storageClass mode creates nothing and asks for the class", async () => {
        const run = await startMocks("t", {});
        const s = new ClusterStorage("s", { cluster: "pg", namespace: "db", instances: 3, mode: "storageClass", size: "5Gi", storageClassName: "fast" });
        await settle(run);
        assert.deepStrictEqual(s.claimTemplate, { storageClassName: "fast", size: "5Gi" });
        assert.deepStrictEqual(run.resources.map(r => r.type), ["postgres-k8s:storage:ClusterStorage"]);
    });

    it("ClusterStorage hostPath mode: one Retain PV per instance, pinned to the node, pre-bound to its claim", async () => {
        const run = await startMocks("t", {});
        const s = new ClusterStorage("s", {
            cluster: "pg", namespace: "db", instances: 2, mode: "hostPath", size: "5Gi",
            hostPath: { path: "/srv/pg/", node: "node-a" }, protect: true,
        });
        await settle(run);
        assert.deepStrictEqual(s.claimTemplate, { storageClassName: "pg-static", size: "5Gi" });
        const pvs = run.resources.filter(r => r.type === PV);
        assert.deepStrictEqual(pvs.map(p => [p.inputs.spec.hostPath.path, p.inputs.spec.claimRef.name, p.protect]),
            [["/srv/pg/pg-0", "data-pg-0", true], ["/srv/pg/pg-1", "data-pg-1", true]]);
        const spec = pvs[0].inputs.spec;
        assert.strictEqual(spec.persistentVolumeReclaimPolicy, "Retain");
        assert.strictEqual(spec.storageClassName, "pg-static");
        assert.deepStrictEqual(spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values, ["node-a"]);
    });

    it("ClusterStorage nfs mode: one NFS PV per instance in its own subdirectory", async () => {
        const run = await startMocks("t", {});
        new ClusterStorage("s", { cluster: "pg", namespace: "db", instances: 1, mode: "nfs", size: "5Gi", nfs: { server: "nfs.local", path: "/exports" } });
        await settle(run);
        const pv = run.resources.find(r => r.type === PV)!;
        assert.deepStrictEqual(pv.inputs.spec.nfs, { server: "nfs.local", path: "/exports/pg-0" });
        assert.strictEqual(pv.inputs.spec.capacity.storage, "5Gi");
    });

    it("ClusterSecrets: three random passwords, basic-auth Secrets holding them, secret outputs", async () => {
        const run = await startMocks("t", {});
        const s = new ClusterSecrets("s", { cluster: "pg", namespace: "db", superuser: "postgres", replicationUser: "replicator", appUser: "app" });
        const app = await outputValue(s.appPassword);
        await settle(run);
        const passwords = run.resources.filter(r => r.type === "random:index/randomPassword:RandomPassword");
        assert.deepStrictEqual(passwords.map(p => [p.inputs.length, p.inputs.special]), [[32, false], [32, false], [32, false]]);
        const secrets = run.resources.filter(r => r.type === "kubernetes:core/v1:Secret");
        // The SDK sends stringData to the engine as one secret value (the signature key marks it).
        const secretSig = "4dabf18193072939515e22adb298388d";
        assert.ok(secrets.every(x => secretSig in x.inputs.stringData));
        assert.deepStrictEqual(secrets.map(x => [x.inputs.metadata.name, x.inputs.stringData.value.username]),
            [["pg-superuser", "postgres"], ["pg-replication", "replicator"], ["pg-app", "app"]]);
        assert.strictEqual(secrets[2].inputs.stringData.value.password, app);
        assert.strictEqual(await (s.appPassword as any).isSecret, true);
    });

    it("PostgresConfiguration: rendered conf and hba plus every pod script, in ConfigMaps", async () => {
        const run = await startMocks("t", {});
        new PostgresConfiguration("c", {
            cluster: "pg", namespace: "db", port: 5432, parameters: { work_mem: "8MB" }, podCidrs: ["10.42.0.0/16"],
            superuser: "postgres", replicationUser: "replicator", archive: { timeoutSeconds: 60 },
        });
        await settle(run);
        const maps = Object.fromEntries(run.resources.filter(r => r.type === "kubernetes:core/v1:ConfigMap").map(r => [r.inputs.metadata.name, r.inputs.data]));
        assert.match(maps["pg-config"]["postgresql.conf"], /^work_mem = '8MB'$/m);
        assert.match(maps["pg-config"]["postgresql.conf"], /^listen_addresses = '\*'$/m);
        assert.match(maps["pg-config"]["postgresql.conf"], /^archive_timeout = '60s'$/m);
        assert.match(maps["pg-config"]["pg_hba.conf"], /^host\s+replication\s+replicator\s+10\.42\.0\.0\/16\s+scram-sha-256$/m);
        assert.deepStrictEqual(maps["pg-scripts"], readScripts());
    });
});

describe("pod scripts referenced by the specs exist", () => {
    it("every script a container, hook, CronJob or postgresql.conf runs is in components/scripts", () => {
        const referenced = ["entrypoint.sh", "role-labeller.sh", "pre-stop.sh", "archive-wal.sh", "restore-wal.sh",
            "base-backup.sh", "prune-backups.sh", "restore.sh", "init-primary.sh", "role.sh", "lib.sh", "labeller-alive.sh", "ready.sh"];
        const present = Object.keys(readScripts());
        for (const s of referenced) assert.ok(present.includes(s), s);
    });
});

describe("StreamingCluster alone", () => {
    it("builds its objects from its args: required zone anti-affinity, NodePort Services, claims and clients", async () => {
        const { StreamingCluster } = await import("../../components/streaming/streaming-cluster");
        const run = await startMocks("t", {});
        new StreamingCluster("c", {
            cluster: "db", namespace: "data", instances: 3, image: "postgres:15.18", kubectlImage: "registry.k8s.io/kubectl:v1.36.4", port: 5432,
            resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } },
            antiAffinity: "required", topologyKey: "topology.kubernetes.io/zone", terminationGracePeriodSeconds: 90,
            serviceType: "NodePort", pdbMaxUnavailable: 2, allowedClients: ["app=api"], allowedClientNamespaces: ["shop"],
            configMap: "db-config", scriptsConfigMap: "db-scripts", secrets: { superuser: "s", replication: "r", app: "a" },
            users: { superuser: "postgres", replicationUser: "rep", appUser: "api", appDatabase: "shop" },
            configChecksumSource: "x", dataClaim: { storageClassName: "fast", size: "20Gi" }, protect: true, replicaMaxLagMB: 16,
        });
        await settle(run);
        const by = (type: string) => run.resources.filter(r => r.type === type);
        const sts = by("kubernetes:apps/v1:StatefulSet")[0];
        assert.strictEqual(sts.protect, true);
        const spec = sts.inputs.spec;
        assert.strictEqual(spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey, "topology.kubernetes.io/zone");
        assert.deepStrictEqual(spec.volumeClaimTemplates[0].spec, { accessModes: ["ReadWriteOnce"], storageClassName: "fast", resources: { requests: { storage: "20Gi" } } });
        assert.strictEqual(spec.template.spec.serviceAccountName, "db-instance");
        const env = Object.fromEntries(spec.template.spec.containers[0].env.filter((e: any) => e.value).map((e: any) => [e.name, e.value]));
        assert.strictEqual(env.PG_PEERS, "db-0=db-0.db-hl.data.svc:5432 db-1=db-1.db-hl.data.svc:5432 db-2=db-2.db-hl.data.svc:5432");
        assert.strictEqual(env.PG_PRIMARY_HOST, "db-rw.data.svc");
        assert.strictEqual(env.PG_STOP_TIMEOUT_SECONDS, "75");
        assert.strictEqual(env.PG_ARCHIVE_DIR, undefined, "no archive without a backup claim");
        // Readiness of a member: streaming within replicaMaxLagMB (16 MB), not merely answering.
        assert.deepStrictEqual(spec.template.spec.containers[0].readinessProbe.exec.command, ["bash", "/opt/postgres-k8s/scripts/ready.sh", String(16 * 1024 * 1024)]);
        const services = Object.fromEntries(by("kubernetes:core/v1:Service").map(s => [s.inputs.metadata.name, s.inputs.spec]));
        assert.strictEqual(services["db-rw"].type, "NodePort");
        assert.strictEqual(services["db-hl"].clusterIP, "None");
        assert.strictEqual(by("kubernetes:policy/v1:PodDisruptionBudget")[0].inputs.spec.maxUnavailable, 2);
        assert.deepStrictEqual(by("kubernetes:networking.k8s.io/v1:NetworkPolicy")[0].inputs.spec.ingress[0].from[1], {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } }, podSelector: { matchLabels: { app: "api" } },
        });
    });
});
