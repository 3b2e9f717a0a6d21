#!/usr/bin/env bash
# Prints this pod's role, `primary` or `replica`, from pg_is_in_recovery() over the local socket.
# Exit 1 when PostgreSQL is not reachable (the labeller then leaves the label alone).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PG_RUN_DIR PG_PORT PG_SUPERUSER
state="$(PGCONNECT_TIMEOUT="${PG_CONNECT_TIMEOUT:-3}" local_query "SELECT pg_is_in_recovery()" 2>/dev/null)" \
    || { log "PostgreSQL is not reachable on $PG_RUN_DIR:$PG_PORT"; exit 1; }
recovery_role "$state"
