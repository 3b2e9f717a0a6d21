#!/usr/bin/env bash
# Sidecar: keeps this pod's role label equal to what PostgreSQL says (role.sh), so the
# read-write Service selects exactly the pod that is not in recovery. `--once` runs one pass.
# The last label applied is kept in $PG_RUN_DIR/role; a failed kubectl call is retried next pass.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env POD_NAME PG_ROLE_LABEL PG_TOOLS_DIR PG_SCRIPTS_DIR PG_RUN_DIR
INTERVAL="${PG_LABEL_INTERVAL_SECONDS:-5}"
ROLE_FILE="$PG_RUN_DIR/role"

label_once() {
    local role applied=""
    role="$("$PG_SCRIPTS_DIR/role.sh")" || return 0
    [[ -f "$ROLE_FILE" ]] && applied="$(<"$ROLE_FILE")"
    [[ "$role" == "$applied" ]] && return 0
    if "$PG_TOOLS_DIR/kubectl" label pod "$POD_NAME" "$PG_ROLE_LABEL=$role" --overwrite >/dev/null; then
        printf '%s\n' "$role" >"$ROLE_FILE"
        log "labelled $POD_NAME $PG_ROLE_LABEL=$role (was: ${applied:-none})"
    else
        log "kubectl label failed; retrying in ${INTERVAL}s"
    fi
}

if [[ "${1:-}" == "--once" ]]; then
    label_once
    exit 0
fi
while true; do
    label_once
    sleep "$INTERVAL"
done
