/** Renders postgresql.conf. Pure: the same text goes into the ConfigMap and the real-PostgreSQL tests. */

export type ParameterValue = string | number | boolean;

export interface PostgresqlConfOptions {
    port: number;
    /** `*` in pods; `127.0.0.1` in tests. */
    listenAddresses: string;
    /** Directory for the unix socket (the pod's run dir). */
    socketDir: string;
    /** Directory holding the pod scripts, for archive_command and restore_command. */
    scriptsDir: string;
    /** User parameters, already validated (none of `ownedParameters`). */
    parameters: Record<string, ParameterValue>;
    /**
     * WAL archiving; omitted when backups are off. `standbyRestore: false` leaves out
     * restore_command, so standbys only stream (the repmgr topology: WAL a standby restored from
     * the archive is invisible to repmgr's election, which compares received WAL).
     */
    archive?: { timeoutSeconds: number; standbyRestore?: boolean };
}

/**
 * Parameters the program sets itself: a user value would break replication, the scripts or the
 * security model, so config validation rejects them. primary_conninfo and primary_slot_name differ
 * per member: the pod scripts write them into each replica's postgresql.auto.conf (lib.sh,
 * replica_conninfo_rewrite), where one shared value would make every replica use one slot.
 */
export const ownedParameters = [
    "listen_addresses", "port", "unix_socket_directories", "hba_file", "ident_file", "config_file",
    "data_directory", "archive_mode", "archive_command", "archive_library", "restore_command",
    "primary_conninfo", "primary_slot_name", "recovery_target", "recovery_target_time",
    "recovery_target_action", "recovery_target_lsn", "recovery_target_name", "recovery_target_xid",
    "recovery_target_inclusive", "recovery_target_timeline", "password_encryption", "hot_standby",
    "wal_level", "include", "include_dir", "include_if_exists", "ssl",
] as const;

/** Defaults a user may override through `postgresql.parameters`. */
export const defaultParameters: Record<string, ParameterValue> = {
    max_connections: 200,
    shared_buffers: "128MB",
    max_wal_senders: 10,
    max_replication_slots: 10,
    wal_keep_size: "1GB",
    // Each member streams through a slot on the primary (lib.sh): this bounds the WAL a dead
    // member's slot pins. Beyond it the slot is invalidated and that replica needs the archive
    // or a re-clone; raise it with the volume (docs/failover.md, "Replication slots").
    max_slot_wal_keep_size: "2GB",
    wal_log_hints: "on",
    hot_standby_feedback: "on",
    log_connections: "on",
    log_disconnections: "on",
    log_line_prefix: "%m [%p] %q%u@%d ",
};

export function quoteParameter(value: ParameterValue): string {
    if (typeof value === "boolean") return value ? "on" : "off";
    if (typeof value === "number") return String(value);
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

export function renderPostgresqlConf(o: PostgresqlConfOptions): string {
    const owned: Record<string, ParameterValue> = {
        listen_addresses: o.listenAddresses,
        port: o.port,
        unix_socket_directories: o.socketDir,
        password_encryption: "scram-sha-256",
        wal_level: "replica",
        hot_standby: "on",
    };
    if (o.archive) {
        // The scripts never overwrite an archived segment and exit non-zero on any failure,
        // so PostgreSQL keeps the segment and retries instead of losing it.
        owned.archive_mode = "on";
        owned.archive_command = `${o.scriptsDir}/archive-wal.sh %p %f`;
        owned.archive_timeout = `${o.archive.timeoutSeconds}s`;
        if (o.archive.standbyRestore !== false) owned.restore_command = `${o.scriptsDir}/restore-wal.sh %f %p`;
    }
    const merged = { ...defaultParameters, ...o.parameters, ...owned };
    const lines = Object.keys(merged).sort().map(k => `${k} = ${quoteParameter(merged[k])}`);
    return ["# Rendered by postgres-k8s; edit the stack config, not this file.", ...lines, ""].join("\n");
}
