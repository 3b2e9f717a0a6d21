#!/usr/bin/env bash
# Stops this server when it is a stale primary: another primary writes on a newer timeline (this
# one came back after a failover). Exit 0 when it stopped it, 1 otherwise. Run by repmgrd-run.sh
# every few seconds; the postgres container then restarts and rejoins (repmgr-entrypoint.sh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=repmgr-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/repmgr-lib.sh"

require_env PGDATA PG_SCRIPTS_DIR
[[ "$("$PG_SCRIPTS_DIR/role.sh" 2>/dev/null)" == "primary" ]] || exit 1
mine="$(local_timeline)" || exit 1
read -r name _ _ theirs < <(newest_primary) || exit 1
((theirs > mine)) || exit 1
log "FENCING: $name is primary on timeline $theirs, this server on $mine: stopping it so that it rejoins"
pg_ctl -D "$PGDATA" -m fast -w -t 60 stop >/dev/null || pg_ctl -D "$PGDATA" -m immediate -w stop >/dev/null
