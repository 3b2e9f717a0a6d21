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
log "starting pgpool on port $PGPOOL_PORT"
# -D: backend states from a previous run (pgpool_status) are not trusted; pgpool finds the
# primary again itself.
exec pgpool -n -D -k "$key" -f "$conf" -F "$PGPOOL_RUN_DIR/pcp.conf" -a "$PGPOOL_CONFIG_DIR/pool_hba.conf"
