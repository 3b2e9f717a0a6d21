/** `ScheduledBackup` through the Barman Cloud plugin (`method: plugin`), from a standby when one exists. */
import { barmanCloudPluginName, cnpgApiVersion } from "./api";

export interface ScheduledBackupOptions {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    cluster: string;
    /** Six fields, seconds first (specs/cnpg/cron.ts). */
    schedule: string;
}

export function scheduledBackup(o: ScheduledBackupOptions) {
    return {
        apiVersion: cnpgApiVersion,
        kind: "ScheduledBackup",
        metadata: { name: o.name, namespace: o.namespace, labels: o.labels },
        spec: {
            cluster: { name: o.cluster },
            schedule: o.schedule,
            method: "plugin",
            pluginConfiguration: { name: barmanCloudPluginName },
            target: "prefer-standby",
            // A first backup right away: PITR needs a base backup before the first scheduled run.
            immediate: true,
            // Backups outlive the ScheduledBackup and the Cluster; retention removes them.
            backupOwnerReference: "none",
        },
    };
}
