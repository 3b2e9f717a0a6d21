#!/usr/bin/env bash
# Container command of a repmgr-managed PostgreSQL pod: prepares the data directory for this
# pod's role, then execs postgres (repmgrd runs beside it, repmgrd-run.sh). Decisions, in order:
#   standby data directory -> follow the current primary (if one answers) and start.
#   former primary         -> another primary answers on a timeline at least as new as this
#                             data directory's: pg_rewind onto it (rejoin.sh) (an older one is
#                             a stale primary: start, and its repmgr-fence.sh stops it);
#                             handed over (repmgr-pre-stop.sh): wait for the new primary, rejoin;
#                             otherwise start as primary.
#   empty, ordinal 0, no primary among peers -> initdb + roles + repmgr database.
#   empty otherwise        -> `repmgr standby clone` from the primary (bounded wait).
# Nothing that holds data is ever deleted: a failed rewind refuses to start (or, when an operator
# asks for it, moves the old data directory aside and re-clones).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=repmgr-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/repmgr-lib.sh"

require_env POD_NAME PGDATA PG_PORT PG_CONFIG_DIR PG_SCRIPTS_DIR PG_SECRETS_DIR PG_RUN_DIR \
    PG_SUPERUSER PG_REPLICATION_USER REPMGR_DATABASE
write_passfile

RECLONE_MARKER="$(dirname "$PGDATA")/reclone-requested"
# Left by a failed rejoin: the next start tries the rejoin again, whatever files the attempt left
# in PGDATA (repmgr recreates standby.signal), and never starts this data as it is.
REJOIN_FAILED_MARKER="$(dirname "$PGDATA")/rejoin-failed"
HANDOVER_WAIT_SECONDS="${REPMGR_HANDOVER_WAIT_SECONDS:-60}"

clone_standby() {
    local name host port deadline=$((SECONDS + ${PG_PRIMARY_WAIT_SECONDS:-300}))
    read -r name host port < <(wait_for_primary)
    # The primary's repmgrd sidecar registers it moments after it starts: clone once it has.
    until remote_query "$host" "$port" "SELECT 1 FROM pg_database WHERE datname = '$REPMGR_DATABASE'" | grep -q 1 \
        && psql_q -d "$(repmgr_conninfo "$host" "$port")" -c "SELECT 1 FROM repmgr.nodes WHERE type = 'primary' AND active" 2>/dev/null | grep -q 1; do
        ((SECONDS < deadline)) || die "primary $name is not registered with repmgr; will retry on restart"
        log "waiting for primary $name to be registered"
        sleep 2
    done
    log "cloning from primary $name ($host:$port)"
    # repmgr ignores -D when given -f and clones into repmgr.conf's data_directory: clone with a
    # copy naming the staging directory, so a clone cut short never sits in PGDATA.
    local conf="$PG_RUN_DIR/repmgr-clone.conf"
    sed "s|^data_directory=.*|data_directory='$STAGING_CLONE'|" "$REPMGR_CONF" >"$conf"
    repmgr -f "$conf" -h "$host" -p "$port" -U "$PG_SUPERUSER" -d "$REPMGR_DATABASE" standby clone --fast-checkpoint
    rm -f "$conf"
    publish "$STAGING_CLONE"
    log "clone complete"
}

# Rewinds this former primary onto the current primary and makes it a standby of it, with the
# shared rejoin.sh (repmgrd-run.sh then registers it). Not `repmgr node rejoin`: its pg_rewind
# does crash recovery with PGDATA's own postgresql.conf (wal_keep_size 0), which recycles the WAL
# the rewind itself needs, and it cannot fetch WAL from the archive.
rejoin() {
    local name=$1 host=$2 port=$3
    log "rejoining as a standby of $name ($host:$port)"
    touch "$REJOIN_FAILED_MARKER"
    # pg_rewind takes the source's timeline from its control file: make it current (a promotion
    # that did not come through repmgr-promote.sh has not checkpointed yet).
    remote_query "$host" "$port" "CHECKPOINT" >/dev/null
    # Without PG_ARCHIVE_DIR: standbys here have no restore_command; the WAL the rewind needs is
    # kept by wal_keep_size (rejoin.sh gives pg_rewind the cluster's postgresql.conf).
    if env -u PG_ARCHIVE_DIR PG_PRIMARY_HOST="$host" PG_PRIMARY_PORT="$port" "$PG_SCRIPTS_DIR/rejoin.sh"; then
        rm -f "$REJOIN_FAILED_MARKER"
        return
    fi
    if [[ -e "$RECLONE_MARKER" ]]; then
        local aside
        aside="$PGDATA.before-reclone-$(date -u +%Y%m%dT%H%M%SZ)"
        log "rejoin failed and $RECLONE_MARKER exists: moving the old data directory to $aside and re-cloning"
        mv -T "$PGDATA" "$aside"
        rm -f "$RECLONE_MARKER" "$REJOIN_FAILED_MARKER"
        clone_standby
        return
    fi
    die "this data directory was a primary, $name is primary now and the rejoin failed: refusing to start a second primary. To re-clone (the old data directory is moved aside, not deleted): touch $RECLONE_MARKER and restart the pod"
}

# A former primary that handed over waits for its successor instead of racing it.
await_successor() {
    local deadline=$((SECONDS + HANDOVER_WAIT_SECONDS)) other
    until other="$(newest_primary)"; do
        if ((SECONDS >= deadline)); then
            log "handed over, but no other primary appeared in ${HANDOVER_WAIT_SECONDS}s: starting as primary"
            return 1
        fi
        sleep 1
    done
    printf '%s\n' "$other"
}

discard_staging
if pgdata_initialised "$PGDATA"; then
    if [[ -e "$REJOIN_FAILED_MARKER" ]]; then
        read -r name host port < <(wait_for_primary)
        rejoin "$name" "$host" "$port"
    elif [[ -f "$PGDATA/standby.signal" ]]; then
        if read -r name host port _ < <(newest_primary); then
            log "existing standby data directory: following $name ($host:$port)"
            PG_PRIMARY_HOST="$host" PG_PRIMARY_PORT="$port" replica_conninfo_rewrite "$PGDATA"
        else
            log "existing standby data directory; no primary answers yet (repmgrd will follow the new one)"
        fi
    elif read -r name host port theirs < <(newest_primary); then
        mine="$(data_timeline)"
        if ((theirs >= mine)); then
            rejoin "$name" "$host" "$port"
        else
            # Rewinding onto it would throw away this primary's newer commits.
            log "$name is primary on timeline $theirs, this data directory on $mine: $name is stale (its repmgr-fence.sh stops it); starting as primary"
        fi
    elif [[ -e "$HANDOVER_MARKER" ]] && successor="$(await_successor)"; then
        read -r name host port _ <<<"$successor"
        rejoin "$name" "$host" "$port"
    else
        log "existing primary data directory and no other primary among peers: starting as primary"
    fi
    rm -f "$HANDOVER_MARKER"
elif [[ -d "$PGDATA" && -n "$(ls -A "$PGDATA")" ]]; then
    die "$PGDATA is not empty but has no PG_VERSION: refusing to touch it; inspect it by hand"
elif [[ "$(ordinal)" == "0" ]] && ! find_primary >/dev/null; then
    initialise_primary "$PG_SCRIPTS_DIR/init-primary.sh" "$PG_SCRIPTS_DIR/repmgr-init-primary.sh"
else
    clone_standby
fi

exec postgres -D "$PGDATA" -c "config_file=$PG_CONFIG_DIR/postgresql.conf" -c "hba_file=$PG_CONFIG_DIR/pg_hba.conf"
