#!/usr/bin/env bash
# Sidecar: keeps this pod's role label equal to what PostgreSQL says (as role.sh would), so the
# read-write Service selects exactly the pod that is not in recovery. `--once` runs one pass.
# After PG_LABEL_UNREACHABLE_PASSES passes (default 3) without an answer the label becomes
# `unknown`, so a crashed primary stops carrying `primary` (readiness already keeps it out of
# the Service; this keeps `-l role=primary` down to one pod). A brief restart changes nothing.
# A primary that finds another primary on a newer timeline is labelled `unknown` as well.
# The last label applied is kept in $PG_RUN_DIR/role; a failed kubectl call is retried next pass.
# Each pass also keeps the replication slots (lib.sh). It asks over long-lived sessions, one per
# server, so its passes add nothing to the servers' logs (log_connections is on).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env POD_NAME PG_ROLE_LABEL PG_TOOLS_DIR PG_RUN_DIR PG_PORT PG_SUPERUSER PG_PRIMARY_HOST PG_PRIMARY_PORT
write_passfile
INTERVAL="${PG_LABEL_INTERVAL_SECONDS:-5}"
UNREACHABLE_PASSES="${PG_LABEL_UNREACHABLE_PASSES:-3}"
ROLE_FILE="$PG_RUN_DIR/role"
APP="application_name=role-labeller"
LOCAL="host=$PG_RUN_DIR port=$PG_PORT user=$PG_SUPERUSER dbname=postgres $APP connect_timeout=${PG_CONNECT_TIMEOUT:-3}"
unreachable=0
trap session_close_all EXIT

# Timeline a primary writes on (hex), from its current WAL file name; a peer in recovery says so.
TIMELINE_SQL="SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"
PEER_TIMELINE_SQL="SELECT CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE ($TIMELINE_SQL) END"

# Two primaries happen when a failover races this pod's restart: only the one on the newer
# timeline (the promoted one) keeps the label, so the read-write Service selects one of them.
superseded() {
    local mine name host port
    session_query local "$TIMELINE_SQL" || return 1
    mine="$SESSION_ROWS"
    while read -r name host port; do
        if ! { session_ensure "$name" "$(su_conninfo "$host" "$port") $APP" && session_query "$name" "$PEER_TIMELINE_SQL"; }; then continue; fi
        [[ "$SESSION_ROWS" =~ ^[0-9A-F]{8}$ ]] || continue
        if ((16#$SESSION_ROWS > 16#$mine)); then
            log "WARNING: $name is also a primary, on a newer timeline ($SESSION_ROWS > $mine): not labelling this pod primary; stop it (see docs/failover.md)"
            return 0
        fi
    done < <(peers --others)
    return 1
}

# slot_step SESSION WHAT SQL: one step of keep_slots; logs what it changed.
slot_step() {
    session_query "$1" "$3" || { log "WARNING: could not keep the replication slots ($2); retrying next pass"; return 1; }
    if [[ -n "$SESSION_ROWS" ]]; then log "replication slots $2: $SESSION_ROWS"; fi
}

# Creates and drops replication slots (lib.sh): on a primary those of the other members, on a
# replica its own stale ones here and its own on the primary, through the read-write Service.
keep_slots() {
    slot_step local dropped "$(slots_drop_sql)" || return 0
    if [[ "$1" == primary ]]; then
        slot_step local created "$(slots_create_sql "$(wanted_slots_array)")" || true
    elif session_ensure primary "$(su_conninfo "$PG_PRIMARY_HOST" "$PG_PRIMARY_PORT") $APP target_session_attrs=read-write"; then
        slot_step primary "created on the primary" "$(slots_create_sql "$(own_slot_array)")" || true
    fi
}

label_once() {
    local role applied=""
    if session_ensure local "$LOCAL" && session_query local "SELECT pg_is_in_recovery()" && role="$(recovery_role "$SESSION_ROWS")"; then
        unreachable=0
    else
        log "PostgreSQL is not reachable on $PG_RUN_DIR:$PG_PORT"
        unreachable=$((unreachable + 1))
        # Never labelled yet (still bootstrapping): no role label is as good as `unknown`.
        [[ -f "$ROLE_FILE" ]] && ((unreachable >= UNREACHABLE_PASSES)) || return 0
        role=unknown
    fi
    if [[ "$role" == primary ]] && superseded; then role=unknown; fi
    if [[ "$role" != unknown ]]; then keep_slots "$role"; fi
    if [[ -f "$ROLE_FILE" ]]; then applied="$(<"$ROLE_FILE")"; fi
    [[ "$role" == "$applied" ]] && return 0
    # A bounded request: a hung API call must not stall the loop (the liveness probe watches it).
    # `timeout`, not --request-timeout: any client flag makes kubectl ignore its in-cluster
    # configuration (the pod's ServiceAccount) and dial localhost:8080.
    if timeout 10 "$PG_TOOLS_DIR/kubectl" label pod "$POD_NAME" "$PG_ROLE_LABEL=$role" --overwrite >/dev/null; then
        printf '%s\n' "$role" >"$ROLE_FILE"
        log "labelled $POD_NAME $PG_ROLE_LABEL=$role (was: ${applied:-none})"
    else
        log "kubectl label failed; retrying in ${INTERVAL}s"
    fi
}

# Touched after every pass; labeller-alive.sh (the sidecar's liveness probe) checks its age.
HEARTBEAT="$PG_RUN_DIR/labeller.alive"

if [[ "${1:-}" == "--once" ]]; then
    label_once
    touch "$HEARTBEAT"
    exit 0
fi
# PID 1 of its container: without a handler SIGTERM is ignored and every pod deletion waits the
# whole grace period. Exit at once; the sleep runs in the background so `wait` is interrupted.
trap 'exit 0' TERM INT
while true; do
    label_once
    touch "$HEARTBEAT"
    sleep "$INTERVAL" &
    wait $!
done
