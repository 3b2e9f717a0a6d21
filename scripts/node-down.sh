#!/usr/bin/env bash
# Stop real node N of the local cluster.
#
#   bash scripts/node-down.sh N --kill     # the node dies: SIGKILL to kubelet, kube-proxy,
#                                          # containerd, its shims and every container; state kept
#                                          # (node-up.sh N brings it back)
#   bash scripts/node-down.sh N --remove   # cluster-down.sh: stop everything, then remove the
#                                          # node's mounts, network namespace (and with it the
#                                          # iptables rules made there), cgroups; the last node of
#                                          # the cluster also removes the bridge, and the last
#                                          # cluster restores the kernel settings the kubelet changed
#
# Every process of a node runs in its cgroup (node-up.sh), so its pids are read from there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/cluster-env.sh
source "$ROOT/scripts/cluster-env.sh"

N="${1:?usage: node-down.sh N --kill|--remove}"
MODE="${2:?usage: node-down.sh N --kill|--remove}"
NAME="$(node_name "$N")"
NS="$(node_netns "$N")"
ND="$(node_dir "$N")"
CG="$(node_cgroup "$N")"
log() { echo "node-down $NAME: $*"; }

# Pids of every process in the node's cgroup tree.
node_pids() {
  local c="/sys/fs/cgroup/pids/$CG"
  [[ -d "$c" ]] || return 0
  find "$c" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -un
}

# stop_pidfile WHAT SIGNAL: signal the process recorded for WHAT (if still ours) and wait for it.
stop_pidfile() {
  local f="$PIDS/$NAME-$1.pid" pid
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && node_pids | grep -qx "$pid"; then
    kill "-$2" "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL "$pid" 2>/dev/null || true
    log "stopped $1 (pid $pid, SIG$2)"
  fi
  rm -f "$f"
}

# Freeze the cgroup tree so nothing forks while it is killed, SIGKILL every pid, thaw.
kill_cgroup() {
  local freezer="/sys/fs/cgroup/freezer/$CG" pids n
  [[ -d "$freezer" ]] && echo FROZEN >"$freezer/freezer.state"
  pids="$(node_pids)"
  n="$(wc -w <<<"$pids")"
  if [[ -n "$pids" ]]; then
    # shellcheck disable=SC2086 # one pid per word
    kill -KILL $pids 2>/dev/null || true
  fi
  [[ -d "$freezer" ]] && echo THAWED >"$freezer/freezer.state"
  for _ in $(seq 1 40); do
    [[ -z "$(node_pids)" ]] && break
    sleep 0.25
  done
  [[ -z "$(node_pids)" ]] || log "WARNING: processes left in cgroup $CG: $(node_pids | tr '\n' ' ')"
  log "killed $n process(es) in cgroup $CG"
}

case "$MODE" in
  --kill)
    kill_cgroup
    rm -f "$PIDS/$NAME-"*.pid
    ;;
  --remove)
    # The kubelet first, so it restarts nothing; then kube-proxy, containerd, and whatever is left
    # (shims, containers).
    for p in kubelet kube-proxy containerd; do stop_pidfile "$p" TERM; done
    kill_cgroup
    # Mounts under the node's dir (volumes, container rootfs, pod network namespaces), deepest first.
    # (None, after a cluster-up that failed early: grep's status must not end the teardown.)
    if [[ -d "$ND" ]]; then
      findmnt -rn -o TARGET | { grep -F "$ND/" || true; } | sort -r | while read -r m; do
        umount "$m" 2>/dev/null || umount -l "$m" || log "WARNING: could not unmount $m"
      done
    fi
    if ip netns list | grep -qw "^$NS"; then
      ip netns del "$NS"
      for _ in $(seq 1 40); do
        ip link show "$(node_veth "$N")" >/dev/null 2>&1 || break
        sleep 0.25
      done
      log "removed network namespace $NS"
    fi
    # Per-namespace files for `ip netns exec` (test/cnpg/operator.ts writes a resolv.conf there and
    # removes it when the operator stops; a killed test run leaves it).
    rm -rf "/etc/netns/$NS"
    for c in $(node_cgroup_paths "$N"); do
      [[ -d "$c" ]] && find "$c" -depth -type d -exec rmdir {} + 2>/dev/null
      [[ -d "$c" ]] && log "WARNING: cgroup $c not removed"
    done
    # The kubelet links container logs from /var/log/containers (a fixed path).
    find /var/log/containers -maxdepth 1 -lname "$ND/*" -delete 2>/dev/null || true
    # Last node of this cluster: the bridge; last cluster on the machine: the kernel settings.
    if ! ip netns list | grep -q "^pgk8s-$NODES_ID-"; then
      if ip link show "$NODES_BRIDGE" >/dev/null 2>&1; then
        ip link del "$NODES_BRIDGE"
        log "removed bridge $NODES_BRIDGE"
      fi
      mkdir -p "$NODES_MACHINE_DIR"
      (
        flock 7
        rm -f "$NODES_MACHINE_DIR/clusters/$NODES_ID"
        if [[ -f "$NODES_MACHINE_DIR/kernel.orig" && -z "$(ls -A "$NODES_MACHINE_DIR/clusters" 2>/dev/null)" ]]; then
          while IFS='=' read -r k v; do sysctl -qw "$k=$v"; done <"$NODES_MACHINE_DIR/kernel.orig"
          log "restored kernel settings: $(tr '\n' ' ' <"$NODES_MACHINE_DIR/kernel.orig")"
          rm -f "$NODES_MACHINE_DIR/kernel.orig"
        fi
      ) 7>"$NODES_MACHINE_DIR/.lock"
    fi
    ;;
  *)
    echo "node-down.sh: unknown mode $MODE (--kill or --remove)" >&2
    exit 2
    ;;
esac
