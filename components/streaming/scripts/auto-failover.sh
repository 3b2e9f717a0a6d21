#!/usr/bin/env bash
# Automatic failover controller of the streaming topology (opt-in: autoFailover). One replica of
# a Deployment runs this loop; every PG_FAILOVER_INTERVAL_SECONDS it asks each instance for its
# role (kubectl exec role.sh). It promotes only when ALL of these hold:
#   - no instance answers as primary, for PG_FAILOVER_CHECKS consecutive checks;
#   - the lost primary (the pod last seen or labelled primary) is provably not running: its node
#     is NotReady, or the pod is gone / not Running, or its postgres container is not running.
#     A container that runs but does not answer (e.g. crash recovery) would come back as a
#     primary, so it is waited for, never failed over;
#   - promote.sh, run in the most advanced answering replica, agrees: it refuses while any peer
#     answers as primary over the pod network, and when another replica has more WAL.
# It never edits data directories and never deletes pods. The old primary, when it returns,
# finds the new primary and rejoins as a replica (bootstrap.sh, rejoin.sh). What it cannot do
# (no lease, no STONITH) is in docs/failover.md. `--once` runs one check; `--alive` is the
# liveness probe (the loop's heartbeat is fresh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source-path=SCRIPTDIR/../../scripts source=lib.sh
source "${PG_SCRIPTS_DIR:?}/lib.sh"

HEARTBEAT="${PG_RUN_DIR:-/tmp}/auto-failover.alive"
if [[ "${1:-}" == "--alive" ]]; then
    [[ -f "$HEARTBEAT" ]] || die "no heartbeat yet ($HEARTBEAT)"
    age=$(($(date +%s) - $(stat -c %Y "$HEARTBEAT")))
    # A check may include a promotion (up to PG_FAILOVER_PROMOTE_TIMEOUT_SECONDS): never kill one.
    ((age <= ${PG_FAILOVER_ALIVE_SECONDS:-300})) || die "last check ${age}s ago"
    exit 0
fi

require_env POD_NAMESPACE PG_FAILOVER_PODS PG_ROLE_LABEL
INTERVAL="${PG_FAILOVER_INTERVAL_SECONDS:-10}"
CHECKS="${PG_FAILOVER_CHECKS:-3}"
EXEC_TIMEOUT="${PG_FAILOVER_EXEC_TIMEOUT_SECONDS:-10}"
PROMOTE_TIMEOUT="${PG_FAILOVER_PROMOTE_TIMEOUT_SECONDS:-180}"
KUBECTL="${PG_KUBECTL:-kubectl}"
SCRIPTS="/opt/postgres-k8s/scripts"
read -r -a PODS <<<"$PG_FAILOVER_PODS"
misses=0
last_primary=""

# `timeout`, not --request-timeout: any client flag makes kubectl ignore its in-cluster config.
k() { timeout "$EXEC_TIMEOUT" "$KUBECTL" -n "$POD_NAMESPACE" "$@"; }

# Runs a command in an instance's postgres container, bounded in time (LIMIT seconds, default EXEC_TIMEOUT).
in_pod() { timeout "${LIMIT:-$EXEC_TIMEOUT}" "$KUBECTL" -n "$POD_NAMESPACE" exec "$1" -c postgres -- "${@:2}"; }

# "primary", "replica" or "unreachable", as PostgreSQL itself answers in the pod.
role_of() { in_pod "$1" "$SCRIPTS/role.sh" 2>/dev/null || echo unreachable; }

# The WAL position an instance has (received for a replica), through the pod's own lib.sh.
wal_of() {
    in_pod "$1" bash -c "source $SCRIPTS/lib.sh && local_query \"\$WAL_POSITION_SQL\"" 2>/dev/null
}

# The pod's role label (what the read-write Service selects).
label_of() { k get pod "$1" -o "jsonpath={.metadata.labels.${PG_ROLE_LABEL//./\\.}}" 2>/dev/null; }

# Why the pod can be taken as stopped (prints it), or fails when it may still be running.
provably_stopped() {
    local pod="$1" line node ready phase started node_ready
    if ! line="$(k get pod "$pod" -o jsonpath='{.spec.nodeName}{"|"}{.status.conditions[?(@.type=="Ready")].status}{"|"}{.status.phase}{"|"}{.status.containerStatuses[?(@.name=="postgres")].state.running.startedAt}' 2>&1)"; then
        if [[ "$line" == *NotFound* || "$line" == *"not found"* ]]; then echo "pod $pod does not exist"; return 0; fi
        log "cannot read pod $pod from the API server ($line): not failing over"
        return 1
    fi
    IFS='|' read -r node ready phase started <<<"$line"
    if [[ -n "$node" ]]; then
        node_ready="$(k get node "$node" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || echo Unknown)"
        if [[ "$node_ready" != True ]]; then echo "its node $node is not Ready ($node_ready)"; return 0; fi
    fi
    if [[ "$phase" != Running ]]; then echo "pod $pod is $phase"; return 0; fi
    if [[ -z "$started" ]]; then echo "its postgres container is not running"; return 0; fi
    log "$pod does not answer but its postgres container runs (since $started, Ready=$ready): waiting, it may come back as the primary"
    return 1
}

check_once() {
    local pod role primaries=() replicas=() silent=() lost best="" best_wal="" wal why
    for pod in "${PODS[@]}"; do
        role="$(role_of "$pod")"
        case "$role" in
            primary) primaries+=("$pod") ;;
            replica) replicas+=("$pod") ;;
            *) silent+=("$pod") ;;
        esac
    done
    if ((${#primaries[@]})); then
        ((misses == 0)) || log "primary ${primaries[*]} answers again"
        misses=0
        last_primary="${primaries[0]}"
        ((${#primaries[@]} == 1)) || log "WARNING: more than one primary answers (${primaries[*]}): not acting; see docs/failover.md"
        return 0
    fi
    misses=$((misses + 1))
    # The lost primary: last seen answering, else the one still labelled primary or unknown.
    lost="$last_primary"
    if [[ -z "$lost" ]]; then
        for pod in "${silent[@]}"; do
            if [[ "$(label_of "$pod")" == primary ]]; then lost="$pod"; break; fi
        done
    fi
    log "no instance answers as primary (check $misses of $CHECKS); replicas: ${replicas[*]:-none}; silent: ${silent[*]:-none}; lost primary: ${lost:-unknown}"
    ((misses >= CHECKS)) || return 0
    if [[ -z "$lost" ]]; then
        log "no pod is known to have been the primary: not failing over (promote by hand: postgres-k8s failover)"
        return 0
    fi
    why="$(provably_stopped "$lost")" || return 0
    ((${#replicas[@]})) || { log "$lost is down ($why) but no replica answers: nothing to promote"; return 0; }
    for pod in "${replicas[@]}"; do
        wal="$(wal_of "$pod")" || continue
        if [[ -z "$best" ]] || ! lsn_ge "$best_wal" "$wal"; then best="$pod"; best_wal="$wal"; fi
    done
    [[ -n "$best" ]] || { log "no replica reports its WAL position: not failing over"; return 0; }
    log "FAILOVER: $lost is down ($why) and no primary answered for $misses checks; promoting $best (WAL up to $best_wal)"
    touch "$HEARTBEAT"
    if LIMIT="$PROMOTE_TIMEOUT" in_pod "$best" "$SCRIPTS/promote.sh"; then
        log "promoted $best; $lost rejoins as a replica when it starts again"
        last_primary="$best"
        misses=0
    else
        log "promote.sh on $best refused or failed (see above); retrying next check"
    fi
}

if [[ "${1:-}" == "--once" ]]; then
    check_once
    exit 0
fi
log "watching ${PODS[*]} in $POD_NAMESPACE every ${INTERVAL}s; failover after $CHECKS checks without a primary"
while true; do
    check_once
    touch "$HEARTBEAT"
    sleep "$INTERVAL"
done
