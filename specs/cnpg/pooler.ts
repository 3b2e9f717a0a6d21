/** A PgBouncer `Pooler` in front of the Cluster's read-write (`rw`) or read-only (`ro`) instances. */
import { CnpgResources, cnpgApiVersion, cnpgLabels } from "./api";
import { podAntiAffinity, AntiAffinityMode } from "../affinity";

export interface PoolerOptions {
    namespace: string;
    labels: Record<string, string>;
    cluster: string;
    type: "rw" | "ro";
    instances: number;
    poolMode: "session" | "transaction";
    maxClientConnections: number;
    defaultPoolSize: number;
    resources: CnpgResources;
    antiAffinity: AntiAffinityMode;
    topologyKey: string;
}

/** `<cluster>-pooler-rw` / `-pooler-ro`: also the name of the Service the operator creates for it. */
export function poolerName(cluster: string, type: "rw" | "ro"): string {
    return `${cluster}-pooler-${type}`;
}

export function pooler(o: PoolerOptions) {
    const name = poolerName(o.cluster, o.type);
    return {
        apiVersion: cnpgApiVersion,
        kind: "Pooler",
        metadata: {
            name,
            namespace: o.namespace,
            labels: o.labels,
            // The operator's Pooler reconciler ignores deletionTimestamp and recreates the
            // Deployment, Service and RBAC the garbage collector removes, so a foreground delete
            // (the provider's default) waits on them forever: `pulumi destroy` timed out after
            // 10 min. In the background the Pooler goes at once and its children after it.
            annotations: { "pulumi.com/deletionPropagationPolicy": "background" },
        },
        spec: {
            cluster: { name: o.cluster },
            type: o.type,
            instances: o.instances,
            pgbouncer: {
                poolMode: o.poolMode,
                parameters: {
                    max_client_conn: String(o.maxClientConnections),
                    default_pool_size: String(o.defaultPoolSize),
                },
            },
            template: {
                metadata: { labels: o.labels },
                spec: {
                    // The operator fills in image, command, ports and probes of the named container.
                    containers: [{ name: "pgbouncer", resources: o.resources }],
                    affinity: podAntiAffinity(o.antiAffinity, { [cnpgLabels.poolerName]: name }, o.topologyKey),
                },
            },
        },
    };
}
