#!/usr/bin/env bash
# preStop hook of a repmgr-managed PostgreSQL pod, and step one of a planned switchover
# (repmgr-switchover.sh). A primary with a streaming standby hands over: it marks its data volume
# (so its next start waits for the successor and rejoins it) and stops with a fast shutdown,
# which ships all WAL to the connected standbys first; repmgrd then promotes the most advanced
# one. Anything else just stops (pre-stop.sh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=repmgr-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/repmgr-lib.sh"

require_env PGDATA PG_RUN_DIR PG_PORT PG_SUPERUSER PG_SCRIPTS_DIR
if [[ "$("$PG_SCRIPTS_DIR/role.sh" 2>/dev/null)" == "primary" ]] \
    && (($(local_query "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") > 0)); then
    touch "$HANDOVER_MARKER"
    fsync_path "$HANDOVER_MARKER"
    log "handing over: this primary stops; repmgrd promotes a standby"
fi
exec "$PG_SCRIPTS_DIR/pre-stop.sh"
