#!/usr/bin/env bash
# Base-backup CronJob: pg_basebackup from a streaming replica when there is one, else from the
# primary; a tar compressed as PG_BACKUP_COMPRESSION says (zstd by default, lz4 or none; see
# basebackup_compress_option) with a SHA-256 backup manifest, SHA256SUMS over every file, and
# backup.info recording where its WAL starts. Written under a dot-name and renamed to its id
# only when complete and fsynced, so a half-written backup is never visible. The CronJob runs
# prune-backups.sh after it, only when it succeeded.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PG_BACKUP_DIR PG_PEERS PG_RUN_DIR PG_SECRETS_DIR PG_SUPERUSER PG_REPLICATION_USER
write_passfile
lock_backups
compression="${PG_BACKUP_COMPRESSION:-zstd}"
compress_option="$(basebackup_compress_option "$compression")"

# Prints "name host port role" of the source: the first streaming replica, else the primary.
choose_source() {
    local name host port state primary=""
    while read -r name host port; do
        state="$(remote_query "$host" "$port" "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 'primary'
            WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 'replica'
            ELSE 'detached' END" 2>/dev/null)" || continue
        case "$state" in
            replica) printf '%s %s %s replica\n' "$name" "$host" "$port"; return 0 ;;
            primary) primary="$name $host $port primary" ;;
        esac
    done < <(peers)
    [[ -n "$primary" ]] || return 1
    printf '%s\n' "$primary"
}

# Leftovers of a killed run (the lock proves no backup is running now).
for stale in "$PG_BACKUP_DIR"/.in-progress-*; do
    [[ -e "$stale" ]] || continue
    log "removing $stale left by an interrupted backup"
    rm -rf "$stale"
done

# The canary: a row naming this backup, committed on the primary and replayed by the source
# before the backup starts, so the restore drill can prove the backup holds recent data.
write_canary() {
    local primary_host primary_port lsn deadline
    read -r _ primary_host primary_port < <(find_primary) || die "no primary answers: cannot write the canary row of backup $id"
    lsn="$(remote_query "$primary_host" "$primary_port" "
        CREATE SCHEMA IF NOT EXISTS postgres_k8s;
        CREATE TABLE IF NOT EXISTS postgres_k8s.backup_canary(backup_id text PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp());
        DELETE FROM postgres_k8s.backup_canary WHERE written_at < now() - interval '400 days';
        INSERT INTO postgres_k8s.backup_canary(backup_id) VALUES ('$id');
        SELECT pg_current_wal_insert_lsn();" | tail -n 1)"
    deadline=$((SECONDS + ${PG_BACKUP_CANARY_WAIT_SECONDS:-120}))
    until [[ "$(remote_query "$host" "$port" "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() >= '$lsn' ELSE true END")" == t ]]; do
        ((SECONDS < deadline)) || die "$name did not replay the canary row (WAL $lsn) in time"
        sleep 0.5
    done
    printf '%s\n' "$lsn"
}

read -r name host port role < <(choose_source) || die "no reachable primary or streaming replica among $PG_PEERS"
id="$(date -u +%Y%m%dT%H%M%S%3NZ)"
work="$PG_BACKUP_DIR/.in-progress-$id"
ts_sql="SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
canary_lsn="$(write_canary)"
start_time="$(remote_query "$host" "$port" "$ts_sql")"
log "backup $id from $name ($role), compression $compression"
pg_basebackup -D "$work" -Ft --compress="$compress_option" -X stream --checkpoint=fast --manifest-checksums=SHA256 \
    --no-password -l "postgres-k8s $id" \
    -d "host=$host port=$port user=$PG_REPLICATION_USER passfile=$PG_RUN_DIR/pgpass application_name=base-backup"
end_time="$(remote_query "$host" "$port" "$ts_sql")"
seg_bytes="$(remote_query "$host" "$port" "SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'")"

# The manifest's WAL-Ranges: first range starts the backup, last range ends it.
ranges="$(tr -d '\n' <"$work/backup_manifest" | grep -o '"Timeline": *[0-9]*, *"Start-LSN": *"[0-9A-F/]*", *"End-LSN": *"[0-9A-F/]*"')" \
    || die "backup manifest has no WAL-Ranges"
read -r tli start_lsn < <(head -n 1 <<<"$ranges" | sed -E 's/.*"Timeline": *([0-9]+).*"Start-LSN": *"([^"]+)".*/\1 \2/')
end_lsn="$(tail -n 1 <<<"$ranges" | sed -E 's/.*"End-LSN": *"([^"]+)".*/\1/')"

cat >"$work/backup.info" <<INFO
id=$id
compression=$compression
source=$name
source_role=$role
timeline=$tli
start_lsn=$start_lsn
start_wal=$(wal_segment_name "$tli" "$start_lsn" "$seg_bytes")
end_lsn=$end_lsn
start_time=$start_time
end_time=$end_time
canary_lsn=$canary_lsn
INFO
(cd "$work" && sha256sum -- base.tar* pg_wal.tar* backup_manifest backup.info >SHA256SUMS)
sync "$work"/* "$work"
mv -T "$work" "$PG_BACKUP_DIR/$id"
sync "$PG_BACKUP_DIR"
log "backup $id complete ($(du -sh "$PG_BACKUP_DIR/$id" | cut -f1)), WAL from $(backup_info "$id" start_wal)"
printf '%s\n' "$id"
