#!/usr/bin/env bash
# Switchover, step 1, run in the current primary's pod: marks the data directory as a replica
# of the read-write Service (standby.signal + primary_conninfo), then stops PostgreSQL with a
# fast shutdown. Fast shutdown writes a shutdown checkpoint and makes the walsenders ship all WAL
# to the connected replicas and wait for their flush, so no acknowledged commit is lost. When
# the container restarts, entrypoint.sh finds standby.signal and starts it as a replica: it can
# never come back as a second primary. Step 2: promote.sh --switchover <this pod> on the target.
# It only requests the shutdown and returns: postgres is the container's main process, so a
# `kubectl exec` still waiting when it exits would be killed with the container. promote.sh
# then proves the shutdown was clean and complete before promoting.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGDATA PG_RUN_DIR PG_PORT PG_SUPERUSER PG_PRIMARY_HOST PG_PRIMARY_PORT POD_NAME
write_passfile
require_local_role primary
streaming="$(local_query "SELECT string_agg(application_name, ',') FROM pg_stat_replication WHERE state = 'streaming'")"
[[ -n "$streaming" || "${1:-}" == "--force" ]] \
    || die "no replica is streaming from this primary: a switchover would lose nothing only with one (pass --force to stop anyway)"
log "demoting: streaming replicas: ${streaming:-none}"
touch "$PGDATA/standby.signal"
replica_conninfo_rewrite "$PGDATA"
sync "$PGDATA/standby.signal" "$PGDATA/postgresql.auto.conf"
if ! pg_ctl -D "$PGDATA" -m fast -W stop >/dev/null; then
    rm -f "$PGDATA/standby.signal"
    die "could not request a fast shutdown; standby.signal removed again, this pod is still the primary"
fi
log "fast shutdown requested; the container restarts as a replica of $PG_PRIMARY_HOST:$PG_PRIMARY_PORT"
