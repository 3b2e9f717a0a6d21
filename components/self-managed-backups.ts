/**
 * What the self-managed topologies (streaming, repmgr) build alike around their pods: the names of
 * the objects the pods mount, and with backups the backup volume and CronJob and the
 * point-in-time recovery instance (components/streaming/backup.ts, restore.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { objectName } from "../specs/names";
import { PodEnvOptions } from "../specs/pod-env";
import { postgresPort } from "../specs/services";
import { ResolvedClusterArgs } from "./postgres-cluster-args";
import { ClusterStorage } from "./storage";
import { ClusterBackup } from "./streaming/backup";
import { PointInTimeRestore } from "./streaming/restore";

/** The ConfigMaps and Secrets a PostgreSQL pod mounts, named through specs/names.ts. */
export function mountedObjects(cluster: string) {
    return {
        configMap: objectName(cluster, "config"),
        scriptsConfigMap: objectName(cluster, "scripts"),
        secrets: {
            superuser: objectName(cluster, "superuser"),
            replication: objectName(cluster, "replication"),
            app: objectName(cluster, "app"),
        },
    };
}

export interface BackupContext {
    parent: pulumi.ComponentResource;
    name: string;
    args: ResolvedClusterArgs;
    env: PodEnvOptions;
    storage: ClusterStorage;
}

/** The backup volume and base-backup CronJob when backups are on. */
export function buildClusterBackup({ parent, name, args: a, env }: BackupContext, dependsOn: pulumi.Resource[]): ClusterBackup | undefined {
    return a.backup
        ? new ClusterBackup(`${name}-backup`, {
            cluster: a.clusterName, namespace: a.namespace, instances: a.instances, image: a.image, resources: a.backup.resources, env,
            ...mountedObjects(a.clusterName), schedule: a.backup.schedule, retain: a.backup.retain, compression: a.backup.compression, deadlineSeconds: a.backup.deadlineSeconds, size: a.backup.storageSize,
            storageClassName: a.backup.storageClassName || undefined, protect: a.protectData,
        }, { parent, dependsOn })
        : undefined;
}

/** The point-in-time recovery instance when a restore is asked for. */
export function buildPointInTimeRestore({ parent, name, args: a, env, storage }: BackupContext, backup?: ClusterBackup): PointInTimeRestore | undefined {
    return a.restore
        ? new PointInTimeRestore(`${name}-restore`, {
            cluster: a.clusterName, namespace: a.namespace, image: a.image, resources: a.resources, env, ...mountedObjects(a.clusterName),
            port: postgresPort, backupClaim: objectName(a.clusterName, "backup"), from: a.restore.from, targetTime: a.restore.targetTime,
            storage: storage.claimTemplate, terminationGracePeriodSeconds: a.terminationGracePeriodSeconds,
            allowedClients: a.network.allowedClients, allowedClientNamespaces: a.network.allowedClientNamespaces,
        }, { parent, dependsOn: backup ? [backup] : [] })
        : undefined;
}
