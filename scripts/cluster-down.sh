#!/usr/bin/env bash
# Stop every process that scripts/cluster-up.sh started (by the pids it recorded), in reverse
# start order: SIGTERM, then SIGKILL after 15s. Only a pid whose command line still names the
# expected binary from <cache>/bin is signalled, so a recycled pid is never hit. Real nodes go
# first (scripts/node-down.sh --remove: their processes, mounts, network namespaces with their
# iptables rules, cgroups, the bridge, the kernel settings the kubelet changed).
#
#   npm run cluster:down     # or: bash scripts/cluster-down.sh
#   CLUSTER_WIPE=1 npm run cluster:down    # also delete etcd data, logs and generated certs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/cluster-env.sh
source "$ROOT/scripts/cluster-env.sh"

for d in "$NODES_DIR"/node-*; do
  [[ -d "$d" ]] || continue
  bash "$ROOT/scripts/node-down.sh" "${d##*/node-}" --remove
done

stopped=0
for name in api-relay kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  f="$PIDS/$name.pid"
  [[ -f "$f" ]] || continue
  pid="$(cat "$f")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    exe="$BIN/$name"
    [[ "$name" == api-relay ]] && exe=socat
    if [[ "$cmd" == "$exe "* ]]; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
      done
      if kill -0 "$pid" 2>/dev/null; then
        echo "cluster-down: $name (pid $pid) ignored SIGTERM for 15s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
      echo "cluster-down: stopped $name (pid $pid)"
      stopped=$((stopped + 1))
    else
      echo "cluster-down: pid $pid is no longer $name, left alone"
    fi
  fi
  rm -f "$f"
done

if [[ "${CLUSTER_WIPE:-0}" == "1" && -d "$DIR" ]]; then
  if findmnt -rn -o TARGET | grep -qF "$DIR/"; then
    echo "cluster-down: mounts remain under $DIR, not removing it:" >&2
    findmnt -rn -o TARGET | grep -F "$DIR/" >&2
    exit 1
  fi
  rm -rf "$DIR"
  echo "cluster-down: removed $DIR"
fi
echo "cluster-down: $stopped process(es) stopped"
