#!/usr/bin/env bash
# Sidecar: keeps this pod's role label equal to what PostgreSQL says (role.sh), so the
# read-write Service selects exactly the pod that is not in recovery. `--once` runs one pass.
# After PG_LABEL_UNREACHABLE_PASSES passes (default 3) without an answer the label becomes
# `unknown`, so a crashed primary stops carrying `primary` (readiness already keeps it out of
# the Service; this keeps `-l role=primary` down to one pod). A brief restart changes nothing.
# A primary that finds another primary on a newer timeline is labelled `unknown` as well.
# The last label applied is kept in $PG_RUN_DIR/role; a failed kubectl call is retried next pass.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env POD_NAME PG_ROLE_LABEL PG_TOOLS_DIR PG_SCRIPTS_DIR PG_RUN_DIR PG_PORT PG_SUPERUSER
write_passfile
INTERVAL="${PG_LABEL_INTERVAL_SECONDS:-5}"
UNREACHABLE_PASSES="${PG_LABEL_UNREACHABLE_PASSES:-3}"
ROLE_FILE="$PG_RUN_DIR/role"
unreachable=0

# Timeline a primary writes on (hex), from its current WAL file name.
TIMELINE_SQL="SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"

# Two primaries happen when a failover races this pod's restart: only the one on the newer
# timeline (the promoted one) keeps the label, so the read-write Service selects one of them.
superseded() {
    local mine name host port theirs
    mine="$(local_query "$TIMELINE_SQL" 2>/dev/null)" || return 1
    while read -r name host port; do
        theirs="$(remote_query "$host" "$port" "$TIMELINE_SQL" 2>/dev/null)" || continue
        if ((16#$theirs > 16#$mine)); then
            log "WARNING: $name is also a primary, on a newer timeline ($theirs > $mine): not labelling this pod primary; stop it (see docs/failover.md)"
            return 0
        fi
    done < <(find_primaries)
    return 1
}

label_once() {
    local role applied=""
    if role="$("$PG_SCRIPTS_DIR/role.sh")"; then
        unreachable=0
    else
        unreachable=$((unreachable + 1))
        # Never labelled yet (still bootstrapping): no role label is as good as `unknown`.
        [[ -f "$ROLE_FILE" ]] && ((unreachable >= UNREACHABLE_PASSES)) || return 0
        role=unknown
    fi
    if [[ "$role" == primary ]] && superseded; then role=unknown; fi
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
