/**
 * `Cluster.spec.postgresql.parameters`. The operator owns some parameters itself and refuses any
 * user value for them at admission (`FixedConfigurationParameters`, pkg/postgres/configuration.go
 * in CloudNativePG 1.30.0); config validation refuses them first, by name.
 */
import { ParameterValue } from "../postgresql-conf";

export const cnpgFixedParameters = [
    "allow_system_table_mods", "archive_mode", "bonjour", "bonjour_name", "cluster_name", "config_file",
    "data_directory", "data_sync_retry", "event_source", "external_pid_file", "hba_file", "hot_standby",
    "ident_file", "jit_provider", "listen_addresses", "logging_collector", "port", "primary_conninfo",
    "primary_slot_name", "recovery_target", "recovery_target_action", "recovery_target_inclusive",
    "recovery_target_lsn", "recovery_target_name", "recovery_target_time", "recovery_target_timeline",
    "recovery_target_xid", "restore_command", "shared_preload_libraries", "temp_tablespaces",
    "unix_socket_directories", "unix_socket_group", "unix_socket_permissions", "archive_cleanup_command",
    "archive_command", "log_destination", "log_directory", "log_file_mode", "log_filename", "log_rotation_age",
    "log_rotation_size", "log_truncate_on_rotation", "pg_failover_slots.primary_dsn",
    "pg_failover_slots.standby_slot_names", "promote_trigger_file", "recovery_end_command",
    "recovery_min_apply_delay", "restart_after_crash", "ssl", "ssl_ca_file", "ssl_cert_file", "ssl_crl_file",
    "ssl_dh_params_file", "ssl_ecdh_curve", "ssl_key_file", "ssl_passphrase_command",
    "ssl_passphrase_command_supports_reload", "ssl_prefer_server_ciphers", "stats_temp_directory",
    "synchronous_standby_names", "synchronized_standby_slots", "syslog_facility", "syslog_ident",
    "syslog_sequence_numbers", "syslog_split_messages",
] as const;

/**
 * The project's defaults that mean the same under the operator; replication sizing (slots, WAL
 * senders, wal_keep_size) and logging are left to the operator's own defaults.
 */
export const cnpgDefaultParameters: Record<string, ParameterValue> = {
    max_connections: 200,
    shared_buffers: "128MB",
    hot_standby_feedback: "on",
    log_connections: "on",
    log_disconnections: "on",
};

/** The operator's map is string to string; booleans become on/off as in postgresql.conf. */
function asString(value: ParameterValue): string {
    return typeof value === "boolean" ? (value ? "on" : "off") : String(value);
}

/**
 * @param parameters user parameters, already validated (none of `cnpgFixedParameters`).
 * @param archiveTimeoutSeconds archive_timeout when WAL is archived.
 */
export function cnpgParameters(parameters: Record<string, ParameterValue>, archiveTimeoutSeconds?: number): Record<string, string> {
    const merged: Record<string, ParameterValue> = { ...cnpgDefaultParameters, ...parameters };
    if (archiveTimeoutSeconds !== undefined) merged.archive_timeout = `${archiveTimeoutSeconds}s`;
    return Object.fromEntries(Object.keys(merged).sort().map(k => [k, asString(merged[k])]));
}
