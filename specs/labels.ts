/** Labels: the six app.kubernetes.io labels plus the project's stable cluster key and its role key. */
import { parseImageReference } from "./image-reference";

export const labelPrefix = "postgres-k8s.io";
export const clusterLabel = `${labelPrefix}/cluster`;
/** Kept current by the role labeller sidecar; never part of a stable selector. */
export const roleLabel = `${labelPrefix}/role`;

export type Component = "database" | "backup" | "restore" | "restore-drill" | "failover" | "pgpool";
export type Role = "primary" | "replica";

export function commonLabels(cluster: string, component: Component, version?: string): Record<string, string> {
    const labels: Record<string, string> = {
        "app.kubernetes.io/name": "postgresql",
        "app.kubernetes.io/instance": cluster,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": "postgres-k8s",
        "app.kubernetes.io/managed-by": "pulumi",
        [clusterLabel]: cluster,
    };
    if (version) labels["app.kubernetes.io/version"] = version;
    return labels;
}

/** Stable labels that select one component's pods; used by StatefulSet, PDB, NetworkPolicy, anti-affinity. */
export function selectorLabels(cluster: string, component: Component = "database"): Record<string, string> {
    return {
        "app.kubernetes.io/name": "postgresql",
        "app.kubernetes.io/instance": cluster,
        "app.kubernetes.io/component": component,
        [clusterLabel]: cluster,
    };
}

export function roleSelector(cluster: string, role: Role): Record<string, string> {
    return { ...selectorLabels(cluster), [roleLabel]: role };
}

/** Version label value from an image reference (`postgres:15.18-bookworm` -> `15.18-bookworm`). */
export function imageVersion(image: string): string | undefined {
    const { tag } = parseImageReference(image);
    return tag && /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(tag) ? tag : undefined;
}
