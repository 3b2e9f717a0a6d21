/**
 * Renders pgpool.conf and pool_hba.conf (pgpool-II 4.3). Pure: the same text goes into the
 * ConfigMap and into the real-process tests. Passwords are never here: pool_passwd and pcp.conf
 * are written at pod start from the Secrets (components/repmgr/scripts/pgpool-entrypoint.sh).
 */
import { RepmgrNode } from "./repmgr-conf";

/** How fast pgpool gives up on a backend; see docs/repmgr.md for the defaults' reasoning. */
export interface PgpoolHealthCheck {
    /** Seconds between health checks of each backend (`health_check_period`). */
    periodSeconds: number;
    /** Milliseconds one connection attempt may take (`connect_timeout`, also `health_check_timeout`). */
    connectTimeoutMs: number;
    /** Further attempts before a backend is detached (`health_check_max_retries`). */
    maxRetries: number;
    /** Seconds between those attempts (`health_check_retry_delay`). */
    retryDelaySeconds: number;
    /** Seconds between streaming-replication checks (`sr_check_period`): detach_false_primary and auto_failback run on it. */
    srCheckPeriodSeconds: number;
}

/**
 * Defaults: a refused backend is detached within about 2 s, a frozen one within about 6 s (two
 * 2 s attempts 1 s apart, after up to 1 s until the next check), and a 2 s stall cannot fail both.
 */
export const defaultPgpoolHealthCheck: PgpoolHealthCheck = {
    periodSeconds: 1,
    connectTimeoutMs: 2000,
    maxRetries: 1,
    retryDelaySeconds: 1,
    srCheckPeriodSeconds: 1,
};

export interface PgpoolConfOptions {
    /** The PostgreSQL nodes, with the very host/port strings of their repmgr conninfo. */
    backends: RepmgrNode[];
    listenAddresses: string;
    port: number;
    pcpPort: number;
    /** Writable run directory: sockets, pid file, pgpool_status, pool_passwd. */
    runDir: string;
    /** Role pgpool checks the backends as (pg_monitor). */
    checkUser: string;
    /** Database of those checks. */
    checkDatabase: string;
    healthCheck: PgpoolHealthCheck;
    numInitChildren: number;
    maxPool: number;
    /** Reads go to replicas when true (writes and whole write transactions stay on the primary). */
    loadBalance: boolean;
}

type Value = string | number | boolean;

function quote(value: Value): string {
    if (typeof value === "boolean") return value ? "on" : "off";
    if (typeof value === "number") return String(value);
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

export function renderPgpoolConf(o: PgpoolConfOptions): string {
    const h = o.healthCheck;
    const settings: [string, Value][] = [
        ["backend_clustering_mode", "streaming_replication"],
        ["listen_addresses", o.listenAddresses],
        ["port", o.port],
        ["socket_dir", o.runDir],
        ["pcp_listen_addresses", "localhost"],
        ["pcp_port", o.pcpPort],
        ["pcp_socket_dir", o.runDir],
        ["pid_file_name", `${o.runDir}/pgpool.pid`],
        ["logdir", o.runDir],
        ["log_destination", "stderr"],
        ["log_line_prefix", "%m: %a pid %p: "],
        ["num_init_children", o.numInitChildren],
        ["max_pool", o.maxPool],
        ["reserved_connections", 1],
        ["child_life_time", 300],
        ["connection_cache", true],
        // Authentication: scram to the clients with pool_hba.conf, passwords from pool_passwd.
        ["enable_pool_hba", true],
        // pool_passwd keeps its default, `pool_passwd` beside pgpool.conf, which the entrypoint
        // copies into the run directory: pg_enc (4.3.5) writes it there whatever path is set.
        ["allow_clear_text_frontend_auth", false],
        ["load_balance_mode", o.loadBalance],
        ["disable_load_balance_on_write", "transaction"],
        // Who is primary is repmgr's decision: pgpool only finds it (pg_is_in_recovery) and
        // never promotes or re-syncs anything itself.
        ["failover_command", ""],
        ["follow_primary_command", ""],
        ["search_primary_node_timeout", 0],
        // A backend is detached by the health check, never by one client's error: a 2 s stall
        // must not drop the primary from the pool (there is no way back for a detached primary).
        ["failover_on_backend_error", false],
        // A clean shutdown (switchover, pod deletion) is certain: act at once. Set explicitly:
        // 4.3.0-4.3.8 compile it as on while their docs say off.
        ["failover_on_backend_shutdown", true],
        ["health_check_period", h.periodSeconds],
        ["health_check_timeout", Math.ceil(h.connectTimeoutMs / 1000)],
        ["health_check_user", o.checkUser],
        ["health_check_password", ""],
        ["health_check_database", o.checkDatabase],
        ["health_check_max_retries", h.maxRetries],
        ["health_check_retry_delay", h.retryDelaySeconds],
        ["connect_timeout", h.connectTimeoutMs],
        ["sr_check_period", h.srCheckPeriodSeconds],
        ["sr_check_user", o.checkUser],
        ["sr_check_password", ""],
        ["sr_check_database", o.checkDatabase],
        // A stale former primary (up and out of recovery, but no standby streams from it) is
        // detached: it compares pg_stat_wal_receiver's host/port with backend_hostnameN/portN.
        ["detach_false_primary", true],
        // A detached standby that streams from the primary again (a rejoined old primary) is put
        // back without a person; it is matched by backend_application_nameN.
        ["auto_failback", true],
        ["auto_failback_interval", 10],
    ];
    for (const [i, b] of o.backends.entries()) {
        settings.push(
            [`backend_hostname${i}`, b.host],
            [`backend_port${i}`, b.port],
            [`backend_weight${i}`, 1],
            [`backend_flag${i}`, "ALLOW_TO_FAILOVER"],
            [`backend_application_name${i}`, b.name],
        );
    }
    const lines = settings.map(([k, v]) => `${k} = ${quote(v)}`);
    return ["# Rendered by postgres-k8s; edit the stack config, not this file.", ...lines, ""].join("\n");
}

export interface PoolHbaOptions {
    /** CIDRs clients (and the probes over TCP) connect from. */
    clientCidrs: string[];
}

/** pool_hba.conf: scram-sha-256 for every client, on the socket too; no trust anywhere. */
export function renderPoolHba(o: PoolHbaOptions): string {
    const lines = [
        "# Rendered by postgres-k8s.",
        "# TYPE  DATABASE        USER            ADDRESS                 METHOD",
        "local   all             all                                     scram-sha-256",
        ...o.clientCidrs.map(c => `host    all             all             ${c}    scram-sha-256`),
    ];
    return lines.join("\n") + "\n";
}
