/** PersistentVolumeClaims: the data volumeClaimTemplate of a StatefulSet and the shared backup volume. */
import type * as pulumi from "@pulumi/pulumi";
import { dataVolumeName } from "./names";

/** What a data volumeClaimTemplate asks for: a class (or the static PVs' class) and a size. */
export interface ClaimTemplate {
    storageClassName?: string;
    size: pulumi.Input<string>;
}

/** The data volumeClaimTemplate: one ReadWriteOnce claim per pod, from a class or pre-bound static PVs. */
export function dataClaimTemplate(labels: Record<string, string>, storage: ClaimTemplate) {
    return {
        metadata: { name: dataVolumeName, labels },
        spec: {
            accessModes: ["ReadWriteOnce"],
            ...(storage.storageClassName ? { storageClassName: storage.storageClassName } : {}),
            resources: { requests: { storage: storage.size } },
        },
    };
}

export interface BackupClaimOptions {
    instances: number;
    size: pulumi.Input<string>;
    storageClassName?: string;
}

/** The volume holding the WAL archive and base backups. */
export function backupClaimSpec(o: BackupClaimOptions) {
    // Every instance archives into it and the job reads it: shared unless there is only one pod.
    const accessMode = o.instances > 1 ? "ReadWriteMany" : "ReadWriteOnce";
    return {
        accessModes: [accessMode],
        ...(o.storageClassName ? { storageClassName: o.storageClassName } : {}),
        resources: { requests: { storage: o.size } },
    };
}
