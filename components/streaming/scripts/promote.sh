#!/usr/bin/env bash
# Promotes this replica, run in the chosen replica's pod.
#   promote.sh --switchover OLD   planned: OLD was stopped by demote.sh; waits until OLD is back
#                                 as a replica and checks this replica holds all of OLD's WAL.
#   promote.sh [--force]          failover: the primary is gone. Refuses while any primary is
#                                 reachable, and when another replica has more WAL (promote that
#                                 one instead; --force accepts losing what only it has).
# The labeller then relabels this pod primary, so the read-write Service follows; the other
# replicas follow through the Service (recovery_target_timeline = latest).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode=failover old="" force=false
while (($#)); do
    case "$1" in
        --switchover) mode=switchover; old="${2:-}"; shift 2 || die "--switchover needs the old primary's pod name" ;;
        --force) force=true; shift ;;
        *) die "usage: promote.sh [--switchover OLD_PRIMARY_POD] [--force]" ;;
    esac
done
require_env POD_NAME PG_PEERS PG_RUN_DIR PG_PORT PG_SUPERUSER
write_passfile
require_local_role replica
WAIT="${PG_SWITCHOVER_WAIT_SECONDS:-120}"

if primary="$(find_primary)"; then
    die "${primary%% *} is still a running primary: stop it first (demote.sh for a switchover)"
fi

# The peer's role and WAL position: "t|f LSN", or nothing when unreachable.
peer_state() { remote_query "$1" "$2" "SELECT CASE WHEN pg_is_in_recovery() THEN 't ' ELSE 'f ' END || ($WAL_POSITION_SQL)" 2>/dev/null || true; }

if [[ "$mode" == switchover ]]; then
    read -r _ host port < <(peers --others | awk -v n="$old" '$1 == n') || die "$old is not a peer"
    deadline=$((SECONDS + WAIT))
    until state="$(peer_state "$host" "$port")" && [[ "$state" == t\ * ]]; do
        ((SECONDS < deadline)) || die "$old did not come back as a replica within ${WAIT}s: cannot prove this replica has all its WAL"
        sleep 1
    done
    old_end="${state#* }"
    mine="$(local_query "$WAL_POSITION_SQL")"
    lsn_ge "$mine" "$old_end" || die "this replica has WAL up to $mine but $old wrote up to $old_end: not promoting (it would lose commits)"
    log "$old ended at $old_end; this replica has received up to $mine"
else
    mine="$(local_query "$WAL_POSITION_SQL")"
    while read -r name host port; do
        state="$(peer_state "$host" "$port")"
        [[ "$state" == t\ * ]] || continue
        if ! lsn_ge "$mine" "${state#* }"; then
            $force || die "$name has more WAL (${state#* }) than this replica ($mine): promote $name instead, or pass --force to lose what only it has"
            log "WARNING: --force: promoting although $name has more WAL (${state#* } > $mine)"
        fi
    done < <(peers --others)
fi

# Replay everything received before ending recovery.
deadline=$((SECONDS + WAIT))
until [[ "$(local_query "SELECT pg_last_wal_replay_lsn() >= COALESCE(pg_last_wal_receive_lsn(), '0/0')")" == t ]]; do
    ((SECONDS < deadline)) || die "replay did not catch up with received WAL within ${WAIT}s"
    sleep 0.2
done
[[ "$(local_query "SELECT pg_promote(true, $WAIT)")" == t ]] || die "pg_promote did not finish within ${WAIT}s"
# Slots for the other members at once (the labeller keeps them too, from its next pass): they
# reserve WAL from here on, so a member still down rejoins without an archive.
if dropped="$(local_query "$(slots_drop_sql)")" && created="$(local_query "$(slots_create_sql "$(wanted_slots_array)")")"; then
    log "replication slots: created ${created:-none}, dropped ${dropped:-none}"
else
    log "WARNING: could not keep the replication slots now (the role labeller retries)"
fi
log "promoted $POD_NAME ($mode); writing WAL at $(local_query "SELECT pg_current_wal_lsn() || ' in ' || pg_walfile_name(pg_current_wal_lsn())")"
