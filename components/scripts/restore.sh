#!/usr/bin/env bash
# Point-in-time restore preparation, for the recovery instance (never the running cluster):
#   restore.sh --from <backup id|latest> [--target-time <RFC 3339>]
# (or PG_RESTORE_FROM / PG_RESTORE_TARGET_TIME). Validates the target (parseable, not in the
# future, not before the chosen backup ended), verifies the backup (SHA256SUMS, then
# pg_verifybackup against its manifest), unpacks it into a staging directory and publishes it
# as PGDATA with recovery.signal and the recovery settings; entrypoint.sh then starts recovery,
# which replays archived WAL up to the target and promotes.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

from="${PG_RESTORE_FROM:-}"
target="${PG_RESTORE_TARGET_TIME:-}"
while (($#)); do
    case "$1" in
        --from) from="${2:-}"; shift 2 ;;
        --target-time) target="${2:-}"; shift 2 ;;
        *) die "usage: restore.sh --from <backup id|latest> [--target-time <RFC 3339>]" ;;
    esac
done
require_env PGDATA PG_BACKUP_DIR PG_ARCHIVE_DIR PG_SCRIPTS_DIR
[[ -n "$from" ]] || die "no backup chosen: pass --from <backup id|latest>"

REQUEST="from=$from target=${target:-end-of-archive}"
INFO_FILE="$PGDATA/postgres-k8s-restore.info"
if pgdata_initialised "$PGDATA"; then
    # A restarted init container: the same request already done is fine, anything else is not.
    [[ -f "$INFO_FILE" && "$(head -n 1 "$INFO_FILE")" == "$REQUEST" ]] \
        || die "$PGDATA already holds a cluster that was not restored by this request ($REQUEST): refusing to restore over it"
    log "already restored ($REQUEST)"
    exit 0
fi
[[ ! -d "$PGDATA" || -z "$(ls -A "$PGDATA")" ]] || die "$PGDATA is not empty: refusing to restore over it"

mapfile -t backups < <(list_backups)
((${#backups[@]})) || die "no complete backup in $PG_BACKUP_DIR"
ended_micros() { rfc3339_micros "$(backup_info "$1" end_time)"; }

target_micros=""
if [[ -n "$target" ]]; then
    target_micros="$(rfc3339_micros "$target")" \
        || die "recovery target time '$target' is not an RFC 3339 timestamp (e.g. 2026-01-31T12:00:00Z)"
    now="$(date -u +%s%6N)"
    ((target_micros <= now)) || die "recovery target time $target is in the future (now: $(date -u +%Y-%m-%dT%H:%M:%SZ))"
fi

if [[ "$from" == "latest" ]]; then
    chosen=""
    for id in "${backups[@]}"; do
        if [[ -z "$target_micros" ]] || (( $(ended_micros "$id") <= target_micros )); then chosen="$id"; fi
    done
    [[ -n "$chosen" ]] || die "recovery target time $target is before the oldest backup (${backups[0]}, consistent from $(backup_info "${backups[0]}" end_time)): choose a later target"
else
    [[ "$from" =~ $BACKUP_ID_RE && -f "$PG_BACKUP_DIR/$from/backup.info" ]] || die "backup '$from' not found; complete backups: ${backups[*]}"
    chosen="$from"
    if [[ -n "$target_micros" ]] && (( $(ended_micros "$chosen") > target_micros )); then
        die "recovery target time $target is before backup $chosen is consistent ($(backup_info "$chosen" end_time)): choose an earlier backup or a later target"
    fi
fi

src="$PG_BACKUP_DIR/$chosen"
staging="$PGDATA.restoring"
log "restoring backup $chosen ($REQUEST)"
(cd "$src" && sha256sum --quiet -c SHA256SUMS) || die "backup $chosen fails its SHA256SUMS check"
rm -rf "$staging"
mkdir -m 0700 "$staging"
unpack_tar "$(backup_archive "$src" base)" "$staging"
unpack_tar "$(backup_archive "$src" pg_wal)" "$staging/pg_wal"
pg_verifybackup -q -m "$src/backup_manifest" "$staging" || die "backup $chosen fails pg_verifybackup"

# The restored server must not follow a primary, nor archive its new timeline into the
# production archive (its segment names could collide with the cluster's own later timelines).
rm -f "$staging/standby.signal"
auto="$staging/postgresql.auto.conf"
touch "$auto"
grep -v -E '^[[:space:]]*(primary_conninfo|restore_command|recovery_target[a-z_]*|archive_mode)[[:space:]]*=' "$auto" >"$auto.new" || true
{
    echo "# Written by restore.sh ($REQUEST, backup $chosen)"
    echo "restore_command = '$PG_SCRIPTS_DIR/restore-wal.sh %f %p'"
    echo "archive_mode = 'off'"
    echo "recovery_target_timeline = 'latest'"
    if [[ -n "$target" ]]; then
        echo "recovery_target_time = '$(date -u -d "${target^^}" '+%Y-%m-%d %H:%M:%S.%6N+00')'"
        echo "recovery_target_action = 'promote'"
    fi
} >>"$auto.new"
mv -f "$auto.new" "$auto"
chmod 0600 "$auto"
touch "$staging/recovery.signal"
printf '%s\nbackup=%s\n' "$REQUEST" "$chosen" >"$staging/postgres-k8s-restore.info"
sync "$staging"
mv -T "$staging" "$PGDATA" 2>/dev/null || { rmdir "$PGDATA" && mv -T "$staging" "$PGDATA"; }
sync "$(dirname "$PGDATA")"
log "backup $chosen unpacked into $PGDATA; recovery starts with the server"
