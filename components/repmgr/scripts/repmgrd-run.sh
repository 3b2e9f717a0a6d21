#!/usr/bin/env bash
# Command of the repmgrd container beside PostgreSQL: waits for the local server, registers it
# with repmgr in the role it actually has, then runs repmgrd in the foreground. It exits (the
# kubelet restarts it, and it registers again) when repmgrd dies or the local server restarts,
# so repmgrd never monitors a server whose role changed under it.
# A primary that finds another primary on a newer timeline is stale (it came back after a
# failover): repmgr-fence.sh stops it, so its container restarts and rejoins.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=repmgr-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/repmgr-lib.sh"

require_env POD_NAME PGDATA PG_PORT PG_CONFIG_DIR PG_SCRIPTS_DIR PG_RUN_DIR PG_SUPERUSER REPMGR_DATABASE
write_passfile
CHECK_SECONDS="${REPMGR_FENCE_CHECK_SECONDS:-2}"

postmaster_pid() { head -n 1 "$PGDATA/postmaster.pid" 2>/dev/null || true; }

# Wait for the server on the address of this node's conninfo, which registration and repmgrd
# use: on a first start the server that runs the initialisation (repmgr-init-primary.sh) listens
# on the socket only, and registering against it failed and restarted this container.
own_host="$(sed -n "s/^conninfo='host=\([^ ']*\).*/\1/p" "$REPMGR_CONF")"
[[ -n "$own_host" ]] || die "no host in the conninfo of $REPMGR_CONF"
until pg_isready -q -h "$own_host" -p "$PG_PORT" -t 2; do sleep 1; done
pid="$(postmaster_pid)"
if "$PG_SCRIPTS_DIR/repmgr-fence.sh"; then exit 1; fi
role="$("$PG_SCRIPTS_DIR/role.sh")"
if [[ "$role" == "primary" ]]; then
    repmgr_cmd primary register --force
else
    # Registration needs the primary: during a failover it may take a few seconds to appear.
    until repmgr_cmd standby register --force; do
        log "standby registration failed; retrying"
        sleep 2
        [[ "$(postmaster_pid)" == "$pid" ]] || exit 1
    done
fi

repmgrd -f "$REPMGR_CONF" --daemonize=false --no-pid-file &
repmgrd_pid=$!
trap 'kill -TERM "$repmgrd_pid" 2>/dev/null || true; wait "$repmgrd_pid" || true; exit 0' TERM INT
while sleep "$CHECK_SECONDS"; do
    kill -0 "$repmgrd_pid" 2>/dev/null || { wait "$repmgrd_pid" || true; die "repmgrd exited"; }
    if [[ "$(postmaster_pid)" != "$pid" ]] || "$PG_SCRIPTS_DIR/repmgr-fence.sh"; then
        log "the local server stopped or restarted: stopping repmgrd to register again"
        kill -TERM "$repmgrd_pid" 2>/dev/null || true
        wait "$repmgrd_pid" || true
        exit 1
    fi
done
