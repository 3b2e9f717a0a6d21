/** Kubernetes object names: the cluster name plus a fixed suffix (CloudNativePG's convention). */
export const suffixes = {
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
    restoreDrill: "-restore-drill",
} as const;

export function objectName(cluster: string, suffix: keyof typeof suffixes): string {
    return `${cluster}${suffixes[suffix]}`;
}

/** The StatefulSet carries the cluster name itself, so pods are `<cluster>-<ordinal>`. */
export function podNames(cluster: string, instances: number): string[] {
    return Array.from({ length: instances }, (_, i) => `${cluster}-${i}`);
}

/** Name of the volumeClaimTemplate; the controller names claims `data-<pod>`. */
export const dataVolumeName = "data";

export function dataClaimName(cluster: string, ordinal: number): string {
    return `${dataVolumeName}-${cluster}-${ordinal}`;
}
