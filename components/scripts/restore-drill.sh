#!/usr/bin/env bash
# Restore drill (the restore-drill CronJob, or `postgres-k8s restore-drill`): proves the newest
# base backup plus the archived WAL can be restored, into a scratch instance on this pod's own
# empty volume ($PGDATA). The backup volume is only read (mounted read-only); the scratch server
# listens on no TCP address and never archives. Checks, all of them, each failure with its reason:
#   - the archive holds every WAL segment from the backup's start to the newest one;
#   - restore.sh verifies and unpacks the backup (SHA256SUMS, pg_verifybackup);
#   - PostgreSQL starts and recovery finishes (it replays to the end of the archive, promotes);
#   - recovery reached the newest segment archived when the drill started (a gap or a broken
#     segment ends recovery early, silently: that is what this catches);
#   - the canary row base-backup.sh wrote on the primary just before this backup is present;
#   - amcheck: every B-tree index (bt_index_check with heapallindexed) and every table
#     (verify_heapam) of every database.
# Prints one JSON line (time, backup, duration, result, reasons, points) and writes it to
# $PG_DRILL_RESULT_FILE (the container's termination message, where `postgres-k8s status`
# reads it). Exits 1 on any failed check, so the Job fails and ordinary alerting sees it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGDATA PG_BACKUP_DIR PG_ARCHIVE_DIR PG_SCRIPTS_DIR PG_CONFIG_DIR PG_RUN_DIR PG_SUPERUSER
RESULT_FILE="${PG_DRILL_RESULT_FILE:-/dev/termination-log}"
TIMEOUT="${PG_DRILL_TIMEOUT_SECONDS:-3600}"
PORT="${PG_DRILL_PORT:-5433}"
SERVER_LOG="$PG_RUN_DIR/restore-drill-server.log"
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
started=$SECONDS
backup="" expected="" reached=""
tables_checked=0 indexes_checked=0
reasons=()

fail() { log "FAIL: $*"; reasons+=("$*"); }

json_string() {
    local s="${1//\\/\\\\}"
    s="${s//\"/\\\"}"
    s="${s//$'\n'/ }"
    printf '"%s"' "${s//$'\t'/ }"
}

# Writes the result (stdout and the result file), stops the scratch server, exits 0 or 1.
finish() {
    local result=pass list="" r sep=""
    ((${#reasons[@]} == 0)) || result=fail
    for r in "${reasons[@]}"; do list+="$sep$(json_string "$r")"; sep=","; done
    local line
    line="$(printf '{"kind":"restore-drill","time":"%s","backup":%s,"durationSeconds":%d,"result":"%s","expectedWal":%s,"reachedWal":%s,"tablesChecked":%d,"indexesChecked":%d,"reasons":[%s]}' \
        "$started_at" "$(json_string "$backup")" $((SECONDS - started)) "$result" \
        "$(json_string "$expected")" "$(json_string "$reached")" "$tables_checked" "$indexes_checked" "$list")"
    printf '%s\n' "$line"
    printf '%s\n' "$line" >"$RESULT_FILE" 2>/dev/null || log "could not write $RESULT_FILE"
    if [[ -f "$PGDATA/postmaster.pid" ]]; then pg_ctl -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true; fi
    log "restore drill of backup ${backup:-none}: $result"
    [[ "$result" == pass ]] && exit 0
    exit 1
}

scratch_query() { psql_q -h "$PG_RUN_DIR" -p "$PORT" -U "$PG_SUPERUSER" -d "${2:-postgres}" -c "$1"; }

# Segment names in the archive (no .partial, .history or temporary files), sorted: timeline first.
archived_segments() { find "$PG_ARCHIVE_DIR" -maxdepth 1 -type f -regextype posix-extended -regex '.*/[0-9A-F]{24}' -printf '%f\n' | sort; }

segno() { printf '%d\n' $((16#${1:8:8} << 32 | 16#${1:16:8})); }

# Every segment number from the backup's first to the newest archived one must be present on
# some timeline (across a switch, the segment holding the switch point exists on both).
check_archive_continuity() {
    local first="$1" last="$2" s n missing=()
    local -A have=()
    while read -r s; do have[$(segno "$s")]=1; done < <(archived_segments)
    for ((n = $(segno "$first"); n <= $(segno "$last"); n++)); do
        [[ -n "${have[$n]:-}" ]] || missing+=("$(printf '%08X%08X' $((n >> 32)) $((n & 0xFFFFFFFF)))")
    done
    if ((${#missing[@]})); then
        fail "WAL missing from the archive after backup $backup started: log/segment ${missing[*]} (no timeline has it)"
    fi
}

# Where recovery ended: the switch point recorded in the history file of the timeline the
# scratch server created when it promoted (the newest history file in its pg_wal).
recovery_end_segment() {
    local history tli lsn seg_bytes
    history="$(find "$PGDATA/pg_wal" -maxdepth 1 -name '*.history' -printf '%f\n' | sort | tail -n 1)"
    [[ -n "$history" ]] || return 1
    read -r tli lsn _ < <(grep -E '^[0-9]+' "$PGDATA/pg_wal/$history" | tail -n 1)
    seg_bytes="$(scratch_query "SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'")"
    wal_segment_name "$tli" "$lsn" "$seg_bytes"
}

# amcheck on one database of the scratch instance: verify_heapam on every table, then
# bt_index_check (with heapallindexed) on every B-tree index; adds to the checked counts.
amcheck_database() {
    local db="$1" out
    scratch_query "CREATE EXTENSION IF NOT EXISTS amcheck" "$db" >/dev/null
    out="$(scratch_query "
        SELECT count(DISTINCT c.oid) || '|' || coalesce(string_agg(format('%s block %s: %s', c.oid::regclass, v.blkno, v.msg), '; ') FILTER (WHERE v.msg IS NOT NULL), '')
        FROM pg_class c LEFT JOIN LATERAL verify_heapam(c.oid) v ON true
        WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence = 'p'" "$db" 2>&1)" \
        || { fail "amcheck (verify_heapam) failed in database $db: $out"; return; }
    tables_checked=$((tables_checked + ${out%%|*}))
    [[ -z "${out#*|}" ]] || fail "amcheck found corrupt tables in database $db: ${out#*|}"
    out="$(scratch_query "
        SELECT count(bt_index_check(c.oid, true))
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
        WHERE a.amname = 'btree' AND i.indisvalid AND i.indisready AND c.relpersistence = 'p'" "$db" 2>&1)" \
        || { fail "amcheck found a corrupt index in database $db: $out"; return; }
    indexes_checked=$((indexes_checked + out))
}

mapfile -t backups < <(list_backups)
if ((${#backups[@]} == 0)); then
    fail "no complete base backup in $PG_BACKUP_DIR"
    finish
fi
backup="${backups[-1]}"
start_wal="$(backup_info "$backup" start_wal)"
expected="$(archived_segments | tail -n 1)"
log "drill: backup $backup (WAL from $start_wal); newest archived segment ${expected:-none}"
if [[ -z "$expected" ]]; then
    fail "the WAL archive $PG_ARCHIVE_DIR holds no segment"
elif [[ "$expected" < "$start_wal" ]]; then
    fail "the newest archived segment $expected is older than backup $backup's first segment $start_wal"
else
    check_archive_continuity "$start_wal" "$expected"
fi

if ! out="$("$PG_SCRIPTS_DIR/restore.sh" --from "$backup" 2>&1)"; then
    fail "restore of backup $backup failed: $(grep 'ERROR' <<<"$out" | tail -n 1 | sed 's/^.*ERROR: //')"
    finish
fi

# Socket only, small, never archiving, never waiting for a synchronous standby.
if ! pg_ctl -D "$PGDATA" -w -t "$TIMEOUT" -l "$SERVER_LOG" -o "-c config_file=$PG_CONFIG_DIR/postgresql.conf -c hba_file=$PG_CONFIG_DIR/pg_hba.conf -c listen_addresses='' -c port=$PORT -c unix_socket_directories=$PG_RUN_DIR -c archive_mode=off -c synchronous_standby_names='' -c hot_standby=on" start >/dev/null 2>&1; then
    fail "PostgreSQL did not start on the restored backup $backup: $(tail -n 3 "$SERVER_LOG" 2>/dev/null | tr '\n' ' ')"
    finish
fi
deadline=$((SECONDS + TIMEOUT))
until [[ "$(scratch_query "SELECT pg_is_in_recovery()" 2>/dev/null)" == f ]]; do
    if ! pg_ctl -D "$PGDATA" status >/dev/null 2>&1; then
        fail "PostgreSQL stopped during recovery of backup $backup: $(grep -E 'FATAL|PANIC' "$SERVER_LOG" | tail -n 2 | tr '\n' ' ')"
        finish
    fi
    if ((SECONDS >= deadline)); then
        fail "recovery of backup $backup did not finish within ${TIMEOUT}s"
        finish
    fi
    sleep 1
done

if ! reached="$(recovery_end_segment)"; then
    fail "recovery of backup $backup ended without a timeline switch: cannot tell where it stopped"
elif [[ -n "$expected" && "$reached" < "$expected" ]]; then
    fail "recovery stopped in segment $reached, but the archive holds WAL up to $expected: archived WAL after $reached could not be replayed"
fi

canary="$(scratch_query "SELECT count(*) FROM postgres_k8s.backup_canary WHERE backup_id = '$backup'" 2>&1)" || canary="error: $canary"
[[ "$canary" == 1 ]] || fail "the canary row written before backup $backup is missing from the restored data ($canary)"

mapfile -t databases < <(scratch_query "SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1")
for db in "${databases[@]}"; do amcheck_database "$db"; done
finish
