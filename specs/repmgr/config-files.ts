/**
 * The files of the repmgr topology's two ConfigMaps, rendered in one place: the component puts
 * them in the cluster, the real-process tests write the same text (hosts and directories mapped).
 */
import { podPaths } from "../self-managed/paths";
import { renderPgHba } from "../pg-hba";
import { ParameterValue, renderPostgresqlConf } from "../postgresql-conf";
import { pgpoolPaths, pgpoolPcpPort, repmgrConfKey, repmgrConfPath } from "./paths";
import { PgpoolHealthCheck, renderPgpoolConf, renderPoolHba } from "./pgpool-conf";
import { renderRepmgrConf, RepmgrNode, RepmgrTiming } from "./repmgr-conf";

export const pgBindir = "/usr/lib/postgresql/15/bin";

/**
 * repmgr's metadata database, pgpool's check role (both created at first init, beside the
 * superuser's and the app's: the stack config refuses an app name equal to one) and pcp's administrator.
 */
export const repmgrNames = { database: "repmgr", checkUser: "pgpool", pcpUser: "pcpadmin" } as const;

export interface RepmgrConfigOptions {
    nodes: RepmgrNode[];
    /** `*` in pods; the pod's own address in the tests. */
    listenAddresses: string;
    parameters: Record<string, ParameterValue>;
    archive?: { timeoutSeconds: number };
    podCidrs: string[];
    superuser: string;
    replicationUser: string;
    repmgrDatabase: string;
    timing: RepmgrTiming;
}

/** repmgr needs its library preloaded; a user's own preload list is kept. */
export function withRepmgrPreload(parameters: Record<string, ParameterValue>): Record<string, ParameterValue> {
    const user = String(parameters.shared_preload_libraries ?? "").split(",").map(s => s.trim()).filter(Boolean);
    return { ...parameters, shared_preload_libraries: ["repmgr", ...user.filter(l => l !== "repmgr")].join(",") };
}

/** postgresql.conf, pg_hba.conf and one repmgr-<ordinal>.conf per node. */
export function repmgrConfigFiles(o: RepmgrConfigOptions): Record<string, string> {
    const port = o.nodes[0].port;
    const files: Record<string, string> = {
        "postgresql.conf": renderPostgresqlConf({
            port, listenAddresses: o.listenAddresses, socketDir: podPaths.runDir, scriptsDir: podPaths.scriptsDir,
            parameters: withRepmgrPreload(o.parameters),
            // Standbys stream only: repmgr elects the standby that received the most WAL, and one
            // that replayed more from the archive could then not follow it.
            archive: o.archive && { ...o.archive, standbyRestore: false },
        }),
        "pg_hba.conf": renderPgHba({
            superuser: o.superuser, replicationUser: o.replicationUser, memberCidrs: o.podCidrs, clientCidrs: o.podCidrs,
        }),
    };
    for (const [ordinal, node] of o.nodes.entries()) {
        files[repmgrConfKey(ordinal)] = renderRepmgrConf({
            node, database: o.repmgrDatabase, user: o.superuser, replicationUser: o.replicationUser,
            pgdata: podPaths.pgdata, pgBindir, configFile: repmgrConfPath(ordinal),
            postgresqlConf: `${podPaths.configDir}/postgresql.conf`, pgHbaConf: `${podPaths.configDir}/pg_hba.conf`,
            passfile: `${podPaths.runDir}/pgpass`, serverLog: `${podPaths.runDir}/repmgr-server.log`,
            scriptsDir: podPaths.scriptsDir, timing: o.timing,
        });
    }
    return files;
}

export interface PgpoolConfigOptions {
    nodes: RepmgrNode[];
    listenAddresses: string;
    port: number;
    pcpPort?: number;
    podCidrs: string[];
    checkUser: string;
    healthCheck: PgpoolHealthCheck;
    numInitChildren: number;
    maxPool: number;
    loadBalance: boolean;
}

/** pgpool.conf and pool_hba.conf. */
export function pgpoolConfigFiles(o: PgpoolConfigOptions): Record<string, string> {
    return {
        "pgpool.conf": renderPgpoolConf({
            backends: o.nodes, listenAddresses: o.listenAddresses, port: o.port, pcpPort: o.pcpPort ?? pgpoolPcpPort,
            runDir: pgpoolPaths.runDir, checkUser: o.checkUser, checkDatabase: "postgres", healthCheck: o.healthCheck,
            numInitChildren: o.numInitChildren, maxPool: o.maxPool, loadBalance: o.loadBalance,
        }),
        "pool_hba.conf": renderPoolHba({ clientCidrs: o.podCidrs }),
    };
}


