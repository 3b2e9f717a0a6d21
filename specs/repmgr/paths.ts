/**
 * Where things live in the repmgr topology's pods. PostgreSQL pods use the shared podPaths
 * (specs/self-managed/paths.ts) plus the files below; pgpool pods have their own directories.
 */
import { podPaths } from "../self-managed/paths";

/** repmgr.conf of ordinal N inside the configuration ConfigMap's mount. */
export function repmgrConfPath(ordinal: number): string {
    return `${podPaths.configDir}/${repmgrConfKey(ordinal)}`;
}

export function repmgrConfKey(ordinal: number): string { return `repmgr-${ordinal}.conf`; }

/** Password files the repmgr topology adds to the shared ones, keyed like their Secret. */
export const repmgrSecretFiles = {
    pgpool: "pgpool-password",
    pcp: "pcp-password",
} as const;

export const pgpoolPaths = {
    /** pgpool.conf and pool_hba.conf from the pgpool ConfigMap. */
    configDir: "/etc/pgpool-k8s/config",
    /** The shared scripts ConfigMap (the pgpool scripts are in it). */
    scriptsDir: podPaths.scriptsDir,
    /** app, pgpool (check user) and pcp passwords, projected from the Secrets. */
    secretsDir: "/etc/pgpool-k8s/secrets",
    /** Writable emptyDir (memory): sockets, pid, pgpool_status, pool_passwd, pcp.conf, the key. */
    runDir: "/run/pgpool",
} as const;

export const pgpoolPcpPort = 9898;
