#!/usr/bin/env bash
# Planned switchover, run in the primary's postgres container. Refuses unless a standby streams
# and has received everything; then hands over (repmgr-pre-stop.sh): the fast shutdown ships the
# last WAL, repmgrd promotes a standby, this pod restarts and rejoins it. Nothing acknowledged is
# lost. With PG_SWITCHOVER_MAX_LAG_BYTES (default 16 MiB) the caller bounds how far behind the
# best standby may be when the switchover starts (the shutdown waits for it to catch up).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGDATA PG_RUN_DIR PG_PORT PG_SUPERUSER PG_SCRIPTS_DIR
require_local_role primary
MAX_LAG="${PG_SWITCHOVER_MAX_LAG_BYTES:-16777216}"
best="$(local_query "SELECT min(pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn))::bigint FROM pg_stat_replication WHERE state = 'streaming'")"
[[ -n "$best" ]] || die "no standby is streaming from this primary: a switchover would leave the cluster without a primary"
((best <= MAX_LAG)) || die "the most advanced standby is $best bytes behind (more than $MAX_LAG): retry when it has caught up"
log "switching over: the most advanced standby is $best bytes behind"
exec "$PG_SCRIPTS_DIR/repmgr-pre-stop.sh"
