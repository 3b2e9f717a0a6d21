/**
 * The SQL the CLI runs on each instance and the parsing of its answers. Each query returns one
 * JSON value, so the answer is the same whether it comes through `psql` in a pod (exec) or a
 * direct `pg` connection (the tests).
 */
import { podPaths } from "../specs/self-managed/paths";

/** One instance's state: role, timeline, WAL positions, replication, archiver, sync settings. */
export const instanceStateSql = `
SELECT json_build_object(
    'inRecovery', pg_is_in_recovery(),
    'timeline', CASE WHEN pg_is_in_recovery()
        THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM pg_control_checkpoint()))
        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
    'walLsn', CASE WHEN pg_is_in_recovery()
        THEN greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())
        ELSE pg_current_wal_lsn() END,
    'replayLsn', pg_last_wal_replay_lsn(),
    'replayLagSeconds', CASE WHEN NOT pg_is_in_recovery() THEN NULL
        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
        ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) END,
    'walReceiver', (SELECT status FROM pg_stat_wal_receiver),
    'replicas', CASE WHEN pg_is_in_recovery() THEN '[]'::json ELSE coalesce((
        SELECT json_agg(json_build_object(
            'name', application_name, 'state', state, 'syncState', sync_state,
            'lagBytes', pg_wal_lsn_diff(pg_current_wal_lsn(), coalesce(replay_lsn, '0/0')),
            'lagSeconds', coalesce(extract(epoch FROM replay_lag), 0)) ORDER BY application_name)
        FROM pg_stat_replication), '[]'::json) END,
    'archiver', (SELECT json_build_object(
        'archivedCount', archived_count, 'lastArchivedWal', last_archived_wal, 'lastArchivedTime', last_archived_time,
        'failedCount', failed_count, 'lastFailedWal', last_failed_wal, 'lastFailedTime', last_failed_time)
        FROM pg_stat_archiver),
    'archiveMode', current_setting('archive_mode'),
    'synchronousStandbyNames', current_setting('synchronous_standby_names'))`;

export interface ReplicaLink {
    name: string;
    state: string;
    syncState: string;
    lagBytes: number;
    lagSeconds: number;
}

export interface ArchiverState {
    archivedCount: number;
    lastArchivedWal: string | null;
    lastArchivedTime: string | null;
    failedCount: number;
    lastFailedWal: string | null;
    lastFailedTime: string | null;
}

export interface InstanceState {
    inRecovery: boolean;
    timeline: number;
    walLsn: string;
    replayLsn: string | null;
    replayLagSeconds: number | null;
    walReceiver: string | null;
    replicas: ReplicaLink[];
    archiver: ArchiverState;
    archiveMode: string;
    synchronousStandbyNames: string;
}

/** Parses the JSON answer of instanceStateSql; throws on anything else. */
export function parseInstanceState(text: string): InstanceState {
    const v = JSON.parse(text.trim());
    if (typeof v?.inRecovery !== "boolean" || typeof v.walLsn !== "string") throw new Error(`unexpected instance state: ${text.trim().slice(0, 200)}`);
    return v as InstanceState;
}

/** LSN "X/Y" as a bigint, for comparing WAL positions. */
export function lsnValue(lsn: string): bigint {
    const m = /^([0-9A-Fa-f]+)\/([0-9A-Fa-f]+)$/.exec(lsn);
    if (!m) throw new Error(`not an LSN: ${lsn}`);
    return (BigInt("0x" + m[1]) << 32n) + BigInt("0x" + m[2]);
}

/** The pod command that runs one query as the superuser over the pod's unix socket (peer auth). */
export function psqlCommand(sql: string): string[] {
    return ["bash", "-c", 'exec psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_RUN_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -c "$1"', "psql", sql];
}

/** An interactive psql in the pod (the `psql` command), as the superuser over the unix socket. */
export function interactivePsqlCommand(database: string): string[] {
    return ["bash", "-c", 'exec psql -h "$PG_RUN_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d "$1"', "psql", database];
}

/** A pod script of the scripts ConfigMap (same path in every pod). */
export function scriptCommand(script: string, args: string[] = []): string[] {
    return [`${podPaths.scriptsDir}/${script}`, ...args];
}

/** Prints the newest complete base backup's backup.info (and the count), from the backup volume. */
export function newestBackupCommand(): string[] {
    return ["bash", "-c", 'set -euo pipefail; PG_BACKUP_DIR="$1"; source "$PG_SCRIPTS_DIR/lib.sh"; mapfile -t b < <(list_backups); ' +
        'echo "count=${#b[@]}"; if ((${#b[@]})); then cat "$PG_BACKUP_DIR/${b[-1]}/backup.info"; fi', "newest-backup", podPaths.backupDir];
}

export interface BackupInfo {
    count: number;
    id?: string;
    source?: string;
    endTime?: string;
    startWal?: string;
}

/** Parses newestBackupCommand's key=value output. */
export function parseNewestBackup(text: string): BackupInfo {
    const kv = Object.fromEntries(text.trim().split("\n").filter(l => l.includes("=")).map(l => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    if (!/^\d+$/.test(kv.count ?? "")) throw new Error(`unexpected backup listing: ${text.trim().slice(0, 200)}`);
    return { count: Number(kv.count), id: kv.id, source: kv.source, endTime: kv.end_time, startWal: kv.start_wal };
}
