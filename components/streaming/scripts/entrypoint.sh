#!/usr/bin/env bash
# Container command of every PostgreSQL pod: prepares the data directory for this pod's role,
# then execs postgres. Decisions, in order:
#   PGDATA initialised  -> never wiped; a former primary that finds another primary rejoins as a
#                          replica (rejoin.sh), never starts as a second primary.
#   PGDATA empty        -> ordinal 0 with no primary among the peers: initdb + init-primary.sh;
#                          anyone else: clone the primary with pg_basebackup (bounded wait).
# Work happens in a staging directory renamed onto PGDATA only when complete, so a pod killed
# half-way never leaves a half-made PGDATA that a restart would then refuse to touch.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env POD_NAME PGDATA PG_PORT PG_CONFIG_DIR PG_SCRIPTS_DIR PG_SECRETS_DIR PG_RUN_DIR \
    PG_PRIMARY_HOST PG_PRIMARY_PORT PG_SUPERUSER PG_REPLICATION_USER
write_passfile
stop_on_signals

SERVER_OPTS=(-c "config_file=$PG_CONFIG_DIR/postgresql.conf" -c "hba_file=$PG_CONFIG_DIR/pg_hba.conf")
# Created by an operator (see docs/failover.md) to allow a re-clone after a failed pg_rewind.
RECLONE_MARKER="$(dirname "$PGDATA")/reclone-requested"

clone_replica() {
    local name host port
    # A TERM while waiting interrupts `read` at once (the waiting subshell dies with the pod).
    read -r name host port < <(wait_for_primary)
    log "cloning from primary $name ($host:$port)"
    # A TERM stops the clone at once; the staging directory is discarded on the next start.
    run_child pg_basebackup -D "$STAGING_CLONE" -R -X stream --checkpoint=fast --no-password \
        -d "host=$host port=$port user=$PG_REPLICATION_USER passfile=$PG_RUN_DIR/pgpass application_name=$POD_NAME"
    replica_conninfo_rewrite "$STAGING_CLONE"
    publish "$STAGING_CLONE"
    log "clone complete"
}

# A former primary while another peer is primary: rewind and follow it, or refuse to start.
rejoin_or_refuse() {
    if "$PG_SCRIPTS_DIR/rejoin.sh"; then
        return
    fi
    if [[ -e "$RECLONE_MARKER" ]]; then
        local aside
        aside="$PGDATA.before-reclone-$(date -u +%Y%m%dT%H%M%SZ)"
        log "pg_rewind failed and $RECLONE_MARKER exists: moving the old data directory to $aside and re-cloning"
        mv -T "$PGDATA" "$aside"
        rm -f "$RECLONE_MARKER"
        clone_replica
        return
    fi
    die "this data directory was a primary, another primary is running and pg_rewind failed: refusing to start a second primary. To re-clone (the old data directory is moved aside, not deleted): touch $RECLONE_MARKER and restart the pod"
}

# hostPath and NFS volumes get no fsGroup from the kubelet: say what to do instead of
# crash-looping on initdb's "Permission denied".
data_mount="$(dirname "$PGDATA")"
[[ -w "$data_mount" ]] || die "the data volume $data_mount (owner $(stat -c %u:%g "$data_mount")) is not writable by uid $(id -u): \
the kubelet applies no fsGroup to hostPath and NFS volumes. hostPath: on the node, run install -d -o $(id -u) -g $(id -g) -m 0700 <hostPath>/<cluster>-<ordinal>; \
NFS: make the export directory owned by $(id -u):$(id -g) (or export it with all_squash,anonuid=$(id -u),anongid=$(id -g)). See docs/storage.md"
discard_staging
if pgdata_initialised "$PGDATA"; then
    if [[ -f "$PGDATA/standby.signal" ]]; then
        log "existing replica data directory: following $PG_PRIMARY_HOST:$PG_PRIMARY_PORT"
        replica_conninfo_rewrite "$PGDATA"
    elif [[ -f "$PGDATA/recovery.signal" ]]; then
        log "archive recovery prepared (restore.sh): starting recovery"
    elif other="$(find_primary)"; then
        log "this data directory was a primary but ${other%% *} is primary now: rejoining as a replica"
        rejoin_or_refuse
    else
        log "existing primary data directory and no other primary among peers: starting as primary"
    fi
elif [[ -d "$PGDATA" && -n "$(ls -A "$PGDATA")" ]]; then
    die "$PGDATA is not empty but has no PG_VERSION: refusing to touch it; inspect it by hand"
elif [[ "$(ordinal)" == "0" ]] && ! find_primary >/dev/null; then
    initialise_primary "$PG_SCRIPTS_DIR/init-primary.sh"
else
    clone_replica
fi

exec postgres -D "$PGDATA" "${SERVER_OPTS[@]}"
