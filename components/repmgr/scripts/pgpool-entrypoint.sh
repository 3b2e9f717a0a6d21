#!/usr/bin/env bash
# Container command of a pgpool pod: writes the password files pgpool needs from the mounted
# Secret files into the pod's private run directory (0600, never a ConfigMap), then execs pgpool
# in the foreground with the rendered pgpool.conf and pool_hba.conf.
#   pool_passwd: the users pgpool authenticates (scram) to clients and backends, AES-encrypted
#                with a key made at random for this pod's life (pg_enc reads the pairs from a
#                0600 file, never argv).
#   pcp.conf:    the pcp administrator, md5-hashed (pcp_* commands, `kubectl exec` only: pcp
#                listens on localhost).
#   pgpass:      the check user for the probes (pgpool-ready.sh); PCPPASSFILE for pgpool-alive.sh.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGPOOL_CONFIG_DIR PGPOOL_SECRETS_DIR PGPOOL_RUN_DIR PGPOOL_PORT PGPOOL_PCP_PORT \
    PGPOOL_CHECK_USER PGPOOL_PCP_USER PG_APP_USER
read_secret() {
    local file="$PGPOOL_SECRETS_DIR/$1" pw
    [[ -r "$file" ]] || die "secret file $file is missing"
    IFS= read -r pw <"$file" || [[ -n "$pw" ]]
    printf '%s' "$pw"
}

umask 077
# pool_passwd is resolved beside pgpool.conf (by pg_enc whatever its setting says), and the
# ConfigMap's directory is read-only: run pgpool from an exact copy in the run directory.
conf="$PGPOOL_RUN_DIR/pgpool.conf"
rm -f "$conf"
cp "$PGPOOL_CONFIG_DIR/pgpool.conf" "$conf"
key="$PGPOOL_RUN_DIR/.pgpoolkey"
pairs="$PGPOOL_RUN_DIR/.pool-users"
head -c 32 /dev/urandom | base64 -w0 >"$key"
trap 'rm -f "$pairs"' EXIT
{
    printf '%s:%s\n' "$PG_APP_USER" "$(read_secret app-password)"
    printf '%s:%s\n' "$PGPOOL_CHECK_USER" "$(read_secret pgpool-password)"
} >"$pairs"
rm -f "$PGPOOL_RUN_DIR/pool_passwd"
pg_enc -m -k "$key" -f "$conf" -i "$pairs" >/dev/null
rm -f "$pairs"
[[ -s "$PGPOOL_RUN_DIR/pool_passwd" ]] || die "pg_enc wrote no $PGPOOL_RUN_DIR/pool_passwd"

pcp_pw="$(read_secret pcp-password)"
printf '%s:%s\n' "$PGPOOL_PCP_USER" "$(printf '%s' "$pcp_pw" | md5sum | cut -d' ' -f1)" >"$PGPOOL_RUN_DIR/pcp.conf"
printf 'localhost:%s:%s:%s\n' "$PGPOOL_PCP_PORT" "$PGPOOL_PCP_USER" "$pcp_pw" >"$PGPOOL_RUN_DIR/pcppass"
printf '*:*:*:%s:%s\n' "$(passfile_escape "$PGPOOL_CHECK_USER")" "$(passfile_escape "$(read_secret pgpool-password)")" >"$PGPOOL_RUN_DIR/pgpass"
unset pcp_pw

# The run directory outlives a container restart (its liveness probe restarts a stuck pgpool),
# and the restarted pgpool is PID 1 again in its new PID namespace: finding its predecessor's
# pid file, which says 1 as well, it takes itself for "another pgpool" and exits, for ever.
# Only this container runs pgpool in this pod, so a pid file here is always stale.
rm -f "$PGPOOL_RUN_DIR/pgpool.pid"

# Backends that do not answer start detached. pgpool 4.3.5 looks for the primary
# before it forks pcp and its health checks, connecting to every attached backend with retries
# that never end: an unreachable host (a node gone, a partition) gets "trying connecting ...
# timed out. retrying..." every connect_timeout until the kernel gives up the SYN (about 2 min),
# pcp does not answer meanwhile and the liveness probe restarts it first, again and again
# (search_primary_node_timeout bounds only the rounds between such connections). So the
# backends are probed here with that same timeout, in parallel, and pgpool_status (read
# instead of discarded: no -D) says "down" for those that gave no answer (unreachable, silent
# or refusing): pgpool skips them,
# and auto_failback attaches one again once it streams from the primary. A primary that
# gave no answer is then never found: pgpool keeps searching (search_primary_node_timeout 0),
# pcp stays silent, and the liveness probe restarts it into a new probe. The file is written
# anew at every start: nothing of a previous pgpool's view is kept.
conf_value() { sed -n -e "s/^$1 = '\(.*\)'\$/\1/p" -e "s/^$1 = \([^']*\)\$/\1/p" "$conf"; }
timeout_ms="$(conf_value connect_timeout)"
timeout_s=$(((timeout_ms + 999) / 1000))
((timeout_s > 0)) || timeout_s=1
hosts=() probes=()
for ((n = 0; ; n++)); do
    host="$(conf_value "backend_hostname$n")"
    [[ -n "$host" ]] || break
    hosts+=("$host")
    pg_isready -q -h "$host" -p "$(conf_value "backend_port$n")" -U "$PGPOOL_CHECK_USER" -d postgres -t "$timeout_s" &
    probes+=("$!")
done
((${#hosts[@]} > 0)) || die "no backend_hostname0 in $conf"
status="$PGPOOL_RUN_DIR/pgpool_status"
rm -f "$status.new"
for n in "${!hosts[@]}"; do
    # pg_isready: 0 accepting, 1 rejecting (starting or stopping: it answers), 2 no answer.
    rc=0
    wait "${probes[$n]}" || rc=$?
    if ((rc == 2)); then
        log "backend $n (${hosts[$n]}) gave no answer within ${timeout_s} s: pgpool starts with it detached"
        echo down
    else
        echo up
    fi >>"$status.new"
done
mv -f "$status.new" "$status"
log "starting pgpool on port $PGPOOL_PORT"
exec pgpool -n -k "$key" -f "$conf" -F "$PGPOOL_RUN_DIR/pcp.conf" -a "$PGPOOL_CONFIG_DIR/pool_hba.conf"
