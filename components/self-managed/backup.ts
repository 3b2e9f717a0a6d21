import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BackupCompression, backupCronJobSpec, BackupPodOptions } from "../../specs/self-managed/backup";
import { commonLabels } from "../../specs/labels";
import { denyIngressSpec } from "../../specs/network-policy";
import { objectName } from "../../specs/names";
import { backupClaimSpec } from "../../specs/persistent-volume-claim";

export interface ClusterBackupArgs extends Omit<BackupPodOptions, "backupClaim"> {
    namespace: string;
    instances: number;
    /** Five-field cron schedule of the base backup. */
    schedule: pulumi.Input<string>;
    /** Base backups kept; older ones and the WAL only they need are pruned after a newer backup completes. */
    retain: number;
    /** Base-backup compression, done by the source server. Defaults to zstd. */
    compression?: BackupCompression;
    /** activeDeadlineSeconds of each backup Job. Defaults to 21600. */
    deadlineSeconds?: number;
    /** Size of the volume holding the WAL archive (`wal/`) and base backups (`base/`). */
    size: pulumi.Input<string>;
    /** StorageClass; it must offer ReadWriteMany when instances > 1. Defaults to the cluster default. */
    storageClassName?: string;
    /** Protect the backup volume. Defaults to false. */
    protect?: boolean;
}

/**
 * The backup volume, the base-backup CronJob and a NetworkPolicy that admits nothing to its
 * pods (the job only connects out). WAL archiving itself is configured in
 * postgresql.conf (see PostgresConfiguration) and writes into the same volume.
 */
export class ClusterBackup extends pulumi.ComponentResource {
    public readonly claimName: pulumi.Output<string>;
    public readonly cronJobName: pulumi.Output<string>;

    constructor(name: string, args: ClusterBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:backup:ClusterBackup", name, {}, opts);
        const claimName = objectName(args.cluster, "backup");
        const labels = commonLabels(args.cluster, "backup");
        const claim = new k8s.core.v1.PersistentVolumeClaim(`${name}-volume`, {
            metadata: { name: claimName, namespace: args.namespace, labels },
            spec: backupClaimSpec(args),
        }, { parent: this, protect: args.protect ?? false, retainOnDelete: true });
        const cronJob = new k8s.batch.v1.CronJob(`${name}-cronjob`, {
            metadata: { name: claimName, namespace: args.namespace, labels },
            spec: backupCronJobSpec({ ...args, backupClaim: claimName }),
        }, { parent: this, dependsOn: [claim] });
        new k8s.networking.v1.NetworkPolicy(`${name}-networkpolicy`, {
            metadata: { name: claimName, namespace: args.namespace, labels },
            spec: denyIngressSpec(args.cluster, "backup"),
        }, { parent: this });

        this.claimName = claim.metadata.name;
        this.cronJobName = cronJob.metadata.name;
        this.registerOutputs({ claimName: this.claimName, cronJobName: this.cronJobName });
    }
}
