/**
 * Renders repmgr.conf for one node (repmgr 5.3). Pure: the same text goes into the ConfigMap
 * (one `repmgr-<ordinal>.conf` per pod) and into the real-process tests.
 */

/** Failure detection and failover timing of repmgrd; see docs/repmgr.md for the defaults' reasoning. */
export interface RepmgrTiming {
    /** Seconds between two checks of the upstream node (repmgr `monitor_interval_secs`). */
    monitorIntervalSeconds: number;
    /** Further checks of a lost upstream before the election (repmgr `reconnect_attempts`). */
    reconnectAttempts: number;
    /** Seconds between those checks (repmgr `reconnect_interval`). */
    reconnectIntervalSeconds: number;
    /** libpq `connect_timeout` of every repmgr connection: bounds each check of a frozen host. */
    connectTimeoutSeconds: number;
}

/**
 * Defaults: a killed primary is declared failed about 2 s after its death (refused connections
 * fail at once: one check + 2 re-checks 1 s apart), a frozen host after about 7 s (each check waits
 * the 2 s connect timeout, libpq's floor), while a 2 s stall or network hiccup can never fail three
 * checks spread over 5 s. One re-check fewer took 3 s off a vanished host's failover but raced a
 * switchover: the standbys elected while the old primary's shutdown checkpoint was still arriving,
 * each read the other as further ahead, and nobody was promoted (docs/repmgr.md).
 */
export const defaultRepmgrTiming: RepmgrTiming = {
    monitorIntervalSeconds: 1,
    reconnectAttempts: 2,
    reconnectIntervalSeconds: 1,
    connectTimeoutSeconds: 2,
};

export interface RepmgrNode {
    /** repmgr node id: ordinal + 1 (ids must be > 0). */
    id: number;
    /** Pod name; also the `application_name` the node streams with (pgpool's auto_failback matches it). */
    name: string;
    /** Address every other member and pgpool use: the pod's headless-Service DNS name. */
    host: string;
    port: number;
}

export interface RepmgrConfOptions {
    node: RepmgrNode;
    /** The repmgr metadata database and the user repmgr connects as (the superuser). */
    database: string;
    user: string;
    replicationUser: string;
    pgdata: string;
    pgBindir: string;
    /** Path of this very file inside the pod (promote/follow commands pass it back to repmgr). */
    configFile: string;
    /** postgresql.conf and pg_hba.conf live outside PGDATA: repmgr's own server starts must use them. */
    postgresqlConf: string;
    pgHbaConf: string;
    /** Password file (written at pod start from the Secrets); repmgr puts it into primary_conninfo. */
    passfile: string;
    /** Log of the servers repmgr itself starts (node rejoin). */
    serverLog: string;
    /** Pod scripts: repmgr reloads and (refuses to) restart the server through them. */
    scriptsDir: string;
    timing: RepmgrTiming;
    /** Lower is promoted later; 0 never (repmgr `priority`). */
    priority?: number;
}

/**
 * A query on an open connection to a host that vanished (crashed node, partition) waits for
 * TCP's retransmissions to give up, about 15 minutes: repmgrd would sit in it and never take
 * part in the failover. tcp_user_timeout bounds that wait. Linux applies it to the connect too:
 * at 1000 ms an unanswered SYN fails at its first retransmission, after 1 s, where libpq's
 * connect_timeout cannot go below 2 s. That halves every check of a vanished host (repmgrd's
 * ping, its re-checks, `standby promote`'s search for a live primary): 3-4 s off its failover.
 * A stalled server (SIGSTOP) still acknowledges at the TCP level, so it is still bounded by
 * connect_timeout; a peer that acknowledges nothing for 1 s is treated as gone and reconnected.
 */
export const tcpUserTimeoutMs = 1000;

/** The libpq connection string of a node, exactly as pgpool's backend host/port must spell it. */
export function nodeConninfo(node: RepmgrNode, o: { user: string; database: string; connectTimeoutSeconds: number }): string {
    return `host=${node.host} port=${node.port} user=${o.user} dbname=${o.database} connect_timeout=${o.connectTimeoutSeconds} tcp_user_timeout=${tcpUserTimeoutMs}`;
}

function quote(value: string | number | boolean): string {
    if (typeof value === "number") return String(value);
    if (typeof value === "boolean") return value ? "true" : "false";
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export function renderRepmgrConf(o: RepmgrConfOptions): string {
    const repmgr = `${o.pgBindir}/repmgr`;
    const settings: [string, string | number | boolean][] = [
        ["node_id", o.node.id],
        ["node_name", o.node.name],
        ["conninfo", nodeConninfo(o.node, { user: o.user, database: o.database, connectTimeoutSeconds: o.timing.connectTimeoutSeconds })],
        ["data_directory", o.pgdata],
        ["pg_bindir", o.pgBindir],
        ["replication_user", o.replicationUser],
        ["passfile", o.passfile],
        // WAL for a lagging standby comes from wal_keep_size and the archive: a slot of a dead
        // node would keep WAL on the primary until its disk fills.
        ["use_replication_slots", false],
        ["pg_ctl_options", `-o "-c config_file=${o.postgresqlConf} -c hba_file=${o.pgHbaConf}" -l ${o.serverLog}`],
        // repmgrd runs in its own container: it reloads over the socket and never starts a server.
        ["service_reload_command", `${o.scriptsDir}/repmgr-reload.sh`],
        ["service_restart_command", `${o.scriptsDir}/repmgr-restart.sh`],
        ["failover", "automatic"],
        ["priority", o.priority ?? 100],
        // repmgr standby promote, then a checkpoint (pg_rewind reads the timeline from the control file).
        ["promote_command", `${o.scriptsDir}/repmgr-promote.sh`],
        ["follow_command", `${repmgr} standby follow -f ${o.configFile} --upstream-node-id=%n`],
        ["monitor_interval_secs", o.timing.monitorIntervalSeconds],
        ["reconnect_attempts", o.timing.reconnectAttempts],
        ["reconnect_interval", o.timing.reconnectIntervalSeconds],
        ["connection_check_type", "ping"],
        ["standby_follow_timeout", 30],
        ["promote_check_timeout", 30],
        ["log_level", "INFO"],
        ["log_facility", "STDERR"],
        ["log_status_interval", 60],
    ];
    const lines = settings.map(([k, v]) => `${k}=${quote(v)}`);
    return ["# Rendered by postgres-k8s; edit the stack config, not this file.", ...lines, ""].join("\n");
}
