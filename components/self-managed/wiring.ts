/**
 * What the self-managed topologies (standalone, streaming, repmgr) build alike around their pods:
 * the data volumes, the names of the objects the pods mount, their environment, and with backups
 * the backup volume and CronJob and the point-in-time recovery instance (backup.ts, restore.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { objectName } from "../../specs/names";
import { clusterEnvOptions, PodEnvOptions } from "../../specs/self-managed/pod-env";
import { postgresPort } from "../../specs/services";
import { ResolvedClusterArgs } from "../args";
import { ClusterStorage } from "./storage";
import { TopologyContext } from "../topology";
import { ClusterBackup } from "./backup";
import { PointInTimeRestore } from "./restore";

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

/** The data volumes of every instance (claims, or hostPath / NFS PersistentVolumes). */
export function buildClusterStorage({ parent, name, args: a }: TopologyContext): ClusterStorage {
    return new ClusterStorage(`${name}-storage`, {
        cluster: a.clusterName, namespace: a.namespace, instances: a.instances, protect: a.protectData,
        mode: a.storage.mode, size: a.storage.size, storageClassName: a.storage.storageClassName || undefined,
        hostPath: a.storage.hostPath, nfs: a.storage.nfs,
    }, { parent });
}

/**
 * The pods' users, mounted objects (named through specs/names.ts) and environment, and the backup
 * volume and CronJob when backups are on, which wait for the objects in `backupDependsOn`.
 */
export function buildPodWiring(ctx: TopologyContext, storage: ClusterStorage, backupDependsOn: pulumi.Resource[]) {
    const { parent, name, args: a, superuser } = ctx;
    const users = { superuser, ...a.users };
    const mounted = mountedObjects(a.clusterName);
    const env = clusterEnvOptions({ cluster: a.clusterName, namespace: a.namespace, instances: a.instances, port: postgresPort, users, archive: a.backup !== undefined });
    const backupContext: BackupContext = { parent, name, args: a, env, storage };
    const backup = buildClusterBackup(backupContext, backupDependsOn);
    return { users, mounted, env, backupContext, backup };
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
