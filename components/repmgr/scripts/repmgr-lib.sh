#!/usr/bin/env bash
# Helpers of the repmgr pod scripts (see docs/repmgr.md). Sourced after lib.sh, never executed.
# In the pod every script, shared or repmgr-only, sits in the one scripts directory.

require_env POD_NAME PGDATA PG_CONFIG_DIR
# No replication slots (use_replication_slots=false, docs/repmgr.md): lib.sh's
# replica_conninfo_rewrite writes no primary_slot_name, here and in the shared scripts run from
# here (rejoin.sh), hence exported.
export PG_REPLICATION_SLOTS=off
# This pod's repmgr.conf: the ConfigMap carries one rendered file per ordinal.
REPMGR_CONF="$PG_CONFIG_DIR/repmgr-$(ordinal).conf"
# shellcheck disable=SC2034  # used by the scripts that source this file
# Written by repmgr-pre-stop.sh when this primary hands over: on its next start it waits for the
# new primary and rejoins it instead of starting as a primary again.
HANDOVER_MARKER="$(dirname "$PGDATA")/handover-requested"

repmgr_cmd() { repmgr -f "$REPMGR_CONF" "$@"; }

# Connection string of the repmgr database on a peer: repmgr_conninfo HOST PORT.
repmgr_conninfo() {
    printf 'host=%s port=%s user=%s dbname=%s connect_timeout=%s' \
        "$1" "$2" "$PG_SUPERUSER" "$REPMGR_DATABASE" "${PG_CONNECT_TIMEOUT:-3}"
}

# The timeline a primary writes on now: local_timeline | remote_timeline HOST PORT. Not the
# control file's: until the first checkpoint after a promotion it names an older timeline, and a
# stale primary compared with it looked newer (the new primary was fenced and rewound onto it).
TIMELINE_SQL="SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int"
local_timeline() { local_query "$TIMELINE_SQL"; }
remote_timeline() { remote_query "$1" "$2" "$TIMELINE_SQL"; }

# The timeline of this pod's stopped data directory: the newest of its control file's and of the
# history files in pg_wal (a promoted server that stopped before its first checkpoint has only
# the history file of its new timeline).
data_timeline() {
    local tli history id
    tli="$(pg_controldata "$PGDATA" | sed -n "s/^Latest checkpoint's TimeLineID: *//p")"
    [[ -n "$tli" ]] || return 1
    for history in "$PGDATA"/pg_wal/*.history; do
        [[ -e "$history" ]] || continue
        id=$((16#$(basename "$history" .history)))
        if ((id > tli)); then tli=$id; fi
    done
    printf '%s\n' "$tli"
}

# "name host port timeline" of the other primary on the newest timeline, or nothing (exit 1): after
# a failover a stale primary may answer too, and it is never the one to follow.
newest_primary() {
    local name host port tli best="" best_tli=0
    while read -r name host port; do
        tli="$(remote_timeline "$host" "$port" 2>/dev/null)" || continue
        if ((tli > best_tli)); then best="$name $host $port $tli"; best_tli=$tli; fi
    done < <(find_primaries)
    [[ -n "$best" ]] || return 1
    printf '%s\n' "$best"
}
