/**
 * The whole pack over a hand-built stack shaped like the program's output (StatefulSet,
 * -rw/-ro/-hl Services, pg_hba ConfigMap, PDB, NetworkPolicy, StorageClass, backup CronJob),
 * through the dev and prod config files. The program's own run is in program.test.ts.
 */
import * as assert from "assert";
import { TestResource } from "../helpers/policy";
import { configGroupChildren } from "../helpers/policyManifests";
import { mandatory, packConfig, runPack } from "../helpers/policyPack";
import { backupCronJob, networkPolicy, pdb, pgHbaConfigMap, podSpec, service, statefulSet, storageClass } from "./fixtures";

function stack(replicas: number): TestResource[] {
    const headless = service("main-hl");
    headless.props.spec.clusterIP = "None";
    return [statefulSet(replicas), service("main-rw"), service("main-ro"), headless, pgHbaConfigMap(), pdb(), networkPolicy(),
        storageClass("Retain"), backupCronJob()];
}

describe("the whole pack over a program-shaped stack", () => {
    it("dev (1 replica) and prod (3 replicas) have no mandatory violations", async () => {
        assert.deepStrictEqual(mandatory(await runPack(stack(1), packConfig("dev"))), []);
        assert.deepStrictEqual(mandatory(await runPack(stack(3), packConfig("prod"))), []);
    });

    it("an exposed Service is caught in both environments", async () => {
        for (const [env, replicas] of [["dev", 1], ["prod", 3]] as const) {
            const resources = stack(replicas);
            resources[1].props.spec.type = "LoadBalancer";
            assert.deepStrictEqual(mandatory(await runPack(resources, packConfig(env))), [
                "postgres-k8s-service-disallow-public-exposure: The Service exposes PostgreSQL outside the cluster network (type LoadBalancer); use a ClusterIP Service.",
            ]);
        }
    });

    it("a missing anti-affinity term is caught in prod; dev accepts a preferred one but not none", async () => {
        const missing = stack(3);
        delete podSpec(missing[0]).affinity;
        const expected = ['postgres-k8s-workload-enforce-pod-anti-affinity: 3 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods.'];
        assert.deepStrictEqual(mandatory(await runPack(missing, packConfig("prod"))), expected);
        assert.deepStrictEqual(mandatory(await runPack(missing, packConfig("dev"))), expected);

        const preferred = stack(3);
        const anti = podSpec(preferred[0]).affinity.podAntiAffinity;
        anti.preferredDuringSchedulingIgnoredDuringExecution = [{ weight: 100, podAffinityTerm: anti.requiredDuringSchedulingIgnoredDuringExecution[0] }];
        delete anti.requiredDuringSchedulingIgnoredDuringExecution;
        assert.deepStrictEqual(mandatory(await runPack(preferred, packConfig("dev"))), []);
        assert.strictEqual(mandatory(await runPack(preferred, packConfig("prod"))).length, 1);
    });

    it("prod requires the backup CronJob; dev does not", async () => {
        const noBackup = stack(3).filter(r => r.name !== "main-backup");
        assert.deepStrictEqual(mandatory(await runPack(noBackup, packConfig("dev"))), []);
        assert.deepStrictEqual(mandatory(await runPack(noBackup, packConfig("prod"))), [
            'postgres-k8s-stack-enforce-backups: StatefulSet "db/main" in a production stack has no backup CronJob sharing one of its labels postgres-k8s.io/cluster, app.kubernetes.io/instance.',
        ]);
    });

    it("catches what a careless third-party manifest applied through a ConfigGroup gets wrong", async () => {
        const children = configGroupChildren(`
apiVersion: v1
kind: ConfigMap
metadata: {name: pg-hba, namespace: shop}
data:
  pg_hba.conf: |
    host all all 0.0.0.0/0 md5
---
apiVersion: v1
kind: Service
metadata: {name: pg, namespace: shop}
spec:
  type: NodePort
  selector: {app: pg}
  ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: pg, namespace: shop}
spec:
  replicas: 2
  serviceName: pg
  selector: {matchLabels: {app: pg}}
  template:
    metadata: {labels: {app: pg}}
    spec:
      containers:
        - name: postgres
          image: postgres:latest
          ports: [{containerPort: 5432}]
          env: [{name: POSTGRES_PASSWORD, value: secret}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`, "shop");
        const found = mandatory(await runPack(children, packConfig("prod")));
        assert.deepStrictEqual(found, [
            'postgres-k8s-workload-enforce-pod-anti-affinity: 2 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods.',
            "postgres-k8s-service-disallow-public-exposure: The Service exposes PostgreSQL outside the cluster network (type NodePort); use a ClusterIP Service.",
            'postgres-k8s-configmap-disallow-open-pg-hba: data["pg_hba.conf"] line 1 (`host all all 0.0.0.0/0 md5`) admits every address.',
            'postgres-k8s-workload-configure-resources: container "postgres" has no resources.requests for cpu, memory.',
            'postgres-k8s-workload-configure-resources: container "postgres" has no resources.limits for memory.',
            'postgres-k8s-workload-configure-probes: container "postgres" has no readinessProbe, livenessProbe (with one of exec, httpGet, tcpSocket, grpc).',
            'postgres-k8s-workload-enforce-run-as-non-root: container "postgres" may run as root: set runAsNonRoot: true or a non-zero runAsUser.',
            'postgres-k8s-workload-disallow-privilege-escalation: container "postgres" does not set securityContext.allowPrivilegeEscalation: false.',
            'postgres-k8s-workload-enforce-pinned-images: container "postgres" image "postgres:latest" uses the floating tag "latest".',
            'postgres-k8s-workload-disallow-plaintext-secrets: container "postgres" sets env POSTGRES_PASSWORD to a literal value; use a Secret (preferably mounted as a file).',
            'postgres-k8s-stack-configure-storage-class: volumeClaimTemplate "data" of StatefulSet "shop/pg" names no StorageClass, so it gets the cluster default.',
            'postgres-k8s-stack-enforce-pod-disruption-budget: No PodDisruptionBudget selects the pods of StatefulSet "shop/pg" (2 replicas); a node drain can evict several at once.',
            'postgres-k8s-stack-enforce-network-policy: No NetworkPolicy restricts ingress to the pods of StatefulSet "shop/pg".',
            'postgres-k8s-stack-enforce-backups: StatefulSet "shop/pg" in a production stack has no backup CronJob sharing one of its labels postgres-k8s.io/cluster, app.kubernetes.io/instance.',
        ]);
    });
});
