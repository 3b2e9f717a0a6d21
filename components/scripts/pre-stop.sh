#!/usr/bin/env bash
# preStop hook: requests a fast shutdown (rolls back open transactions, writes a shutdown
# checkpoint and lets walsenders ship all WAL to connected replicas) and returns at once.
# postgres is the container's main process: the moment it exits the runtime kills everything
# left in the container, so a hook that waited for the shutdown would itself always be killed
# (and reported as failed, exit 137). The wait happens in a detached watchdog instead: if the
# fast shutdown has not finished after PG_STOP_TIMEOUT_SECONDS, it falls back to an immediate
# shutdown, so the pod never outlives its grace period uncleanly; it dies with the container.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGDATA
TIMEOUT="${PG_STOP_TIMEOUT_SECONDS:-60}"

if [[ "${1:-}" == "--watchdog" ]]; then
    pid="$2"
    deadline=$((SECONDS + TIMEOUT))
    while [[ -d "/proc/$pid" ]] && ((SECONDS < deadline)); do sleep 1; done
    [[ -d "/proc/$pid" ]] || exit 0
    log "fast shutdown did not finish in ${TIMEOUT}s: immediate shutdown (crash recovery on next start)"
    exec pg_ctl -D "$PGDATA" -m immediate -w -t 10 stop
fi

pg_ctl -D "$PGDATA" status >/dev/null 2>&1 || { log "PostgreSQL is not running"; exit 0; }
pid="$(head -n 1 "$PGDATA/postmaster.pid")"
pg_ctl -D "$PGDATA" -m fast -W stop >/dev/null || die "could not request a fast shutdown"
log "fast shutdown requested (immediate shutdown after ${TIMEOUT}s)"
# Its own session, no file descriptor of this hook: the hook's exec ends when this script does.
# Its messages go to the container's log (the main process's stderr) when that is writable.
watchdog_log=/dev/null
if [[ -w /proc/1/fd/2 ]]; then watchdog_log=/proc/1/fd/2; fi
setsid bash "$0" --watchdog "$pid" </dev/null >/dev/null 2>>"$watchdog_log" &
