#!/usr/bin/env bash
# Readiness probe of the postgres container (streaming topology): ready.sh MAX_LAG_BYTES.
# A primary is Ready when it answers. A replica is Ready only while its WAL receiver streams
# from the primary and its replay is at most MAX_LAG_BYTES behind the end of WAL the primary last
# reported (pg_stat_wal_receiver.latest_end_lsn): the read-only Service then never serves a
# replica that stopped following or fell far behind. Bytes, not seconds: the time since the last
# replayed commit grows on an idle primary, which would fail a replica that is fully caught up.
# Peer authentication on the unix socket, as role.sh: no password.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PG_RUN_DIR PG_PORT PG_SUPERUSER
max_lag="${1:-}"
[[ "$max_lag" =~ ^[0-9]+$ ]] || die "usage: ready.sh MAX_LAG_BYTES (got '$max_lag')"
state="$(PGCONNECT_TIMEOUT="${PG_CONNECT_TIMEOUT:-3}" local_query "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 'primary'
    ELSE coalesce((SELECT status || ' ' || coalesce(pg_wal_lsn_diff(latest_end_lsn, pg_last_wal_replay_lsn())::bigint::text, '-')
                   FROM pg_stat_wal_receiver), 'stopped -') END")" \
    || die "PostgreSQL is not accepting connections on $PG_RUN_DIR:$PG_PORT"
read -r status lag <<<"$state"
case "$status" in
    primary) exit 0 ;;
    streaming) ;;
    *) die "replica not streaming from the primary (WAL receiver: $status)" ;;
esac
[[ "$lag" =~ ^-?[0-9]+$ ]] || die "replica streaming but the primary has reported no WAL position yet"
((lag <= max_lag)) || die "replica replay is $lag bytes behind the primary (limit $max_lag)"
