#!/usr/bin/env bash
# Makes a stopped former primary a replica of the current primary: pg_rewind (data checksums are
# on) from the primary on the newest timeline among the peers, then standby.signal and a primary_conninfo that
# follows the read-write Service. Called by bootstrap.sh; exit non-zero leaves the decision
# (refuse, or an operator-approved re-clone) to it. The server must not be running.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGDATA PG_PEERS PG_RUN_DIR PG_CONFIG_DIR PG_SUPERUSER PG_PRIMARY_HOST PG_PRIMARY_PORT POD_NAME
write_passfile
# A server that died with its node (SIGKILL, power loss) leaves postmaster.pid behind, and in a
# new container its pid is often another live process (this container's PID 1): `pg_ctl status`
# then says "running" forever. Running means a live postgres process holds that pid.
pid="$(head -n 1 "$PGDATA/postmaster.pid" 2>/dev/null || true)"
if [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == postgres ]]; then
    die "PostgreSQL is running on $PGDATA (pid $pid): stop it before rejoining"
fi
if [[ -n "$pid" ]]; then
    log "removing the stale postmaster.pid of a server that did not shut down (pid $pid is not a postgres process)"
    rm -f "$PGDATA/postmaster.pid"
fi
read -r name host port theirs < <(newest_primary) || die "no primary among peers to rejoin"
mine="$(data_timeline)" || die "cannot read the timeline of $PGDATA"
# A primary on an older timeline is a stale one back after a failover: rewinding onto it would
# throw away this data directory's newer commits.
((theirs >= mine)) || die "$name is primary on timeline $theirs, older than this data directory's $mine: refusing to rewind onto a stale primary"
opts=(--target-pgdata="$PGDATA" --source-server="$(su_conninfo "$host" "$port")"
    --write-recovery-conf --config-file="$PG_CONFIG_DIR/postgresql.conf")
# WAL the rewind needs from before the fork may already be recycled locally: fetch it from the archive.
if [[ -n "${PG_ARCHIVE_DIR:-}" ]]; then opts+=(--restore-target-wal); fi
# pg_rewind reads the source's timeline from its control file, which a just-promoted primary
# updates only at its next checkpoint: without one it sees "the same timeline", rewinds nothing,
# and the old primary, past the fork point, can never follow (found by the failover tests).
remote_query "$host" "$port" "CHECKPOINT" >/dev/null || die "CHECKPOINT on $name failed: its timeline cannot be checked"
log "rewinding to follow $name ($host:$port)"
pg_rewind "${opts[@]}" || die "pg_rewind from $name failed"
touch "$PGDATA/standby.signal"
replica_conninfo_rewrite "$PGDATA"
sync "$PGDATA/standby.signal" "$PGDATA/postgresql.auto.conf"
log "rejoined as a replica of $name"
