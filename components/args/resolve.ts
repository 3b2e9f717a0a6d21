/** PostgresClusterArgs with their defaults filled in (defaults.ts). */
import { resolveCnpgSettings } from "../cnpg/settings";
import { clusterDefaults } from "./defaults";
import { ContainerResources, PostgresClusterArgs, ResolvedClusterArgs, ResolvedResources } from "./types";

/** `r` over the defaults `d`, field by field. */
function resolveResources(r: ContainerResources | undefined, d: ResolvedResources): ResolvedResources {
    return {
        requests: { cpu: r?.requests?.cpu ?? d.requests.cpu, memory: r?.requests?.memory ?? d.requests.memory },
        limits: { cpu: r?.limits?.cpu ?? d.limits.cpu, memory: r?.limits?.memory ?? d.limits.memory },
    };
}


/** Fills in the defaults of defaults.ts. `name` is the component's name, the default cluster name. */
export function resolveClusterArgs(name: string, args: PostgresClusterArgs): ResolvedClusterArgs {
    const d = clusterDefaults;
    const backup = args.backup;
    return {
        topology: args.topology ?? d.topology,
        clusterName: args.clusterName ?? name,
        namespace: args.namespace ?? d.namespace,
        createNamespace: args.createNamespace ?? d.createNamespace,
        instances: args.instances ?? d.instances,
        image: args.image ?? d.image,
        kubectlImage: args.kubectlImage ?? d.kubectlImage,
        resources: resolveResources(args.resources, d.resources),
        storage: {
            mode: args.storage?.mode ?? d.storage.mode,
            size: args.storage?.size ?? d.storage.size,
            storageClassName: args.storage?.storageClassName,
            hostPath: args.storage?.hostPath,
            nfs: args.storage?.nfs,
        },
        postgresqlParameters: args.postgresqlParameters ?? {},
        antiAffinity: {
            mode: args.antiAffinity?.mode ?? d.antiAffinity.mode,
            topologyKey: args.antiAffinity?.topologyKey ?? d.antiAffinity.topologyKey,
        },
        network: {
            allowedClients: args.network?.allowedClients ?? [...d.network.allowedClients],
            allowedClientNamespaces: args.network?.allowedClientNamespaces ?? [...d.network.allowedClientNamespaces],
            podCidrs: args.network?.podCidrs ?? [...d.network.podCidrs],
            serviceType: args.network?.serviceType ?? d.network.serviceType,
        },
        pdbMaxUnavailable: args.pdbMaxUnavailable ?? d.pdbMaxUnavailable,
        terminationGracePeriodSeconds: args.terminationGracePeriodSeconds ?? d.terminationGracePeriodSeconds,
        replicaMaxLagMB: args.replicaMaxLagMB ?? d.replicaMaxLagMB,
        protectData: args.protectData ?? d.protectData,
        users: {
            replicationUser: args.users?.replicationUser ?? d.users.replicationUser,
            appUser: args.users?.appUser ?? d.users.appUser,
            appDatabase: args.users?.appDatabase ?? d.users.appDatabase,
        },
        backup: backup && {
            schedule: backup.schedule ?? d.backup.schedule,
            retain: backup.retain ?? d.backup.retain,
            compression: backup.compression ?? d.backup.compression,
            deadlineSeconds: backup.deadlineSeconds ?? d.backup.deadlineSeconds,
            archiveTimeoutSeconds: backup.archiveTimeoutSeconds ?? d.backup.archiveTimeoutSeconds,
            storageSize: backup.storageSize ?? d.backup.storageSize,
            resources: resolveResources(backup.resources, d.backup.resources),
            storageClassName: backup.storageClassName,
            restoreDrillSchedule: backup.restoreDrillSchedule,
        },
        restore: args.restore,
        autoFailover: args.autoFailover && {
            intervalSeconds: args.autoFailover.intervalSeconds ?? d.autoFailover.intervalSeconds,
            checks: args.autoFailover.checks ?? d.autoFailover.checks,
        },
        repmgr: {
            monitorIntervalSeconds: args.repmgr?.monitorIntervalSeconds ?? d.repmgr.monitorIntervalSeconds,
            reconnectAttempts: args.repmgr?.reconnectAttempts ?? d.repmgr.reconnectAttempts,
            reconnectIntervalSeconds: args.repmgr?.reconnectIntervalSeconds ?? d.repmgr.reconnectIntervalSeconds,
            connectTimeoutSeconds: args.repmgr?.connectTimeoutSeconds ?? d.repmgr.connectTimeoutSeconds,
            pgpool: { ...d.repmgr.pgpool, ...definedOnly(args.repmgr?.pgpool ?? {}) },
        },
        cnpg: resolveCnpgSettings(args.cnpg),
    };
}

/** The fields of `o` that are set: `{ a: undefined }` must not override a default. */
function definedOnly<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

