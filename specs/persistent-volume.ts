/**
 * Pre-created PersistentVolumes for the static storage modes (hostPath, NFS). Each PV is bound in
 * advance to the claim the StatefulSet controller will create for one ordinal, and is Retained.
 */
import type * as pulumi from "@pulumi/pulumi";
import { dataClaimName, objectName, podName } from "./names";

export type StaticSource =
    | { kind: "hostPath"; path: string; node: string }
    | { kind: "nfs"; server: string; path: string };

export interface StaticVolumeOptions {
    cluster: string;
    namespace: string;
    ordinal: number;
    size: pulumi.Input<string>;
    storageClassName: string;
    source: StaticSource;
}

export function staticVolumeSpec(o: StaticVolumeOptions) {
    // One directory per pod, named like it.
    const dir = `${o.source.path.replace(/\/+$/, "")}/${podName(objectName(o.cluster, "statefulSet"), o.ordinal)}`;
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
