#!/usr/bin/env bash
# Liveness probe of a pgpool pod, through pcp (it needs no free pgpool child, so a pool whose
# children are all busy is not restarted for being busy). Fails when pgpool does not answer, or
# when it is stuck in a failover: some attached backend says it is the primary (pg_role) while
# pgpool has none. pgpool 4.3 gets there when a backend stops answering on an open connection
# (a frozen or unreachable host): its streaming-replication check worker waits on that socket
# forever and the failover never finishes. A restarted pgpool finds the primary at once.
# During a normal failover that state lasts about one second; the probe's failure threshold
# spans several.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGPOOL_RUN_DIR PGPOOL_PCP_PORT PGPOOL_PCP_USER
export PCPPASSFILE="$PGPOOL_RUN_DIR/pcppass"
pcp() { timeout 5 "$@" -h localhost -p "$PGPOOL_PCP_PORT" -U "$PGPOOL_PCP_USER" -w; }

count="$(pcp pcp_node_count)" || die "pgpool does not answer pcp on port $PGPOOL_PCP_PORT"
has_primary=no claimed=""
for ((n = 0; n < count; n++)); do
    # host port status weight status_name pg_status role pg_role ...
    read -r _ _ _ _ status _ role pg_role _ < <(pcp pcp_node_info -n "$n") || die "pcp_node_info -n $n failed"
    [[ "$role" == "primary" && "$status" =~ ^(up|waiting)$ ]] && has_primary=yes
    [[ "$pg_role" == "primary" && "$status" =~ ^(up|waiting)$ ]] && claimed+=" $n"
done
if [[ "$has_primary" == "no" && -n "$claimed" ]]; then
    die "pgpool has no primary although backend(s)$claimed report being primary: failover is stuck"
fi
