#!/usr/bin/env bash
# Retention: prune-backups.sh [KEEP] (default $PG_BACKUP_RETAIN). Keeps the KEEP newest complete
# backups and the archived WAL they need: WAL segments before the oldest kept backup's start
# segment are removed (pg_archivecleanup; timeline history files stay). Only complete backups
# count, so WAL is never pruned on the strength of a backup still in progress.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

keep="${1:-${PG_BACKUP_RETAIN:-}}"
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || die "keep count must be a positive integer (argument or PG_BACKUP_RETAIN), got '${keep}'"
require_env PG_BACKUP_DIR PG_ARCHIVE_DIR
lock_backups

mapfile -t backups < <(list_backups)
if ((${#backups[@]} == 0)); then
    log "no complete backup: nothing pruned"
    exit 0
fi
drop=$((${#backups[@]} > keep ? ${#backups[@]} - keep : 0))
for id in "${backups[@]:0:drop}"; do
    # Renamed first so a half-deleted backup is never listed as complete.
    mv -T "$PG_BACKUP_DIR/$id" "$PG_BACKUP_DIR/.deleting-$id"
    rm -rf "$PG_BACKUP_DIR/.deleting-$id"
    log "removed backup $id"
done
oldest="${backups[drop]}"
start_wal="$(backup_info "$oldest" start_wal)"
[[ "$start_wal" =~ ^[0-9A-F]{24}$ ]] || die "backup $oldest has no valid start_wal in backup.info"
pg_archivecleanup "$PG_ARCHIVE_DIR" "$start_wal"
log "kept $((${#backups[@]} - drop)) backups; archived WAL before $start_wal (start of $oldest) removed"
