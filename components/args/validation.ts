/**
 * The rules PostgresClusterArgs must meet, written once for the component and the stack config.
 * Single values are checked by the checks of checks/ (config/'s key specs use them too); the rules
 * spanning several settings are pure functions over `RuleFacts` (the settings, flat, named like
 * the stack config keys) and a `Namer`. Both give findings: the field, its value and what is
 * allowed. The component words them with the arg fields (`clusterArgsProblems`); config/ with the
 * config keys (`Invalid config postgres-k8s:<key> = <value>; allowed: ...`).
 */
import * as pulumi from "@pulumi/pulumi";
import { barmanBackupId } from "../../specs/cnpg/cluster";
import { cnpgImageProblem, cnpgMinimumMajor } from "../../specs/cnpg/image";
import { cnpgFixedParameters } from "../../specs/cnpg/parameters";
import { repmgrNames } from "../../specs/repmgr/config-files";
import { selfManagedBackupId } from "../../specs/self-managed/backup";
import { defaultParameters, ownedParameters } from "../../specs/postgresql-conf";
import { parseQuantity } from "../../policies/lib/quantity";
import { catalogueMajors, imageMajor, memoryParameterBytes, parameterProblems } from "../../specs/postgresql-parameters";
import { cnpgArgsProblems } from "../cnpg/settings";
import { Check, valueChecks } from "./checks";
import { clusterDefaults } from "./defaults";
import { ResolvedClusterArgs, Topology, topologies } from "./types";

/**
 * The settings the rules read, named like the stack config keys. Optional: what the component's
 * args may leave unset, or hold as an Output (not known before the deployment, so not checked).
 */
export interface RuleFacts {
    topology: Topology;
    clusterName: string; namespace: string;
    instances: number;
    image: string; kubectlImage: string;
    cpuRequest?: string; cpuLimit?: string; memoryRequest?: string; memoryLimit?: string;
    backupCpuRequest?: string; backupCpuLimit?: string; backupMemoryRequest?: string; backupMemoryLimit?: string;
    storageMode: string; storageSize?: string; storageClassName?: string;
    hostPath: string; hostPathNode: string; nfsServer: string; nfsPath: string;
    antiAffinity: string;
    allowedClients: string[]; allowedClientNamespaces: string[]; podCidrs: string[];
    pdbMaxUnavailable: number; terminationGracePeriodSeconds: number; replicaMaxLagMB: number;
    replicationUser: string; appUser: string; appDatabase: string;
    postgresqlParameters: Record<string, string | number | boolean>;
    backupEnabled: boolean;
    backupSchedule?: string; backupRetain?: number; backupDeadlineSeconds?: number; archiveTimeoutSeconds?: number;
    backupStorageSize?: string; backupStorageClassName?: string;
    restoreDrill: string;
    restoreFrom: string;
    restoreTargetTime: string;
    autoFailover: boolean; autoFailoverIntervalSeconds?: number; autoFailoverChecks?: number;
    repmgrMonitorIntervalSeconds: number; repmgrReconnectAttempts: number; repmgrReconnectIntervalSeconds: number; repmgrConnectTimeoutSeconds: number;
    pgpoolReplicas: number; pgpoolNumInitChildren: number; pgpoolMaxPool: number;
    pgpoolHealthCheckPeriodSeconds: number; pgpoolHealthCheckMaxRetries: number;
    operatorNamespace: string; walStorageSize?: string; synchronousReplicas: number; poolerInstances: number; metricsNamespace?: string;
    backupDestinationPath: string; backupEndpointURL?: string; backupEndpointCASecret?: string; backupCredentialsSecret: string;
    backupRetentionPolicy?: string; scheduledBackupSchedule: string;
}

export type RuleField = keyof RuleFacts;

/** How a side names a field, and says that a switch (backupEnabled) is on. */
export interface Namer {
    name(field: RuleField): string;
    on(field: "backupEnabled"): string;
}

export interface Finding { field: RuleField; value: unknown; allowed: string }

/** What a drill's scratch server needs besides shared_buffers: its processes, WAL replay, amcheck. */
const drillHeadroomBytes = 256 * 1024 ** 2;
/** What a server needs besides shared_buffers and wal_buffers to start and serve: the postmaster, background processes, a few backends. */
const serverHeadroomBytes = 64 * 1024 ** 2;
/** Connections PostgreSQL keeps for repmgr, replication, backups and the superuser besides pgpool's. */
const reservedConnections = 20;

/** The API server refuses a pod whose request is above its limit: say so before anything is created. */
function requestWithinLimit(f: RuleFacts, n: Namer): Finding[] {
    const pairs = [["cpuRequest", "cpuLimit"], ["memoryRequest", "memoryLimit"], ["backupCpuRequest", "backupCpuLimit"], ["backupMemoryRequest", "backupMemoryLimit"]] as const;
    const out: Finding[] = [];
    for (const [request, limit] of pairs) {
        const r = f[request], l = f[limit];
        if (r === undefined || l === undefined) continue;
        const [rq, lq] = [parseQuantity(r), parseQuantity(l)];
        if (rq !== undefined && lq !== undefined && rq > lq) out.push({ field: request, value: r, allowed: `at most ${n.name(limit)} (${l})` });
    }
    return out;
}

/** The static volume modes need their source; hostPath volumes all sit on one node. */
function storageModeRequirements(f: RuleFacts, n: Namer): Finding[] {
    const out: Finding[] = [];
    const mode = n.name("storageMode");
    if (f.storageMode === "hostPath") {
        if (!f.hostPath) out.push({ field: "hostPath", value: f.hostPath, allowed: `an absolute path when ${mode} is 'hostPath'` });
        if (!f.hostPathNode) out.push({ field: "hostPathNode", value: f.hostPathNode, allowed: `a node name when ${mode} is 'hostPath'` });
        if (f.antiAffinity === "required" && f.instances > 1) {
            out.push({ field: "antiAffinity", value: f.antiAffinity,
                allowed: `'preferred' when ${mode} is 'hostPath' with more than one instance (all hostPath volumes sit on one node)` });
        }
    }
    if (f.storageMode === "nfs") {
        if (!f.nfsServer) out.push({ field: "nfsServer", value: f.nfsServer, allowed: `a host name or address when ${mode} is 'nfs'` });
        if (!f.nfsPath) out.push({ field: "nfsPath", value: f.nfsPath, allowed: `an absolute export path when ${mode} is 'nfs'` });
    }
    return out;
}

/** shared_buffers as the settings give it (postgresqlParameters, else the program's default), and in bytes when it reads as a size. */
function sharedBuffers(f: RuleFacts): { value: string | number | boolean; bytes?: number } {
    const value = f.postgresqlParameters.shared_buffers ?? defaultParameters.shared_buffers;
    return { value, bytes: memoryParameterBytes("shared_buffers", value, imageMajor(f.image) ?? catalogueMajors[0]) };
}

/**
 * wal_buffers in bytes: as set, or what PostgreSQL picks for -1 (its default): 1/32 of
 * shared_buffers, at least 64kB and at most one WAL segment (16MB).
 */
function walBuffersBytes(f: RuleFacts, sharedBuffersBytes: number): number {
    const set = f.postgresqlParameters.wal_buffers;
    const bytes = set === undefined ? undefined : memoryParameterBytes("wal_buffers", set, imageMajor(f.image) ?? catalogueMajors[0]);
    return bytes !== undefined && bytes > 0 ? bytes : Math.min(Math.max(sharedBuffersBytes / 32, 64 * 1024), 16 * 1024 ** 2);
}

/** A size in Mi, or Ki when it is not a whole number of Mi. */
const binarySize = (bytes: number) => bytes % 1024 ** 2 === 0 ? `${bytes / 1024 ** 2}Mi` : `${Math.ceil(bytes / 1024)}Ki`;

/** The limit `field` below `floorBytes` (when both are known), as a finding. */
function memoryFloor(f: RuleFacts, field: "memoryLimit" | "backupMemoryLimit", floorBytes: number | undefined, allowed: string): Finding[] {
    const limit = f[field] === undefined ? undefined : parseQuantity(f[field]!);
    return floorBytes !== undefined && limit !== undefined && limit < floorBytes ? [{ field, value: f[field], allowed }] : [];
}

/**
 * PostgreSQL allocates shared_buffers and wal_buffers in one shared memory segment when it starts,
 * and needs its own processes besides: a memory limit below them is OOM-killed (or refused a start) under load.
 */
function serverMemory(f: RuleFacts): Finding[] {
    const sb = sharedBuffers(f);
    if (sb.bytes === undefined) return [];
    const wal = walBuffersBytes(f, sb.bytes);
    const floor = sb.bytes + wal + serverHeadroomBytes;
    return memoryFloor(f, "memoryLimit", floor,
        `at least shared_buffers (${sb.value}) plus wal_buffers (${binarySize(wal)}) plus 64Mi (${binarySize(floor)} in all): PostgreSQL allocates them when it starts, and its processes need the rest`);
}

/** A drill restores the base backups into a scratch server that runs the cluster's postgresql.conf. */
function restoreDrillRequirements(f: RuleFacts, n: Namer): Finding[] {
    if (!f.restoreDrill) return [];
    if (!f.backupEnabled) {
        return [{ field: "restoreDrill", value: f.restoreDrill, allowed: `'' unless ${n.on("backupEnabled")} (a drill restores the base backups)` }];
    }
    const sb = sharedBuffers(f);
    return memoryFloor(f, "backupMemoryLimit", sb.bytes === undefined ? undefined : sb.bytes + drillHeadroomBytes,
        `at least shared_buffers (${sb.value}) plus 256Mi when ${n.name("restoreDrill")} is set: the drill starts a scratch PostgreSQL with the cluster's postgresql.conf`);
}

/** A restore reads the backups, from a base backup, to a time in the past. */
function restoreRequirements(f: RuleFacts, n: Namer, now: Date): Finding[] {
    const out: Finding[] = [];
    if (f.restoreFrom && !f.backupEnabled) {
        out.push({ field: "restoreFrom", value: f.restoreFrom, allowed: `'' unless ${n.on("backupEnabled")} (a restore reads the backup volume)` });
    }
    if (f.restoreFrom || f.restoreTargetTime) {
        const t = f.restoreTargetTime;
        const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
        if (!f.restoreFrom) {
            out.push({ field: "restoreFrom", value: f.restoreFrom, allowed: `'latest' or a backup id when ${n.name("restoreTargetTime")} is set` });
        } else if (!rfc3339.test(t) || Number.isNaN(Date.parse(t))) {
            out.push({ field: "restoreTargetTime", value: t, allowed: "an RFC 3339 time such as '2026-11-22T10:00:00Z'" });
        } else if (Date.parse(t) > now.getTime()) {
            out.push({ field: "restoreTargetTime", value: t, allowed: `a time in the past (now is ${now.toISOString()})` });
        }
    }
    return out;
}

/**
 * Roles and databases a topology creates besides the superuser's and the app's: repmgr's metadata
 * database and pgpool's check role (repmgr-init-primary.sh), CloudNativePG's replication role.
 */
const topologyOwnNames: Record<Topology, { roles: string[]; databases: string[] }> = {
    standalone: { roles: [], databases: [] },
    streaming: { roles: [], databases: [] },
    repmgr: { roles: [repmgrNames.checkUser], databases: [repmgrNames.database] },
    cnpg: { roles: ["streaming_replica"], databases: [] },
};

/** The first init creates each role and database once: two of the same name crash-loop it. */
function nameCollisions(f: RuleFacts, n: Namer): Finding[] {
    const out: Finding[] = [];
    // cnpg has no replication role of the program's own (the operator's streaming_replica).
    const roles = f.topology === "cnpg" ? (["appUser"] as const) : (["appUser", "replicationUser"] as const);
    if (f.topology !== "cnpg" && f.appUser === f.replicationUser) {
        out.push({ field: "appUser", value: f.appUser, allowed: `a role other than ${n.name("replicationUser")} ('${f.replicationUser}'): the first init creates both` });
    }
    const own = topologyOwnNames[f.topology];
    const owned = (names: string[]) => names.map(x => `'${x}'`).join(", ");
    for (const field of roles) {
        if (own.roles.includes(f[field])) {
            out.push({ field, value: f[field], allowed: `a role other than ${owned(own.roles)} when topology is '${f.topology}' (it creates that role itself)` });
        }
    }
    if (own.databases.includes(f.appDatabase)) {
        out.push({ field: "appDatabase", value: f.appDatabase, allowed: `a database other than ${owned(own.databases)} when topology is '${f.topology}' (it creates that database itself)` });
    }
    return out;
}

/**
 * A budget that lets a drain evict every member at once is no budget. One instance is left alone:
 * its budget cannot keep it up through a drain anyway, and 0 would block every drain for good.
 */
function disruptionBudget(f: RuleFacts, n: Namer): Finding[] {
    return f.topology !== "cnpg" && f.instances > 1 && f.pdbMaxUnavailable >= f.instances
        ? [{ field: "pdbMaxUnavailable", value: f.pdbMaxUnavailable,
            allowed: `at most ${n.name("instances")} - 1 (${f.instances - 1}): a drain could otherwise evict every member at once` }]
        : [];
}

/** Rules every topology shares. `now` is the clock, for the restore target. */
export function sharedRules(f: RuleFacts, n: Namer, now: Date): Finding[] {
    return [...requestWithinLimit(f, n), ...serverMemory(f), ...nameCollisions(f, n), ...disruptionBudget(f, n), ...storageModeRequirements(f, n), ...restoreDrillRequirements(f, n), ...restoreRequirements(f, n, now)];
}

/** The self-managed topologies restore from their backup Job's base backups, not Barman's. */
function selfManagedRestore(f: RuleFacts): Finding[] {
    return f.restoreFrom && f.restoreFrom !== "latest" && !selfManagedBackupId.test(f.restoreFrom)
        ? [{ field: "restoreFrom", value: f.restoreFrom, allowed: `'latest' or a backup id of the backup Job such as '20261122T030000123Z' when topology is '${f.topology}'` }]
        : [];
}

/** Each topology's own rules. */
export const topologyRules: Record<Topology, (f: RuleFacts, n: Namer) => Finding[]> = {
    standalone: f => [
        ...(f.instances !== 1 ? [{ field: "instances" as const, value: f.instances, allowed: "1 when topology is 'standalone'" }] : []),
        ...selfManagedRestore(f),
    ],
    streaming: (f, n) => [
        ...(f.autoFailover && f.instances < 2
            ? [{ field: "autoFailover" as const, value: f.autoFailover, allowed: `false unless ${n.name("instances")} is at least 2 (a failover needs a replica)` }]
            : []),
        ...selfManagedRestore(f),
    ],
    repmgr: (f, n) => {
        const out: Finding[] = [];
        if (f.instances < 2) out.push({ field: "instances", value: f.instances, allowed: "an integer from 2 to 15 when topology is 'repmgr' (repmgr fails over to a standby)" });
        if (f.image === clusterDefaults.image) {
            out.push({ field: "image", value: f.image, allowed: "an image with PostgreSQL 15, repmgr 5.3 and pgpool-II 4.3 built from images/repmgr/Dockerfile (pinned tag) when topology is 'repmgr'" });
        }
        out.push(...selfManagedRestore(f));
        if (f.restoreDrill) out.push({ field: "restoreDrill", value: f.restoreDrill, allowed: "'' when topology is 'repmgr' (the restore drill is built for the streaming topology only)" });
        const maxConnections = Number(f.postgresqlParameters.max_connections ?? 200);
        const pooled = f.pgpoolReplicas * f.pgpoolNumInitChildren * f.pgpoolMaxPool;
        if (pooled > maxConnections - reservedConnections) {
            out.push({ field: "pgpoolNumInitChildren", value: f.pgpoolNumInitChildren,
                allowed: `at most ${Math.floor((maxConnections - reservedConnections) / (f.pgpoolReplicas * f.pgpoolMaxPool))} with ${n.name("pgpoolReplicas")} ${f.pgpoolReplicas} and ${n.name("pgpoolMaxPool")} ${f.pgpoolMaxPool}: pgpool may open replicas × children × max_pool = ${pooled} connections per backend, and max_connections ${maxConnections} keeps ${reservedConnections} for repmgr, replication and backups` });
        }
        return out;
    },
    cnpg: (f, n) => {
        const out: Finding[] = [];
        const imageProblem = cnpgImageProblem(f.image);
        if (imageProblem) {
            out.push({ field: "image", value: f.image,
                allowed: `an image whose tag starts with a PostgreSQL version of ${cnpgMinimumMajor} or later when topology is 'cnpg' (${imageProblem})` });
        }
        const fixed = Object.keys(f.postgresqlParameters).filter(k => (cnpgFixedParameters as readonly string[]).includes(k));
        if (fixed.length > 0) {
            out.push({ field: "postgresqlParameters", value: f.postgresqlParameters,
                allowed: `no parameter the CloudNativePG operator fixes itself when topology is 'cnpg' (${fixed.join(", ")} given; all: ${cnpgFixedParameters.join(", ")})` });
        }
        if (f.synchronousReplicas > f.instances - 1) {
            out.push({ field: "synchronousReplicas", value: f.synchronousReplicas, allowed: `at most ${n.name("instances")} - 1 (${f.instances - 1})` });
        }
        if (f.backupEnabled) {
            if (!f.backupDestinationPath) out.push({ field: "backupDestinationPath", value: f.backupDestinationPath, allowed: `an s3://bucket/prefix URL when ${n.on("backupEnabled")}` });
            if (!f.backupCredentialsSecret) out.push({ field: "backupCredentialsSecret", value: f.backupCredentialsSecret, allowed: `a Secret name when ${n.on("backupEnabled")}` });
        }
        if (f.restoreFrom && f.restoreFrom !== "latest" && !barmanBackupId.test(f.restoreFrom)) {
            out.push({ field: "restoreFrom", value: f.restoreFrom,
                allowed: `'latest' (Barman picks the newest base backup before ${n.name("restoreTargetTime")}) or a Barman backup id such as '20261122T030000' when topology is 'cnpg'` });
        }
        return out;
    },
};

/** The single-value checks, each applied to its setting when it is known. */
const checks: { [K in RuleField]?: Check<NonNullable<RuleFacts[K]>> } = valueChecks;

/** Settings whose value a check of checks/ refuses (config/ applies the same checks per key). */
function valueFindings(f: RuleFacts): Finding[] {
    return (Object.entries(checks) as [RuleField, Check<unknown>][])
        .filter(([field, c]) => f[field] !== undefined && !c.holds(f[field]))
        .map(([field, c]) => ({ field, value: f[field], allowed: c.allowed }));
}

/** The arg field of each rule field. */
const argNames: Record<RuleField, string> = {
    topology: "topology", clusterName: "clusterName", namespace: "namespace", instances: "instances",
    image: "image", kubectlImage: "kubectlImage",
    cpuRequest: "resources.requests.cpu", cpuLimit: "resources.limits.cpu",
    memoryRequest: "resources.requests.memory", memoryLimit: "resources.limits.memory",
    backupCpuRequest: "backup.resources.requests.cpu", backupCpuLimit: "backup.resources.limits.cpu",
    backupMemoryRequest: "backup.resources.requests.memory", backupMemoryLimit: "backup.resources.limits.memory",
    storageMode: "storage.mode", storageSize: "storage.size", storageClassName: "storage.storageClassName", hostPath: "storage.hostPath.path", hostPathNode: "storage.hostPath.node",
    nfsServer: "storage.nfs.server", nfsPath: "storage.nfs.path", antiAffinity: "antiAffinity.mode",
    allowedClients: "network.allowedClients", allowedClientNamespaces: "network.allowedClientNamespaces", podCidrs: "network.podCidrs",
    pdbMaxUnavailable: "pdbMaxUnavailable", terminationGracePeriodSeconds: "terminationGracePeriodSeconds", replicaMaxLagMB: "replicaMaxLagMB",
    replicationUser: "users.replicationUser", appUser: "users.appUser", appDatabase: "users.appDatabase",
    postgresqlParameters: "postgresqlParameters", backupEnabled: "backup",
    backupSchedule: "backup.schedule", backupRetain: "backup.retain", backupDeadlineSeconds: "backup.deadlineSeconds",
    archiveTimeoutSeconds: "backup.archiveTimeoutSeconds", backupStorageSize: "backup.storageSize", backupStorageClassName: "backup.storageClassName",
    restoreDrill: "backup.restoreDrillSchedule", restoreFrom: "restore.from", restoreTargetTime: "restore.targetTime",
    autoFailover: "autoFailover", autoFailoverIntervalSeconds: "autoFailover.intervalSeconds", autoFailoverChecks: "autoFailover.checks",
    repmgrMonitorIntervalSeconds: "repmgr.monitorIntervalSeconds", repmgrReconnectAttempts: "repmgr.reconnectAttempts",
    repmgrReconnectIntervalSeconds: "repmgr.reconnectIntervalSeconds", repmgrConnectTimeoutSeconds: "repmgr.connectTimeoutSeconds",
    pgpoolReplicas: "repmgr.pgpool.replicas", pgpoolNumInitChildren: "repmgr.pgpool.numInitChildren", pgpoolMaxPool: "repmgr.pgpool.maxPool",
    pgpoolHealthCheckPeriodSeconds: "repmgr.pgpool.healthCheckPeriodSeconds", pgpoolHealthCheckMaxRetries: "repmgr.pgpool.healthCheckMaxRetries",
    operatorNamespace: "cnpg.operatorNamespace", walStorageSize: "cnpg.walStorageSize", synchronousReplicas: "cnpg.synchronous.number",
    poolerInstances: "cnpg.poolers.instances", metricsNamespace: "cnpg.metricsNamespace",
    backupDestinationPath: "cnpg.objectStore.destinationPath", backupEndpointURL: "cnpg.objectStore.endpointURL",
    backupEndpointCASecret: "cnpg.objectStore.endpointCASecret", backupCredentialsSecret: "cnpg.objectStore.credentialsSecret",
    backupRetentionPolicy: "cnpg.objectStore.retentionPolicy", scheduledBackupSchedule: "cnpg.backupSchedule",
};

const argNamer: Namer = { name: f => argNames[f], on: f => `${argNames[f]} is set` };

const show = (value: unknown) => typeof value === "string" ? `'${value}'` : JSON.stringify(value);

/** The args as the rules read them: an Input that is not a plain value yet (an Output, a Promise) is undefined. */
function argFacts(a: ResolvedClusterArgs): RuleFacts {
    const known = <T>(v: pulumi.Input<T> | undefined): T | undefined =>
        v === undefined || pulumi.Output.isInstance(v) || v instanceof Promise ? undefined : v as T;
    const r = a.resources, b = a.backup, br = b?.resources, rm = a.repmgr, pg = a.repmgr.pgpool, c = a.cnpg, o = c.objectStore;
    return {
        topology: a.topology, clusterName: a.clusterName, namespace: a.namespace, instances: a.instances,
        image: a.image, kubectlImage: a.kubectlImage,
        cpuRequest: known(r.requests.cpu), cpuLimit: known(r.limits.cpu), memoryRequest: known(r.requests.memory), memoryLimit: known(r.limits.memory),
        backupCpuRequest: known(br?.requests.cpu), backupCpuLimit: known(br?.limits.cpu),
        backupMemoryRequest: known(br?.requests.memory), backupMemoryLimit: known(br?.limits.memory),
        storageMode: a.storage.mode, storageSize: known(a.storage.size), storageClassName: a.storage.storageClassName,
        hostPath: a.storage.hostPath?.path ?? "", hostPathNode: a.storage.hostPath?.node ?? "",
        nfsServer: a.storage.nfs?.server ?? "", nfsPath: a.storage.nfs?.path ?? "",
        antiAffinity: a.antiAffinity.mode,
        allowedClients: a.network.allowedClients, allowedClientNamespaces: a.network.allowedClientNamespaces, podCidrs: a.network.podCidrs,
        pdbMaxUnavailable: a.pdbMaxUnavailable, terminationGracePeriodSeconds: a.terminationGracePeriodSeconds, replicaMaxLagMB: a.replicaMaxLagMB,
        replicationUser: a.users.replicationUser, appUser: a.users.appUser, appDatabase: a.users.appDatabase,
        postgresqlParameters: a.postgresqlParameters,
        backupEnabled: b !== undefined,
        backupSchedule: known(b?.schedule), backupRetain: b?.retain, backupDeadlineSeconds: b?.deadlineSeconds,
        archiveTimeoutSeconds: b?.archiveTimeoutSeconds, backupStorageSize: known(b?.storageSize), backupStorageClassName: b?.storageClassName,
        restoreDrill: b?.restoreDrillSchedule ?? "",
        restoreFrom: a.restore?.from ?? "", restoreTargetTime: a.restore?.targetTime ?? "",
        autoFailover: a.autoFailover !== undefined,
        autoFailoverIntervalSeconds: a.autoFailover?.intervalSeconds, autoFailoverChecks: a.autoFailover?.checks,
        repmgrMonitorIntervalSeconds: rm.monitorIntervalSeconds, repmgrReconnectAttempts: rm.reconnectAttempts,
        repmgrReconnectIntervalSeconds: rm.reconnectIntervalSeconds, repmgrConnectTimeoutSeconds: rm.connectTimeoutSeconds,
        pgpoolReplicas: pg.replicas, pgpoolNumInitChildren: pg.numInitChildren, pgpoolMaxPool: pg.maxPool,
        pgpoolHealthCheckPeriodSeconds: pg.healthCheckPeriodSeconds, pgpoolHealthCheckMaxRetries: pg.healthCheckMaxRetries,
        operatorNamespace: c.operatorNamespace, walStorageSize: known(c.walStorageSize), synchronousReplicas: c.synchronous?.number ?? 0,
        poolerInstances: c.poolers.instances, metricsNamespace: c.metricsNamespace,
        backupDestinationPath: o?.destinationPath ?? "", backupEndpointURL: o?.endpointURL, backupEndpointCASecret: o?.endpointCASecret,
        backupCredentialsSecret: o?.credentialsSecret ?? "", backupRetentionPolicy: o?.retentionPolicy, scheduledBackupSchedule: c.backupSchedule,
    };
}

/** Problems with the resolved args, as messages naming the fields. `now` is the clock, for the restore target. */
export function clusterArgsProblems(a: ResolvedClusterArgs, now = new Date()): string[] {
    if (!(topologies as readonly string[]).includes(a.topology)) {
        return [`topology '${a.topology}' is not one of ${topologies.map(t => `'${t}'`).join(", ")}`];
    }
    const f = argFacts(a);
    const worded = (findings: Finding[]) => findings.map(x => `${argNamer.name(x.field)} must be ${x.allowed} (got ${show(x.value)})`);
    // As config/load.ts: each value on its own, its parameters against PostgreSQL's catalogue, then the rules across settings.
    const values = valueFindings(f);
    const refused = new Set(values.map(x => x.field));
    const parameters = refused.has("postgresqlParameters") || refused.has("image") ? []
        : parameterProblems(a.postgresqlParameters, a.image, ownedParameters).map(p => `postgresqlParameters.${p.name} must be ${p.allowed} (got ${show(p.value)})`);
    if (values.length > 0 || parameters.length > 0) return [...worded(values), ...parameters];
    const out: string[] = [];
    // The stack config refuses a topology's keys under another (config/topologies/index.ts); here, the one switch.
    if (a.autoFailover && a.topology !== "streaming") out.push(`autoFailover needs topology 'streaming' (got '${a.topology}')`);
    out.push(...worded([...topologyRules[a.topology](f, argNamer), ...sharedRules(f, argNamer, now)]));
    if (a.topology === "cnpg") out.push(...cnpgArgsProblems(a));
    return out;
}
