#!/usr/bin/env bash
# Liveness probe of a pgpool pod, through pcp (it needs no free pgpool child, so a pool whose
# children are all busy is not restarted for being busy). Fails when pgpool does not answer, or
# when some backend reports being the primary (pg_role: pg_is_in_recovery() now, whether pgpool
# has it attached or not) and pgpool uses none of them as its primary. pgpool never corrects
# that itself, and a restarted pgpool finds the primary at once. pgpool 4.3 gets there:
#  - with no primary, when a backend stops answering on an open connection (a frozen or
#    unreachable host): its streaming-replication check worker waits on that socket forever and
#    the failover never finishes;
#  - with a standby as its primary, after a switchover whose old primary stopped and came back
#    as a standby before pgpool's health check detached it: every write goes to a standby;
#  - with the primary detached although it runs, after a health check that timed out: pgpool
#    looks for a primary among the backends still attached, for ever, and a pcp_attach_node
#    waits behind that search (repmgrd sees a healthy primary and promotes nobody).
# During a normal failover the state lasts about one second; the probe's failure threshold
# spans several.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGPOOL_RUN_DIR PGPOOL_PCP_PORT PGPOOL_PCP_USER
export PCPPASSFILE="$PGPOOL_RUN_DIR/pcppass"
pcp() { timeout 5 "$@" -h localhost -p "$PGPOOL_PCP_PORT" -U "$PGPOOL_PCP_USER" -w; }

count="$(pcp pcp_node_count)" || die "pgpool does not answer pcp on port $PGPOOL_PCP_PORT"
primary="" claimed=() detached=()
for ((n = 0; n < count; n++)); do
    # host port status weight status_name pg_status role pg_role ...
    read -r _ _ _ _ status _ role pg_role _ < <(pcp pcp_node_info -n "$n") || die "pcp_node_info -n $n failed"
    [[ "$status" == "down" ]] && detached+=("$n")
    [[ "$status" =~ ^(up|waiting)$ && "$role" == "primary" ]] && primary="$n"
    [[ "$pg_role" == "primary" ]] && claimed+=("$n")
done
if ((${#claimed[@]} > 0)) && [[ " ${claimed[*]} " != *" $primary "* ]]; then
    die "pgpool's primary is ${primary:-none} while backend(s) ${claimed[*]} report being primary: writes go nowhere or to a standby"
fi
# A backend pgpool-entrypoint.sh started detached (its host gave no answer) is never put back by
# pgpool itself: 4.3.5 forks a health check, which is what runs auto_failback, only for the
# backends attached at its start (and anew after a failback). So the same rule as
# auto_failback's is applied here: a detached backend that streams from pgpool's primary
# (replication state from the primary's pg_stat_replication, by application_name) is attached.
# Once attached it has its health check, and pgpool's own auto_failback from then on.
for n in "${detached[@]}"; do
    info="$(pcp pcp_node_info -v -n "$n")" || die "pcp_node_info -v -n $n failed"
    if grep -Eq '^Replication State[[:space:]]*:[[:space:]]*streaming$' <<<"$info"; then
        log "backend $n is detached and streams from the primary: attaching it"
        pcp pcp_attach_node -n "$n" >/dev/null || log "pcp_attach_node -n $n failed"
    fi
done
