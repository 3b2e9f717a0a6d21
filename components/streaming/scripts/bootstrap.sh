#!/usr/bin/env bash
# Command of the `bootstrap` init container: prepares the data directory for this pod's role.
# An init container has no probes, so initdb, a clone of any size and pg_rewind run to the end
# instead of being killed by the startup probe and restarted from scratch; the postgres
# container (entrypoint.sh) then only starts the server. Decisions, in order:
#   PGDATA initialised  -> never wiped; a former primary that finds another primary on a timeline
#                          at least as new rejoins as a replica (rejoin.sh); one on an older
#                          timeline is a stale primary, and this one starts (its commits are newer).
#   PGDATA empty        -> ordinal 0 with no primary among the peers: initdb + init-primary.sh,
#                          then the cluster's "initialised" marker is set; when the marker is
#                          already set it refuses (a second initdb would make a new, empty
#                          cluster). Anyone else: clone the primary with pg_basebackup.
# --restart: what entrypoint.sh repeats when the postgres container alone restarts (init
# containers run only when the pod starts): the checks of an existing data directory, never an
# initdb or a clone.
# Work happens in a staging directory renamed onto PGDATA only when complete, so a pod killed
# half-way never leaves a half-made PGDATA that a restart would then refuse to touch.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env POD_NAME PGDATA PG_PORT PG_CONFIG_DIR PG_SCRIPTS_DIR PG_SECRETS_DIR PG_RUN_DIR \
    PG_PRIMARY_HOST PG_PRIMARY_PORT PG_SUPERUSER PG_REPLICATION_USER
RESTART=false
if [[ "${1:-}" == "--restart" ]]; then RESTART=true; fi
$RESTART || require_env PG_TOOLS_DIR PG_INIT_MARKER_CONFIGMAP
write_passfile
stop_on_signals

# Created by an operator (see docs/failover.md) to allow a re-clone after a failed pg_rewind.
RECLONE_MARKER="$(dirname "$PGDATA")/reclone-requested"

# --- the cluster's "initialised" marker: a key of a ConfigMap the component creates ---------
# It lives outside every data volume, so it survives the loss of ordinal 0's. The pod's Role
# may get and patch this one ConfigMap only. `timeout`, not --request-timeout: a client flag
# makes kubectl ignore its in-cluster configuration (see role-labeller.sh).
MARKER_KEY=initialised
read_marker() {
    timeout 10 "$PG_TOOLS_DIR/kubectl" get configmap "$PG_INIT_MARKER_CONFIGMAP" -o "jsonpath={.data.$MARKER_KEY}"
}
write_marker() {
    local id value
    id="$(pg_controldata "$PGDATA" | sed -n 's/^Database system identifier:[[:space:]]*//p')"
    value="$(date -u +%Y-%m-%dT%H:%M:%SZ) by $POD_NAME, database system identifier $id"
    timeout 10 "$PG_TOOLS_DIR/kubectl" patch configmap "$PG_INIT_MARKER_CONFIGMAP" --type merge \
        -p "{\"data\":{\"$MARKER_KEY\":\"$value\"}}" >/dev/null \
        || die "could not record the cluster's initialised marker in ConfigMap $PG_INIT_MARKER_CONFIGMAP; will retry on restart"
    log "recorded in ConfigMap $PG_INIT_MARKER_CONFIGMAP: $MARKER_KEY=$value"
}
# A primary data directory predating the marker (or a start that died before recording it).
ensure_marker() {
    local marker
    if ! marker="$(read_marker)"; then
        log "warning: could not read ConfigMap $PG_INIT_MARKER_CONFIGMAP; the initialised marker is checked on the next start"
    elif [[ -z "$marker" ]]; then
        write_marker
    fi
}

# Peers that answer, with their role: what the operator can recover from.
answering_peers() {
    local name host port state out=""
    while read -r name host port; do
        state="$(remote_query "$host" "$port" "SELECT CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END" 2>/dev/null)" || continue
        out+="${out:+, }$name ($state)"
    done < <(peers --others)
    printf '%s\n' "${out:-none}"
}

initialise_or_refuse() {
    local marker
    marker="$(read_marker)" || die "could not read the cluster's initialised marker (ConfigMap $PG_INIT_MARKER_CONFIGMAP): refusing to initdb without knowing whether this cluster already holds data; will retry on restart"
    if [[ -n "$marker" ]]; then
        die "refusing to initdb: this cluster was initialised ($MARKER_KEY=$marker in ConfigMap $PG_INIT_MARKER_CONFIGMAP) but $PGDATA is empty and no peer answers as primary (peers answering: $(answering_peers)). \
A second initdb would start a new, empty cluster beside the existing data. If a replica holds the data: start it, promote it (promote.sh, see docs/failover.md) and delete this pod: it then clones the new primary. \
If no volume holds the data: restore a backup (docs/backup.md). Only to start over with an empty cluster on purpose: kubectl patch configmap $PG_INIT_MARKER_CONFIGMAP --type json -p '[{\"op\":\"remove\",\"path\":\"/data/$MARKER_KEY\"}]' and delete this pod"
    fi
    initialise_primary "$PG_SCRIPTS_DIR/init-primary.sh"
    write_marker
}

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
# pg_rewind runs in the foreground on purpose: a TERM waits for it, since an interrupted rewind
# leaves the data directory unusable.
rejoin_or_refuse() {
    if "$PG_SCRIPTS_DIR/rejoin.sh"; then
        return
    fi
    if [[ -e "$RECLONE_MARKER" ]]; then
        $RESTART && die "pg_rewind failed and $RECLONE_MARKER exists: delete this pod; its bootstrap init container re-clones (the postgres container never clones)"
        local aside
        aside="$PGDATA.before-reclone-$(date -u +%Y%m%dT%H%M%SZ)"
        log "pg_rewind failed and $RECLONE_MARKER exists: moving the old data directory to $aside and re-cloning"
        mv -T "$PGDATA" "$aside"
        rm -f "$RECLONE_MARKER"
        clone_replica
        return
    fi
    die "this data directory was a primary, another primary is running and pg_rewind failed: refusing to start a second primary. To re-clone (the old data directory is moved aside, not deleted): touch $RECLONE_MARKER and delete the pod"
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
    elif read -r name _ _ theirs < <(newest_primary); then
        mine="$(data_timeline)"
        if ((theirs >= mine)); then
            log "this data directory was a primary but $name is primary now: rejoining as a replica"
            rejoin_or_refuse
        else
            # Rewinding onto it would throw away this primary's newer commits; the role labeller
            # keeps the read-write label off the stale one (docs/failover.md).
            log "$name is primary on timeline $theirs, this data directory on $mine: $name is stale; starting as primary"
            $RESTART || ensure_marker
        fi
    else
        log "existing primary data directory and no other primary among peers: starting as primary"
        $RESTART || ensure_marker
    fi
elif [[ -d "$PGDATA" && -n "$(ls -A "$PGDATA")" ]]; then
    die "$PGDATA is not empty but has no PG_VERSION: refusing to touch it; inspect it by hand"
elif $RESTART; then
    die "$PGDATA is empty: the bootstrap init container did not prepare it. Delete the pod so that its bootstrap runs again"
elif [[ "$(ordinal)" == "0" ]] && ! find_primary >/dev/null; then
    initialise_or_refuse
else
    clone_replica
fi
