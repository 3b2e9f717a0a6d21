/** The mapping from a validated stack config (flat keys) to the component's structured args. */
import { PostgresClusterArgs } from "../components/args";
import { StackConfig } from "./keys";

/** `''` means "not set" for the optional string keys. */
const unlessEmpty = (s: string): string | undefined => s || undefined;

export function clusterArgs(c: StackConfig): PostgresClusterArgs {
    return {
        topology: c.topology,
        clusterName: c.clusterName,
        namespace: c.namespace,
        createNamespace: c.createNamespace,
        instances: c.instances,
        image: c.image,
        kubectlImage: c.kubectlImage,
        resources: {
            requests: { cpu: c.cpuRequest, memory: c.memoryRequest },
            limits: { cpu: c.cpuLimit, memory: c.memoryLimit },
        },
        storage: {
            mode: c.storageMode,
            size: c.storageSize,
            storageClassName: unlessEmpty(c.storageClassName),
            hostPath: c.storageMode === "hostPath" ? { path: c.hostPath, node: c.hostPathNode } : undefined,
            nfs: c.storageMode === "nfs" ? { server: c.nfsServer, path: c.nfsPath } : undefined,
        },
        postgresqlParameters: c.postgresqlParameters,
        antiAffinity: { mode: c.antiAffinity, topologyKey: c.antiAffinityTopologyKey },
        network: {
            allowedClients: c.allowedClients,
            allowedClientNamespaces: c.allowedClientNamespaces,
            podCidrs: c.podCidrs,
            serviceType: c.serviceType,
        },
        pdbMaxUnavailable: c.pdbMaxUnavailable,
        terminationGracePeriodSeconds: c.terminationGracePeriodSeconds,
        replicaMaxLagMB: c.replicaMaxLagMB,
        protectData: c.protectData,
        users: { replicationUser: c.replicationUser, appUser: c.appUser, appDatabase: c.appDatabase },
        backup: c.backupEnabled ? {
            schedule: c.backupSchedule,
            retain: c.backupRetain,
            compression: c.backupCompression,
            deadlineSeconds: c.backupDeadlineSeconds,
            archiveTimeoutSeconds: c.archiveTimeoutSeconds,
            storageSize: c.backupStorageSize,
            resources: {
                requests: { cpu: c.backupCpuRequest, memory: c.backupMemoryRequest },
                limits: { cpu: c.backupCpuLimit, memory: c.backupMemoryLimit },
            },
            storageClassName: unlessEmpty(c.backupStorageClassName),
            restoreDrillSchedule: unlessEmpty(c.restoreDrill),
        } : undefined,
        restore: c.restoreFrom ? { from: c.restoreFrom, targetTime: c.restoreTargetTime } : undefined,
        autoFailover: c.autoFailover ? { intervalSeconds: c.autoFailoverIntervalSeconds, checks: c.autoFailoverChecks } : undefined,
        repmgr: {
            monitorIntervalSeconds: c.repmgrMonitorIntervalSeconds,
            reconnectAttempts: c.repmgrReconnectAttempts,
            reconnectIntervalSeconds: c.repmgrReconnectIntervalSeconds,
            connectTimeoutSeconds: c.repmgrConnectTimeoutSeconds,
            pgpool: {
                replicas: c.pgpoolReplicas, numInitChildren: c.pgpoolNumInitChildren, maxPool: c.pgpoolMaxPool,
                loadBalance: c.pgpoolLoadBalance, healthCheckPeriodSeconds: c.pgpoolHealthCheckPeriodSeconds,
                healthCheckMaxRetries: c.pgpoolHealthCheckMaxRetries,
            },
        },
        cnpg: {
            installOperator: c.installOperator,
            operatorNamespace: c.operatorNamespace,
            walStorageSize: unlessEmpty(c.walStorageSize),
            synchronous: c.synchronousReplicas > 0 ? { number: c.synchronousReplicas, dataDurability: c.synchronousDataDurability } : undefined,
            poolers: {
                types: c.poolers === "none" ? [] : c.poolers === "rw" ? ["rw"] : ["rw", "ro"],
                instances: c.poolerInstances,
                poolMode: c.poolerMode,
            },
            podMonitor: c.podMonitor,
            metricsNamespace: unlessEmpty(c.metricsNamespace),
            objectStore: c.backupDestinationPath ? {
                destinationPath: c.backupDestinationPath,
                endpointURL: unlessEmpty(c.backupEndpointURL),
                endpointCASecret: unlessEmpty(c.backupEndpointCASecret),
                credentialsSecret: c.backupCredentialsSecret,
                retentionPolicy: c.backupRetentionPolicy,
            } : undefined,
            backupSchedule: c.scheduledBackupSchedule,
        },
    };
}
