import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { objectStore, ObjectStoreOptions } from "../../specs/cnpg/object-store";
import { scheduledBackup, ScheduledBackupOptions } from "../../specs/cnpg/scheduled-backup";

export interface CnpgBackupArgs {
    objectStore: ObjectStoreOptions;
    schedule: ScheduledBackupOptions;
}

/**
 * Backups the CloudNativePG 1.30 way: a Barman Cloud plugin `ObjectStore` (the Cluster archives
 * WAL to it through `spec.plugins`) and a `ScheduledBackup` with `method: plugin`.
 */
export class CnpgBackup extends pulumi.ComponentResource {
    public readonly objectStoreName: string;

    constructor(name: string, args: CnpgBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:cnpg:CnpgBackup", name, {}, opts);
        // Children wait for what the component waits for (the operator's CRDs and webhooks, the Secrets).
        const child = { parent: this, dependsOn: opts?.dependsOn };
        const store = new k8s.apiextensions.CustomResource(`${name}-object-store`, objectStore(args.objectStore), child);
        new k8s.apiextensions.CustomResource(`${name}-scheduled-backup`, scheduledBackup(args.schedule),
            { parent: this, dependsOn: [store] });
        this.objectStoreName = args.objectStore.name;
        this.registerOutputs({ objectStoreName: this.objectStoreName });
    }
}
