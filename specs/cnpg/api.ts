/**
 * CloudNativePG 1.30 and Barman Cloud plugin 0.15 names the program relies on: API versions,
 * the labels the operator puts on its pods (pkg/utils/labels_annotations.go) and its ports
 * (pkg/specs/pods.go, pkg/specs/pgbouncer/deployments.go).
 */

import type { Input } from "@pulumi/pulumi";

export const cnpgApiVersion = "postgresql.cnpg.io/v1";
export const barmanCloudApiVersion = "barmancloud.cnpg.io/v1";
export const podMonitorApiVersion = "monitoring.coreos.com/v1";
/** The plugin's name in `Cluster.spec.plugins` and `ScheduledBackup.spec.pluginConfiguration`. */
export const barmanCloudPluginName = "barman-cloud.cloudnative-pg.io";

export const cnpgLabels = {
    cluster: "cnpg.io/cluster",
    podRole: "cnpg.io/podRole",
    poolerName: "cnpg.io/poolerName",
} as const;

/** Values of `cnpg.io/podRole`: instances of the Cluster, and PgBouncer pods of its Poolers. */
export type CnpgPodRole = "instance" | "pooler";

export const cnpgPorts = {
    postgres: 5432,
    /** Instance manager's status API (HTTPS): the operator's health and status calls, peers' isolation checks. */
    status: 8000,
    /** Instance metrics exporter. */
    metrics: 9187,
    /** PgBouncer's own listener in pooler pods. */
    pooler: 5432,
    poolerMetrics: 9127,
} as const;

/** Selector of one Cluster's pods of one role. */
export function cnpgPodSelector(cluster: string, role: CnpgPodRole): Record<string, string> {
    return { [cnpgLabels.cluster]: cluster, [cnpgLabels.podRole]: role };
}

/** Names of the Services the operator creates for a Cluster (`api/v1/cluster_types.go`). */
export function cnpgServiceNames(cluster: string) {
    return { readWrite: `${cluster}-rw`, readOnly: `${cluster}-ro`, read: `${cluster}-r` };
}

/** A Kubernetes quantity; the components pass their args' inputs straight through. */
export type Quantity = Input<string>;

export interface CnpgVolume {
    size: Quantity;
    /** Unset: the cluster's default StorageClass. */
    storageClass?: string;
}

export interface CnpgResources {
    requests: { cpu: Quantity; memory: Quantity };
    limits: { cpu: Quantity; memory: Quantity };
}
