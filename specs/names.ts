/** Kubernetes object names: the cluster name plus a fixed suffix (CloudNativePG's convention). */
export const suffixes = {
    /** The StatefulSet carries the cluster name itself (pods `<cluster>-<ordinal>`), as do its PDB and NetworkPolicy. */
    statefulSet: "",
    headless: "-hl",
    readWrite: "-rw",
    readOnly: "-ro",
    config: "-config",
    scripts: "-scripts",
    superuser: "-superuser",
    replication: "-replication",
    app: "-app",
    instance: "-instance",
    backup: "-backup",
    restore: "-restore",
    /** The recovery instance's governing (headless) Service: a StatefulSet's serviceName must be one. */
    restoreHeadless: "-restore-hl",
    restoreDrill: "-restore-drill",
    failover: "-failover",
    /** ConfigMap holding the streaming cluster's "initialised" marker, written by its pods. */
    initMarker: "-initialised",
    /** The repmgr topology's pgpool Deployment, its PDB, NetworkPolicy and ConfigMap. */
    pgpool: "-pgpool",
    /** Secrets of pgpool's check role and of the pcp administrator (repmgr topology). */
    pgpoolCheck: "-pgpool-check",
    pcp: "-pcp",
    /** StorageClass name pairing pre-created PVs with the claim template; no StorageClass object exists. */
    static: "-static",
} as const;

export function objectName(cluster: string, suffix: keyof typeof suffixes): string {
    return `${cluster}${suffixes[suffix]}`;
}

/** Pod `ordinal` of a StatefulSet. */
export function podName(statefulSet: string, ordinal: number): string {
    return `${statefulSet}-${ordinal}`;
}

/** Pods of the cluster's StatefulSet, in ordinal order. */
export function podNames(cluster: string, instances: number): string[] {
    return Array.from({ length: instances }, (_, i) => podName(objectName(cluster, "statefulSet"), i));
}

/** Name of the volumeClaimTemplate; the controller names claims `data-<pod>`. */
export const dataVolumeName = "data";

export function dataClaimName(cluster: string, ordinal: number): string {
    return `${dataVolumeName}-${podName(objectName(cluster, "statefulSet"), ordinal)}`;
}

/** A pre-created data PV (hostPath, nfs modes): cluster-scoped, so the namespace is part of its name. */
export function staticVolumeName(namespace: string, cluster: string, ordinal: number): string {
    return `${namespace}-${cluster}-${dataVolumeName}-${ordinal}`;
}
