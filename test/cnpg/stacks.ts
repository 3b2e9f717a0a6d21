/**
 * The dev and prod stacks switched to `topology: cnpg`, as a user would edit Pulumi.<stack>.yaml:
 * prod drops the keys of the self-managed backup volume (refused under cnpg) and names an object
 * store instead, a WAL volume, one synchronous standby, rw and ro poolers and a PodMonitor.
 */
import { StackName } from "../helpers/stack-config";

const prodBackupVolumeKeys = ["backupSchedule", "backupRetain", "restoreDrill", "backupMemoryLimit", "backupStorageSize", "backupStorageClassName"];

export function cnpgStackOverrides(stack: StackName, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const overrides: Record<string, unknown> = { topology: "cnpg" };
    if (stack === "prod") {
        for (const k of prodBackupVolumeKeys) overrides[k] = undefined;
        Object.assign(overrides, {
            walStorageSize: "20Gi",
            synchronousReplicas: 1,
            poolers: "rw+ro",
            podMonitor: true,
            metricsNamespace: "monitoring",
            backupDestinationPath: "s3://postgres-backups/prod",
            backupEndpointURL: "https://s3.eu-central-1.amazonaws.com",
            backupCredentialsSecret: "pg-backup-s3",
            backupRetentionPolicy: "30d",
            scheduledBackupSchedule: "0 0 3 * * *",
        });
    }
    return { ...overrides, ...extra };
}
