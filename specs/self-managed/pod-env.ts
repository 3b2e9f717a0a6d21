/**
 * The environment every PostgreSQL pod script receives (see docs/pod-contract.md). Built once
 * here so the StatefulSet, the backup CronJob and the real-PostgreSQL tests cannot drift apart.
 */
import { roleLabel } from "../labels";
import { objectName, podName } from "../names";
import { podPaths } from "./paths";

export interface EnvVar {
    name: string;
    value?: string;
    valueFrom?: { fieldRef: { fieldPath: string } };
}

export interface PodEnvOptions {
    /** StatefulSet name: members are `<statefulSet>-<ordinal>`. */
    statefulSet: string;
    headlessService: string;
    primaryService: string;
    namespace: string;
    instances: number;
    port: number;
    superuser: string;
    replicationUser: string;
    appUser: string;
    appDatabase: string;
    roleLabel: string;
    /** Set when WAL archiving is on. */
    archive: boolean;
    /** Set for pods that read base backups (backup CronJob, restore instance). */
    backups: boolean;
}

/** `name=host:port` for every member, in ordinal order. */
export function peerList(o: Pick<PodEnvOptions, "statefulSet" | "headlessService" | "namespace" | "instances" | "port">): string {
    return Array.from({ length: o.instances }, (_, i) => {
        const pod = podName(o.statefulSet, i);
        return `${pod}=${pod}.${o.headlessService}.${o.namespace}.svc:${o.port}`;
    }).join(" ");
}

export function postgresEnv(o: PodEnvOptions): EnvVar[] {
    const env: EnvVar[] = [
        { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
        { name: "PGDATA", value: podPaths.pgdata },
        { name: "PG_PORT", value: String(o.port) },
        { name: "PG_CONFIG_DIR", value: podPaths.configDir },
        { name: "PG_SCRIPTS_DIR", value: podPaths.scriptsDir },
        { name: "PG_SECRETS_DIR", value: podPaths.secretsDir },
        { name: "PG_RUN_DIR", value: podPaths.runDir },
        { name: "PG_TOOLS_DIR", value: podPaths.toolsDir },
        { name: "PG_PEERS", value: peerList(o) },
        { name: "PG_PRIMARY_HOST", value: `${o.primaryService}.${o.namespace}.svc` },
        { name: "PG_PRIMARY_PORT", value: String(o.port) },
        { name: "PG_SUPERUSER", value: o.superuser },
        { name: "PG_REPLICATION_USER", value: o.replicationUser },
        { name: "PG_APP_USER", value: o.appUser },
        { name: "PG_APP_DATABASE", value: o.appDatabase },
        { name: "PG_ROLE_LABEL", value: o.roleLabel },
        // `kubectl exec ... -- psql` reaches the local server as the superuser over the socket.
        { name: "PGHOST", value: podPaths.runDir },
        { name: "PGPORT", value: String(o.port) },
        { name: "PGUSER", value: o.superuser },
    ];
    if (o.archive) env.push({ name: "PG_ARCHIVE_DIR", value: podPaths.archiveDir });
    if (o.backups) env.push({ name: "PG_BACKUP_DIR", value: podPaths.backupDir });
    return env;
}

export interface ClusterEnvOptions {
    cluster: string;
    namespace: string;
    instances: number;
    port: number;
    users: Pick<PodEnvOptions, "superuser" | "replicationUser" | "appUser" | "appDatabase">;
    archive: boolean;
}

/** Env options of a cluster's pods, with object names from names.ts: shared by the StatefulSet, backup and restore. */
export function clusterEnvOptions(o: ClusterEnvOptions): PodEnvOptions {
    return {
        statefulSet: objectName(o.cluster, "statefulSet"),
        headlessService: objectName(o.cluster, "headless"),
        primaryService: objectName(o.cluster, "readWrite"),
        namespace: o.namespace, instances: o.instances, port: o.port, ...o.users,
        roleLabel, archive: o.archive, backups: false,
    };
}
