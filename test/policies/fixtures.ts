/**
 * Compliant baseline objects, one per kind, shaped like what the postgres-k8s program
 * produces. Each test case changes one thing. Every call returns a fresh copy.
 */
import { TestResource } from "../helpers/policy";

export const STS = "kubernetes:apps/v1:StatefulSet";
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const POD = "kubernetes:core/v1:Pod";
export const CRONJOB = "kubernetes:batch/v1:CronJob";
export const SERVICE = "kubernetes:core/v1:Service";
export const CONFIGMAP = "kubernetes:core/v1:ConfigMap";
export const CNPG_CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";
export const CNPG_POOLER = "kubernetes:postgresql.cnpg.io/v1:Pooler";

export const POD_LABELS = {
    "app.kubernetes.io/name": "postgresql",
    "app.kubernetes.io/instance": "main",
    "app.kubernetes.io/component": "database",
    "app.kubernetes.io/managed-by": "pulumi",
    "postgres-k8s.io/cluster": "main",
};
export const SELECTOR = { "app.kubernetes.io/name": "postgresql", "postgres-k8s.io/cluster": "main" };
export const IMAGE = "docker.io/library/postgres:15.19-bookworm";

export function postgresContainer(): any {
    return {
        name: "postgres",
        image: IMAGE,
        ports: [{ name: "postgres", containerPort: 5432 }],
        env: [{ name: "POSTGRES_PASSWORD_FILE", value: "/etc/postgres-k8s/secrets/superuser-password" }],
        resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "1Gi" } },
        readinessProbe: { exec: { command: ["pg_isready", "-h", "127.0.0.1"] } },
        livenessProbe: { tcpSocket: { port: 5432 } },
        securityContext: {
            runAsNonRoot: true, runAsUser: 999, allowPrivilegeEscalation: false, privileged: false,
            readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] },
        },
    };
}

/** Deep copy, so that a case editing a fixture cannot leak into the next. */
function fresh<T>(value: T): T {
    return JSON.parse(JSON.stringify(value));
}

export function statefulSet(replicas = 3): TestResource {
    return fresh({
        type: STS,
        name: "main",
        props: {
            apiVersion: "apps/v1",
            kind: "StatefulSet",
            metadata: { name: "main", namespace: "db", labels: POD_LABELS },
            spec: {
                replicas,
                serviceName: "main-hl",
                selector: { matchLabels: SELECTOR },
                persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
                template: {
                    metadata: { labels: POD_LABELS },
                    spec: {
                        securityContext: { runAsNonRoot: true, runAsUser: 999, fsGroup: 999 },
                        affinity: {
                            podAntiAffinity: {
                                requiredDuringSchedulingIgnoredDuringExecution: [
                                    { labelSelector: { matchLabels: SELECTOR }, topologyKey: "kubernetes.io/hostname" },
                                ],
                            },
                        },
                        containers: [postgresContainer()],
                    },
                },
                volumeClaimTemplates: [{
                    metadata: { name: "data" },
                    spec: { accessModes: ["ReadWriteOnce"], storageClassName: "fast-retain", resources: { requests: { storage: "10Gi" } } },
                }],
            },
        },
    });
}

/** The StatefulSet's pod spec, for edits. */
export function podSpec(r: TestResource): any {
    return r.props.spec.template.spec;
}

export function service(name = "main-rw"): TestResource {
    return fresh({
        type: SERVICE,
        name,
        props: {
            apiVersion: "v1", kind: "Service",
            metadata: { name, namespace: "db", labels: POD_LABELS },
            spec: { type: "ClusterIP", selector: SELECTOR, ports: [{ name: "postgres", port: 5432, targetPort: 5432 }] },
        },
    });
}

export const PG_HBA = [
    "local   all             postgres        peer",
    "host    replication     replicator      10.244.0.0/16    scram-sha-256",
    "host    all             all             10.244.0.0/16    scram-sha-256",
].join("\n") + "\n";

export function pgHbaConfigMap(content = PG_HBA): TestResource {
    return fresh({
        type: CONFIGMAP, name: "main-config",
        props: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "main-config", namespace: "db" },
            data: { "pg_hba.conf": content, "postgresql.conf": "password_encryption = 'scram-sha-256'\nlisten_addresses = '*'\n" } },
    });
}

export function cnpgCluster(instances = 3): TestResource {
    return fresh({
        type: CNPG_CLUSTER, name: "pg",
        props: {
            apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "pg", namespace: "db" },
            spec: {
                instances,
                imageName: "ghcr.io/cloudnative-pg/postgresql:16.4",
                resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "2Gi" } },
                storage: { size: "10Gi", storageClass: "fast-retain" },
                affinity: { enablePodAntiAffinity: true, topologyKey: "kubernetes.io/hostname", podAntiAffinityType: "required" },
                postgresql: { pg_hba: ["host all all 10.244.0.0/16 scram-sha-256"] },
                plugins: [{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "store" } }],
                managed: { services: { additional: [{ selectorType: "rw", serviceTemplate: { metadata: { name: "pg-app" }, spec: { type: "ClusterIP" } } }] } },
            },
        },
    });
}

export function pooler(): TestResource {
    return fresh({
        type: CNPG_POOLER, name: "pg-pooler-rw",
        props: {
            apiVersion: "postgresql.cnpg.io/v1", kind: "Pooler", metadata: { name: "pg-pooler-rw", namespace: "db" },
            spec: { cluster: { name: "pg" }, instances: 2, type: "rw", pgbouncer: { poolMode: "session" }, serviceTemplate: { spec: { type: "ClusterIP" } } },
        },
    });
}

export function pdb(spec: Record<string, unknown> = { maxUnavailable: 1 }): TestResource {
    return fresh({
        type: "kubernetes:policy/v1:PodDisruptionBudget", name: "main-pdb",
        props: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "main", namespace: "db" },
            spec: { ...spec, selector: { matchLabels: SELECTOR } } },
    });
}

export function networkPolicy(): TestResource {
    return fresh({
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "main-netpol",
        props: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "main", namespace: "db" },
            spec: { podSelector: { matchLabels: SELECTOR }, policyTypes: ["Ingress"],
                ingress: [{ from: [{ podSelector: { matchLabels: { "postgres-k8s.io/client": "main" } } }], ports: [{ port: 5432 }] }] } },
    });
}

export function storageClass(reclaimPolicy?: string): TestResource {
    return fresh({
        type: "kubernetes:storage.k8s.io/v1:StorageClass", name: "fast-retain",
        props: { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "fast-retain" },
            provisioner: "ebs.csi.aws.com", ...(reclaimPolicy ? { reclaimPolicy } : {}) },
    });
}

export function backupCronJob(): TestResource {
    return fresh({
        type: CRONJOB, name: "main-backup",
        props: { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "main-backup", namespace: "db" },
            spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: {
                metadata: { labels: { ...POD_LABELS, "app.kubernetes.io/component": "backup" } },
                spec: { restartPolicy: "OnFailure", containers: [{
                    name: "backup", image: IMAGE,
                    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } },
                    securityContext: { runAsNonRoot: true, runAsUser: 999, allowPrivilegeEscalation: false },
                }] },
            } } } } },
    });
}

export function ingress(backend = "web", port = 80): TestResource {
    return fresh({
        type: "kubernetes:networking.k8s.io/v1:Ingress", name: "web",
        props: { apiVersion: "networking.k8s.io/v1", kind: "Ingress",
            metadata: { name: "web", namespace: "db", annotations: { "kubernetes.io/ingress.allow-http": "false" } },
            spec: { tls: [{ hosts: ["app.example.com"], secretName: "web-tls" }],
                rules: [{ host: "app.example.com", http: { paths: [{ path: "/", pathType: "Prefix",
                    backend: { service: { name: backend, port: { number: port } } } }] } }] } },
    });
}

export function route(kind: "HTTPRoute" | "TCPRoute" | "TLSRoute", backend: string, port: number): TestResource {
    const version = kind === "HTTPRoute" ? "v1" : "v1alpha2";
    return fresh({
        type: `kubernetes:gateway.networking.k8s.io/${version}:${kind}`, name: `r-${backend}`,
        props: { apiVersion: `gateway.networking.k8s.io/${version}`, kind, metadata: { name: `r-${backend}`, namespace: "db" },
            spec: { parentRefs: [{ name: "edge" }], rules: [{ backendRefs: [{ name: backend, port }] }] } },
    });
}
