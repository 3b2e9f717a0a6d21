/**
 * Pre-created PersistentVolumes for the static storage modes (hostPath, NFS). Each PV is bound in
 * advance to the claim the StatefulSet controller will create for one ordinal, and is Retained.
 */
import { dataClaimName } from "./names";

export type StaticSource =
    | { kind: "hostPath"; path: string; node: string }
    | { kind: "nfs"; server: string; path: string };

export interface StaticVolumeOptions {
    cluster: string;
    namespace: string;
    ordinal: number;
    size: string;
    storageClassName: string;
    source: StaticSource;
}

/** Storage class name that pairs static PVs with the volumeClaimTemplate; no StorageClass object is needed. */
export function staticStorageClassName(cluster: string): string {
    return `${cluster}-static`;
}

export function staticVolumeSpec(o: StaticVolumeOptions) {
    const dir = `${o.source.path.replace(/\/+$/, "")}/${o.cluster}-${o.ordinal}`;
    const source = o.source.kind === "hostPath"
        ? {
            hostPath: { path: dir, type: "DirectoryOrCreate" },
            nodeAffinity: {
                required: {
                    nodeSelectorTerms: [{
                        matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [o.source.node] }],
                    }],
                },
            },
        }
        : { nfs: { server: o.source.server, path: dir } };
    return {
        capacity: { storage: o.size },
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: o.storageClassName,
        volumeMode: "Filesystem",
        claimRef: { namespace: o.namespace, name: dataClaimName(o.cluster, o.ordinal) },
        ...source,
    };
}
