#!/usr/bin/env bash
# preStop hook: fast shutdown (rolls back open transactions, writes a shutdown checkpoint and
# lets walsenders ship all WAL to connected replicas) within the grace period; immediate
# shutdown as a last resort so the pod never outlives its grace period uncleanly.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGDATA
TIMEOUT="${PG_STOP_TIMEOUT_SECONDS:-60}"
pg_ctl -D "$PGDATA" status >/dev/null 2>&1 || { log "PostgreSQL is not running"; exit 0; }
if pg_ctl -D "$PGDATA" -m fast -w -t "$TIMEOUT" stop; then
    exit 0
fi
log "fast shutdown did not finish in ${TIMEOUT}s: immediate shutdown (crash recovery on next start)"
pg_ctl -D "$PGDATA" -m immediate -w -t 10 stop
