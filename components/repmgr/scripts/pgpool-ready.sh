#!/usr/bin/env bash
# Readiness probe of a pgpool pod: ready when a session through this pgpool reaches a primary
# (pgpool knows which backend is primary and routes a write-capable session to it).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGPOOL_RUN_DIR PGPOOL_PORT PGPOOL_CHECK_USER
export PGPASSFILE="$PGPOOL_RUN_DIR/pgpass" PGCONNECT_TIMEOUT=3
nodes="$(psql_q -F ' ' -h "$PGPOOL_RUN_DIR" -p "$PGPOOL_PORT" -U "$PGPOOL_CHECK_USER" -d postgres -c "SHOW POOL_NODES")" \
    || die "no session through pgpool on port $PGPOOL_PORT"
# Columns: node_id hostname port status pg_status lb_weight role ...
awk '$4 == "up" && $7 == "primary" { found = 1 } END { exit !found }' <<<"$nodes" \
    || die "pgpool has no primary backend up"
