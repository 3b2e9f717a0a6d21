#!/usr/bin/env bash
# Shared helpers for the pod scripts (see docs/pod-contract.md). Sourced, never executed.
# Nothing here prints a password: passwords only travel from $PG_SECRETS_DIR files into the
# 0600 passfile that libpq reads.

PG_SCRIPT_NAME="${PG_SCRIPT_NAME:-$(basename "${BASH_SOURCE[1]:-$0}")}"

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PG_SCRIPT_NAME" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

require_env() {
    local v
    for v in "$@"; do
        [[ -n "${!v:-}" ]] || die "environment variable $v is not set (see docs/pod-contract.md)"
    done
}

ordinal() { printf '%s\n' "${POD_NAME##*-}"; }

# --- signals (scripts that are PID 1 of their container: role-labeller.sh, bootstrap.sh, entrypoint.sh)
# PID 1 ignores TERM and INT unless it handles them, and bash runs a trap only once the
# foreground command has finished: without this a pod deletion waits out the whole grace
# period. stop_on_signals installs the handler; run_child and pause run the long steps as
# background children and wait on them, so the handler runs at once and stops the child.
CHILD_PID=""
on_signal() {
    log "received SIG$1: stopping${CHILD_PID:+ (and child $CHILD_PID)}"
    if [[ -n "$CHILD_PID" ]]; then
        kill -TERM "$CHILD_PID" 2>/dev/null || true
        wait "$CHILD_PID" 2>/dev/null || true
    fi
    exit 143
}
stop_on_signals() {
    trap 'on_signal TERM' TERM
    trap 'on_signal INT' INT
}
# run_child CMD ARGS...: runs CMD as a child this shell waits on; returns its status.
run_child() {
    local rc=0
    "$@" &
    CHILD_PID=$!
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=""
    return "$rc"
}
pause() { run_child sleep "$1"; }

secret_file() { printf '%s/%s\n' "$PG_SECRETS_DIR" "$1"; }

# Escapes ':' and '\' as the libpq password file format requires.
passfile_escape() { local s="${1//\\/\\\\}"; printf '%s' "${s//:/\\:}"; }

# Writes $PG_RUN_DIR/pgpass (0600) with the replication and superuser passwords and exports
# PGPASSFILE, so every libpq client below authenticates without a password in argv or env.
write_passfile() {
    require_env PG_RUN_DIR PG_SECRETS_DIR PG_REPLICATION_USER PG_SUPERUSER
    local tmp user file pw
    mkdir -p "$PG_RUN_DIR"
    # A unique name: the containers of a pod share $PG_RUN_DIR, and each may be PID 1 ($$ alike).
    tmp="$(mktemp "$PG_RUN_DIR/.pgpass.XXXXXX")"
    (
        umask 077
        : >"$tmp"
        for user in "$PG_REPLICATION_USER:replication-password" "$PG_SUPERUSER:superuser-password"; do
            file="$(secret_file "${user#*:}")"
            [[ -r "$file" ]] || { rm -f "$tmp"; die "secret file $file is missing"; }
            IFS= read -r pw <"$file" || [[ -n "$pw" ]]
            printf '*:*:*:%s:%s\n' "$(passfile_escape "${user%%:*}")" "$(passfile_escape "$pw")" >>"$tmp"
        done
    )
    mv -f "$tmp" "$PG_RUN_DIR/pgpass"
    export PGPASSFILE="$PG_RUN_DIR/pgpass"
}

# psql with no psqlrc, unaligned tuples-only output and errors that stop the script.
psql_q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

# A server's role from its pg_is_in_recovery() answer (t or f): primary or replica.
recovery_role() {
    case "$1" in
        f) echo primary ;;
        t) echo replica ;;
        *) log "unexpected pg_is_in_recovery() answer: $1"; return 1 ;;
    esac
}

# Connection string for a TCP peer as the superuser (role checks, pg_rewind).
su_conninfo() {
    printf 'host=%s port=%s user=%s dbname=postgres passfile=%s connect_timeout=%s' \
        "$1" "$2" "$PG_SUPERUSER" "$PG_RUN_DIR/pgpass" "${PG_CONNECT_TIMEOUT:-3}"
}

# Runs one query on the local server through the unix socket (peer auth as the OS user).
local_query() { psql_q -h "$PG_RUN_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -c "$1"; }

# Runs one query on a peer over TCP: remote_query HOST PORT SQL.
remote_query() { psql_q -d "$(su_conninfo "$1" "$2")" -c "$3"; }

# Prints "name host port" for every member in PG_PEERS (optionally skipping this pod).
peers() {
    local entry name addr
    for entry in ${PG_PEERS:-}; do
        name="${entry%%=*}"; addr="${entry#*=}"
        [[ "${1:-}" == "--others" && "$name" == "${POD_NAME:-}" ]] && continue
        printf '%s %s %s\n' "$name" "${addr%:*}" "${addr##*:}"
    done
}

# Prints "name host port" of every reachable peer (other than this pod) that is not in recovery.
find_primaries() {
    local name host port state
    while read -r name host port; do
        state="$(remote_query "$host" "$port" "SELECT pg_is_in_recovery()" 2>/dev/null)" || continue
        if [[ "$state" == "f" ]]; then printf '%s %s %s\n' "$name" "$host" "$port"; fi
    done < <(peers --others)
}

# The first primary among the other peers, or nothing (exit 1).
find_primary() {
    local first
    first="$(find_primaries | head -n 1)"
    [[ -n "$first" ]] || return 1
    printf '%s\n' "$first"
}

# The timeline a primary writes on now: local_timeline | remote_timeline HOST PORT. Not the
# control file's: until the first checkpoint after a promotion it names an older timeline, and a
# stale primary compared with it looked newer.
PRIMARY_TIMELINE_SQL="SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int"
local_timeline() { local_query "$PRIMARY_TIMELINE_SQL"; }
remote_timeline() { remote_query "$1" "$2" "$PRIMARY_TIMELINE_SQL"; }

# The timeline of this pod's stopped data directory: the newest of its control file's and of the
# history files in pg_wal (a promoted server that stopped before its first checkpoint has only
# the history file of its new timeline).
data_timeline() {
    local tli history id
    tli="$(pg_controldata "$PGDATA" | sed -n "s/^Latest checkpoint's TimeLineID: *//p")"
    [[ -n "$tli" ]] || return 1
    for history in "$PGDATA"/pg_wal/*.history; do
        [[ -e "$history" ]] || continue
        id=$((16#$(basename "$history" .history)))
        if ((id > tli)); then tli=$id; fi
    done
    printf '%s\n' "$tli"
}

# "name host port timeline" of the other primary on the newest timeline, or nothing (exit 1): after
# a failover a stale primary may answer too, and it is never the one to follow.
newest_primary() {
    local name host port tli best="" best_tli=0
    while read -r name host port; do
        tli="$(remote_timeline "$host" "$port" 2>/dev/null)" || continue
        if ((tli > best_tli)); then best="$name $host $port $tli"; best_tli=$tli; fi
    done < <(find_primaries)
    [[ -n "$best" ]] || return 1
    printf '%s\n' "$best"
}

# primary_conninfo for a replica: the read-write Service, which follows failover; passfile only.
# target_session_attrs=read-write: while a label is stale the Service may route to a replica
# (even to this pod itself); libpq then drops the connection and the walreceiver retries,
# instead of streaming from a replica that will never get the new primary's WAL.
replica_conninfo() {
    printf 'host=%s port=%s user=%s passfile=%s application_name=%s connect_timeout=%s target_session_attrs=read-write' \
        "$PG_PRIMARY_HOST" "$PG_PRIMARY_PORT" "$PG_REPLICATION_USER" "$PG_RUN_DIR/pgpass" \
        "$POD_NAME" "${PG_CONNECT_TIMEOUT:-3}"
}

# Replaces any primary_conninfo (which pg_basebackup/pg_rewind -R point at the clone source) and
# primary_slot_name in postgresql.auto.conf with the Service-based conninfo and this member's
# slot: replica_conninfo_rewrite DATADIR. Every way a replica is made (clone, restart, rejoin,
# demote) goes through here. PG_REPLICATION_SLOTS=off (repmgr-lib.sh) writes no slot.
replica_conninfo_rewrite() {
    local auto="$1/postgresql.auto.conf" tmp="$1/postgresql.auto.conf.tmp"
    touch "$auto"
    {
        grep -v -E '^[[:space:]]*primary_(conninfo|slot_name)[[:space:]]*=' "$auto" || true
        printf "primary_conninfo = '%s'\n" "$(replica_conninfo)"
        if [[ "${PG_REPLICATION_SLOTS:-on}" == on ]]; then printf "primary_slot_name = '%s'\n" "$(slot_name "$POD_NAME")"; fi
    } >"$tmp"
    chmod 0600 "$tmp"
    mv -f "$tmp" "$auto"
}

# --- replication slots (streaming topology) --------------------------------------------------
# Each member streams through a physical slot on the primary named after its pod, so a replica
# that falls behind finds its WAL there without an archive; max_slot_wal_keep_size bounds what
# a dead member's slot can pin. role-labeller.sh keeps them every pass: on the primary a slot for
# every other member (promote.sh too, at once), on a replica its own slot on the primary (through
# the read-write Service): after a scale-up the primary's PG_PEERS lists a new member only once
# the rolling update reaches the primary, and that update waits for the new member to be Ready,
# which needs its slot. Only slots named <statefulset>_<ordinal> are ever touched.

# A pod name as a slot name: lowercase letters, digits and '_' (pg-1 -> pg_1), at most 63.
slot_name() { local s="${1,,}"; s="${s//[^a-z0-9_]/_}"; printf '%s\n' "${s:0:63}"; }

# SQL that drops this cluster's inactive member slots that are not wanted here: on a replica all
# of them (nothing streams from a replica, and a former primary's slots would pin its WAL); on a
# primary its own, lost ones (invalidated by max_slot_wal_keep_size: made anew below), and those
# of members not in PG_PEERS (scale-down) once they hold WAL beyond max_wal_size (wal_status no
# longer 'reserved'): until then they cost nothing, and a member newer than this primary's
# PG_PEERS gets to use the slot it made. PostgreSQL itself refuses to drop an active slot.
# Prints the names dropped.
slots_drop_sql() {
    printf "SELECT coalesce(string_agg(s.slot_name, ' '), '') FROM pg_replication_slots s, LATERAL pg_drop_replication_slot(s.slot_name)
        WHERE s.slot_type = 'physical' AND NOT s.active AND s.slot_name ~ '^%s_[0-9]+\$'
        AND (pg_is_in_recovery() OR s.wal_status = 'lost' OR s.slot_name = '%s'
             OR (s.slot_name <> ALL (%s) AND s.wal_status IS DISTINCT FROM 'reserved'))" \
        "$(slot_name "${POD_NAME%-*}")" "$(slot_name "$POD_NAME")" "$(wanted_slots_array)"
}

# SQL that creates, on a primary, the missing slots named in an SQL text[] (reserving WAL from
# now on): slots_create_sql "$(wanted_slots_array)" for the other members, or
# slots_create_sql "$(own_slot_array)" for this member's own. Prints the names created.
slots_create_sql() {
    printf "SELECT coalesce(string_agg(n, ' '), '') FROM unnest(%s) n, LATERAL pg_create_physical_replication_slot(n, true)
        WHERE NOT pg_is_in_recovery() AND n NOT IN (SELECT slot_name FROM pg_replication_slots)" "$1"
}

# The slots a primary keeps, one per other member, as an SQL text[] (names are [a-z0-9_] only).
wanted_slots_array() {
    local name list=""
    while read -r name _; do list+="${list:+,}'$(slot_name "$name")'"; done < <(peers --others)
    printf 'ARRAY[%s]::text[]\n' "$list"
}

own_slot_array() { printf "ARRAY['%s']::text[]\n" "$(slot_name "$POD_NAME")"; }

# --- long-lived sessions (role-labeller.sh) --------------------------------------------------
# With log_connections on, every connection adds four lines to the server log (received,
# authenticated, authorized, disconnection), and PostgreSQL 15 offers no per-session opt-out:
# log_connections "cannot be set after connection start" (ALTER ROLE SET fails, PGOPTIONS comes
# too late). A loop that asks every few seconds therefore keeps one psql per server open and
# feeds it queries through a pipe. session_query runs in the calling shell (never in $(...)):
# it may reopen a session, and it leaves the rows in SESSION_ROWS.
declare -A SESSION_IN=() SESSION_OUT=() SESSION_PID=()
SESSION_ROWS=""

# session_ensure NAME CONNINFO: opens session NAME unless its psql is still running.
session_ensure() {
    local name=$1 dir fd fd_in fd_out
    if [[ -n "${SESSION_PID[$name]:-}" ]] && kill -0 "${SESSION_PID[$name]}" 2>/dev/null; then return 0; fi
    session_close "$name"
    # A write to a psql that has exited must fail (and reopen), not kill this shell.
    trap '' PIPE
    dir="$(mktemp -d "$PG_RUN_DIR/.session.XXXXXX")"
    mkfifo "$dir/in" "$dir/out"
    (
        # Other sessions' pipe ends stay with this shell, so each psql sees EOF when its own closes.
        for fd in "${SESSION_IN[@]}" "${SESSION_OUT[@]}"; do eval "exec $fd>&-"; done
        exec psql -X -q -A -t -v ON_ERROR_STOP=0 -d "$2" <"$dir/in" >"$dir/out" 2>/dev/null
    ) &
    SESSION_PID[$name]=$!
    exec {fd_in}>"$dir/in" {fd_out}<"$dir/out"
    rm -r "$dir"
    SESSION_IN[$name]=$fd_in
    SESSION_OUT[$name]=$fd_out
}

# session_query NAME SQL: runs one statement; rows (unaligned, tuples only) in SESSION_ROWS.
# Fails on an SQL error, and closes the session when its server is gone or silent for
# PG_SESSION_TIMEOUT_SECONDS (10).
session_query() {
    local name=$1 line status=""
    SESSION_ROWS=""
    [[ -n "${SESSION_PID[$name]:-}" ]] || return 1
    if ! printf '%s;\n\\echo __end__ :ERROR\n' "$2" 1>&"${SESSION_IN[$name]}" 2>/dev/null; then
        session_close "$name"
        return 1
    fi
    while IFS= read -r -t "${PG_SESSION_TIMEOUT_SECONDS:-10}" -u "${SESSION_OUT[$name]}" line; do
        if [[ "$line" == "__end__ "* ]]; then status="${line#__end__ }"; break; fi
        SESSION_ROWS+="$line"$'\n'
    done
    SESSION_ROWS="${SESSION_ROWS%$'\n'}"
    if [[ -z "$status" ]]; then session_close "$name"; return 1; fi
    [[ "$status" == false ]]
}

# session_close NAME: ends the session's psql (by its pid) and closes its pipes.
session_close() {
    local name=$1 fd_in="${SESSION_IN[$1]:-}" fd_out="${SESSION_OUT[$1]:-}" pid="${SESSION_PID[$1]:-}"
    if [[ -n "$fd_in" ]]; then exec {fd_in}>&-; fi
    if [[ -n "$fd_out" ]]; then exec {fd_out}<&-; fi
    if [[ -n "$pid" ]]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    unset "SESSION_IN[$name]" "SESSION_OUT[$name]" "SESSION_PID[$name]"
}

session_close_all() { local name; for name in "${!SESSION_PID[@]}"; do session_close "$name"; done; }

# Is the data directory initialised (a finished initdb, clone or restore)?
pgdata_initialised() { [[ -f "$1/PG_VERSION" ]]; }

# Makes a file or directory durable: fsync it and the directory holding it.
fsync_path() { sync "$1" && sync "$(dirname "$1")"; }

# --- base backups (base-backup.sh, prune-backups.sh, restore.sh) -----------------------------
# A complete backup is a directory named by its id (UTC, millisecond precision, so names sort
# by time) holding backup.info; backups in progress live under a dot-name and are invisible.
BACKUP_ID_RE='^[0-9]{8}T[0-9]{9}Z$'

# Prints the ids of complete backups, oldest first.
list_backups() {
    local d
    for d in "$PG_BACKUP_DIR"/*/; do
        d="$(basename "$d")"
        if [[ "$d" =~ $BACKUP_ID_RE && -f "$PG_BACKUP_DIR/$d/backup.info" ]]; then printf '%s\n' "$d"; fi
    done | sort
}

# backup_info ID KEY: one value from a backup's backup.info.
backup_info() { sed -n "s/^$2=//p" "$PG_BACKUP_DIR/$1/backup.info" | head -n 1; }

# pg_basebackup's --compress for PG_BACKUP_COMPRESSION (zstd, lz4 or none). Compression runs on
# the source server: less crosses the network, and zstd's two worker threads keep up with the
# disk. -X stream WAL (pg_wal.tar) stays uncompressed with zstd and lz4: it is small.
basebackup_compress_option() {
    case "$1" in
        zstd) printf '%s\n' "server-zstd:level=1,workers=2" ;;
        lz4) printf '%s\n' "server-lz4" ;;
        none) printf '%s\n' "none" ;;
        *) die "PG_BACKUP_COMPRESSION '$1' is not one of: zstd, lz4, none" ;;
    esac
}

# backup_archive DIR PART: the tar file of PART (base, pg_wal) in a backup directory, whatever
# its compression: backups taken before compression became a choice are gzip.
backup_archive() {
    local f
    for f in "$1/$2.tar.zst" "$1/$2.tar.lz4" "$1/$2.tar.gz" "$1/$2.tar"; do
        if [[ -f "$f" ]]; then printf '%s\n' "$f"; return 0; fi
    done
    die "no $2.tar[.zst|.lz4|.gz] in $1"
}

# unpack_tar FILE DIR: extracts a (compressed) tar; zstd also reads lz4 frames, so the image
# needs no lz4 binary.
unpack_tar() {
    case "$1" in
        *.tar.zst | *.tar.lz4) zstd -dcq -- "$1" | tar -xf - -C "$2" ;;
        *.tar.gz) tar -xzf "$1" -C "$2" ;;
        *.tar) tar -xf "$1" -C "$2" ;;
        *) die "unknown archive type: $1" ;;
    esac
}

# Takes the backup directory lock (fd 9) so backups and pruning never overlap.
lock_backups() {
    exec 9>"$PG_BACKUP_DIR/.lock"
    flock -n 9 || die "another backup or prune is running (lock $PG_BACKUP_DIR/.lock)"
}

# Microseconds since the epoch for an RFC 3339 timestamp; fails on anything else.
rfc3339_micros() {
    local re='^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$'
    [[ "$1" =~ $re ]] || return 1
    date -u -d "${1^^}" +%s%6N 2>/dev/null
}

# WAL segment file name holding LSN on TIMELINE: wal_segment_name TIMELINE LSN SEGMENT_BYTES.
wal_segment_name() {
    local tli=$1 lsn=$2 size=$3 hi lo segno per_id
    hi=$((16#${lsn%/*})); lo=$((16#${lsn#*/}))
    segno=$(( ((hi << 32) | lo) / size ))
    per_id=$(( 0x100000000 / size ))
    printf '%08X%08X%08X\n' "$tli" $((segno / per_id)) $((segno % per_id))
}

# --- switchover and failover (demote.sh, promote.sh, rejoin.sh) ------------------------------
# How far this server's WAL goes: received (replica), or written (primary).
# shellcheck disable=SC2034  # used by the scripts that source this file
WAL_POSITION_SQL="SELECT CASE WHEN pg_is_in_recovery()
    THEN GREATEST(COALESCE(pg_last_wal_receive_lsn(), '0/0'), COALESCE(pg_last_wal_replay_lsn(), '0/0'))
    ELSE pg_current_wal_lsn() END"

# lsn_ge A B: is LSN A >= LSN B?
lsn_ge() {
    local a_hi=$((16#${1%/*})) a_lo=$((16#${1#*/})) b_hi=$((16#${2%/*})) b_lo=$((16#${2#*/}))
    ((a_hi > b_hi || (a_hi == b_hi && a_lo >= b_lo)))
}

# Refuses to run unless the local server answers with the expected role.
require_local_role() {
    local role
    role="$("$(dirname "${BASH_SOURCE[0]}")/role.sh")" || die "PostgreSQL is not running here"
    [[ "$role" == "$1" ]] || die "this pod is a $role, expected a $1"
}

# --- bootstrap (entrypoint.sh, repmgr-entrypoint.sh) -----------------------------------------
# Work happens in staging directories renamed onto PGDATA only when complete, so a pod killed
# half-way never leaves a half-made PGDATA that a restart would then refuse to touch.
if [[ -n "${PGDATA:-}" ]]; then
    STAGING_INIT="$PGDATA.initializing"
    STAGING_CLONE="$PGDATA.cloning"
fi

# Leftovers of an interrupted initdb/clone never served a client: they are safe to drop.
discard_staging() {
    local dir
    for dir in "$STAGING_INIT" "$STAGING_CLONE"; do
        if [[ -e "$dir" ]]; then
            log "removing $dir left by an interrupted bootstrap (it never served data)"
            rm -rf "$dir"
        fi
    done
}

# Publishes a finished staging directory as PGDATA (rename replaces an empty PGDATA directory).
publish() {
    [[ ! -e "$PGDATA" ]] || rmdir "$PGDATA" 2>/dev/null || die "$PGDATA is not empty but has no PG_VERSION: refusing to touch it; inspect it by hand"
    mv -T "$1" "$PGDATA"
    sync "$(dirname "$PGDATA")"
}

# Prints "name host port" of the first primary among the peers, waiting up to
# PG_PRIMARY_WAIT_SECONDS (300) for one.
wait_for_primary() {
    local deadline=$((SECONDS + ${PG_PRIMARY_WAIT_SECONDS:-300})) primary
    until primary="$(find_primary)"; do
        ((SECONDS < deadline)) || die "no primary among peers ($PG_PEERS) after ${PG_PRIMARY_WAIT_SECONDS:-300}s; will retry on restart"
        log "waiting for a primary among peers"
        sleep 2
    done
    printf '%s\n' "$primary"
}

# initdb into STAGING_INIT, then the init scripts given as arguments (paths, in order) against a
# socket-only server, then publish. Nothing half-made is ever published.
initialise_primary() {
    local script
    log "empty data directory on ordinal 0 and no primary among peers: initialising a new cluster"
    run_child initdb -D "$STAGING_INIT" --auth-local=peer --auth-host=scram-sha-256 --data-checksums \
        -U "$PG_SUPERUSER" --pwfile="$(secret_file superuser-password)" >/dev/null
    # Socket only, no archiving, no synchronous standby to wait for (there is none yet): nobody
    # can connect over TCP to a half-initialised server.
    pg_ctl -D "$STAGING_INIT" -w -t 120 -l "$PG_RUN_DIR/init-server.log" \
        -o "-c config_file='$PG_CONFIG_DIR/postgresql.conf' -c hba_file='$PG_CONFIG_DIR/pg_hba.conf' -c listen_addresses='' -c archive_mode=off -c synchronous_standby_names=''" \
        start >/dev/null
    for script in "$@"; do
        if ! "$script"; then
            pg_ctl -D "$STAGING_INIT" -m fast -w stop >/dev/null || true
            die "$(basename "$script") failed; the cluster was not published and will be re-initialised on restart"
        fi
    done
    pg_ctl -D "$STAGING_INIT" -m fast -w stop >/dev/null
    publish "$STAGING_INIT"
    log "cluster initialised"
}
