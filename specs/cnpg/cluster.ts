/**
 * The CloudNativePG `Cluster`: the operator turns it into instance pods, claims, Services,
 * PodDisruptionBudgets and Secrets (CloudNativePG 1.30 `api/v1/cluster_types.go`).
 */
import { AntiAffinityMode } from "../affinity";
import { barmanCloudPluginName, cnpgApiVersion, CnpgResources, CnpgVolume } from "./api";

export interface CnpgSynchronous {
    method: "any" | "first";
    /** Standbys that must confirm each commit. */
    number: number;
    /** `required`: writes stop when too few standbys answer; `preferred`: they continue on fewer. */
    dataDurability: "required" | "preferred";
    /**
     * Promote only a standby known to hold every synchronously committed transaction (CloudNativePG's
     * quorum check, `docs/src/failover.md`); otherwise wait, as `required` durability asks.
     */
    failoverQuorum: boolean;
}

/** A new cluster: `initdb` with the application database and its owner. */
export interface CnpgInitdb {
    kind: "initdb";
    database: string;
    owner: string;
    /** basic-auth Secret of the owner (username = owner). */
    secret: string;
}

/** Barman names a backup by its start time, `YYYYMMDDTHHMMSS`. */
export const barmanBackupId = /^[0-9]{8}T[0-9]{6}$/;

/** A cluster recovered from another one's Barman Cloud archive, up to a point in time. */
export interface CnpgRecovery {
    kind: "recovery";
    database: string;
    owner: string;
    secret: string;
    /** ObjectStore holding the origin's base backups and WAL. */
    objectStore: string;
    /** The origin's server name in the store: its Cluster name. */
    serverName: string;
    /** RFC 3339; recovery stops there and the cluster is promoted. */
    targetTime: string;
    /** A Barman backup id (`barmanBackupId`); unset lets Barman pick the latest backup before the target. */
    backupId?: string;
}

export interface CnpgClusterOptions {
    name: string;
    namespace: string;
    instances: number;
    imageName: string;
    /** uid and gid of `postgres` in the image (the operator's own images use 26, Debian's 999). */
    postgresUid: number;
    storage: CnpgVolume;
    /** A separate volume for pg_wal; unset keeps WAL on the data volume. */
    walStorage?: CnpgVolume;
    parameters: Record<string, string>;
    /** User pg_hba rules (specs/cnpg/pg-hba.ts). */
    pgHba: string[];
    synchronous?: CnpgSynchronous;
    resources: CnpgResources;
    antiAffinity: AntiAffinityMode;
    topologyKey: string;
    /** The operator's PodDisruptionBudgets (one over the primary, one over the replicas). */
    enablePDB: boolean;
    /** basic-auth Secret of `postgres`. */
    superuserSecret: string;
    /** Seconds an instance gets to stop cleanly (the pods' grace period). */
    stopDelay: number;
    /** ObjectStore that archives WAL through the Barman Cloud plugin; unset: no archiving. */
    walArchive?: { objectStore: string };
    bootstrap: CnpgInitdb | CnpgRecovery;
    /** Labels of the Cluster itself. */
    labels: Record<string, string>;
    /** Labels the operator copies to every object it creates. */
    inheritedLabels: Record<string, string>;
    /** A managed Service of this type besides the operator's ClusterIP ones (`-rw` selector). */
    externalServiceType?: "NodePort" | "LoadBalancer";
}

/** Name of the external cluster a recovery reads from. */
export const recoverySourceName = "origin";

function volume(v: CnpgVolume) {
    return { size: v.size, ...(v.storageClass ? { storageClass: v.storageClass } : {}) };
}

function bootstrap(b: CnpgInitdb | CnpgRecovery) {
    const common = { database: b.database, owner: b.owner, secret: { name: b.secret } };
    if (b.kind === "initdb") return { initdb: common };
    return {
        recovery: {
            ...common,
            source: recoverySourceName,
            recoveryTarget: { targetTime: b.targetTime, ...(b.backupId ? { backupID: b.backupId } : {}) },
        },
    };
}

export function cnpgCluster(o: CnpgClusterOptions) {
    const recovery = o.bootstrap.kind === "recovery" ? o.bootstrap : undefined;
    return {
        apiVersion: cnpgApiVersion,
        kind: "Cluster",
        metadata: { name: o.name, namespace: o.namespace, labels: o.labels },
        spec: {
            instances: o.instances,
            imageName: o.imageName,
            // An explicit pull policy: the operator's default follows the tag, and pinned tags never move.
            imagePullPolicy: "IfNotPresent",
            postgresUID: o.postgresUid,
            postgresGID: o.postgresUid,
            inheritedMetadata: { labels: o.inheritedLabels },
            storage: volume(o.storage),
            ...(o.walStorage ? { walStorage: volume(o.walStorage) } : {}),
            postgresql: {
                parameters: o.parameters,
                pg_hba: o.pgHba,
                ...(o.synchronous ? { synchronous: o.synchronous } : {}),
            },
            resources: o.resources,
            affinity: {
                enablePodAntiAffinity: true,
                podAntiAffinityType: o.antiAffinity,
                topologyKey: o.topologyKey,
            },
            enablePDB: o.enablePDB,
            // The project's own basic-auth Secret: its password is in the Pulumi state, never generated by the operator.
            enableSuperuserAccess: true,
            superuserSecret: { name: o.superuserSecret },
            stopDelay: o.stopDelay,
            smartShutdownTimeout: Math.min(180, Math.floor(o.stopDelay / 2)),
            primaryUpdateStrategy: "unsupervised",
            primaryUpdateMethod: "switchover",
            bootstrap: bootstrap(o.bootstrap),
            ...(o.walArchive ? {
                plugins: [{
                    name: barmanCloudPluginName,
                    isWALArchiver: true,
                    parameters: { barmanObjectName: o.walArchive.objectStore },
                }],
            } : {}),
            ...(recovery ? {
                externalClusters: [{
                    name: recoverySourceName,
                    plugin: {
                        name: barmanCloudPluginName,
                        parameters: { barmanObjectName: recovery.objectStore, serverName: recovery.serverName },
                    },
                }],
            } : {}),
            ...(o.externalServiceType ? {
                managed: {
                    services: {
                        additional: [{
                            selectorType: "rw",
                            serviceTemplate: {
                                metadata: { name: `${o.name}-rw-external` },
                                spec: { type: o.externalServiceType },
                            },
                        }],
                    },
                },
            } : {}),
        },
    };
}
