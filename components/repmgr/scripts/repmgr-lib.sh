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
