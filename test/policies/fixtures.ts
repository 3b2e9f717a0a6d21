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
export const IMAGE = "docker.io/library/postgres:15.18-bookworm";

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
