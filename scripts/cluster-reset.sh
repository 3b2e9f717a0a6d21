#!/usr/bin/env bash
# Return a running local cluster (scripts/cluster-up.sh) to the state cluster-up left it in,
# without stopping it: every namespace but the system ones is deleted (pods first, with a 1 s
# grace period, so no container outlives its pod object), then each PersistentVolume that is no
# longer bound is wiped and re-created Available from cluster-up's own manifests. Nodes, images,
# CoreDNS, CRDs and cluster-scoped objects stay. The real-node tier runs all its files on one
# cluster this way (about 110 s of cluster-up saved per file); the volumes hold test data only.
#
#   npm run cluster:reset    # or: bash scripts/cluster-reset.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/cluster-env.sh
source "$ROOT/scripts/cluster-env.sh"
export KUBECONFIG="$DIR/kubeconfig"

START="$(date +%s)"
log() { echo "cluster-reset [$(($(date +%s) - START))s]: $*"; }
die() {
  echo "cluster-reset: $*" >&2
  exit 1
}
# wait_for WHAT SECONDS CMD...: polls CMD every second.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq 1 "$seconds"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "timed out after ${seconds}s waiting for $what"
}

[[ -f "$DIR/manifests.yaml" ]] || die "$DIR/manifests.yaml is missing: no cluster from scripts/cluster-up.sh to reset"
kubectl get --raw /readyz >/dev/null 2>&1 || die "the API server does not answer ($KUBECONFIG): start the cluster with 'npm run cluster:up'"

# The checks read kubectl's output first: under pipefail, `! kubectl ... | grep -q` would also be
# true when kubectl itself failed (or, for names some of which are gone, exited 1).
all_nodes_ready() {
  local ready
  ready="$(kubectl get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')" || return 1
  [[ -n "$ready" ]] && ! grep -qv '^True$' <<<"$ready"
}
wait_for "every node Ready (a test that killed a node must bring it back)" 120 all_nodes_ready

mapfile -t namespaces < <(kubectl get namespaces -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' |
  grep -vxE 'default|kube-system|kube-public|kube-node-lease')
if ((${#namespaces[@]})); then
  log "deleting namespaces ${namespaces[*]}"
  for ns in "${namespaces[@]}"; do
    # Controllers (StatefulSets, Deployments, Jobs, operators) go first so none re-creates a pod.
    kubectl -n "$ns" delete statefulsets,deployments,replicasets,jobs,cronjobs --all --wait=false >/dev/null 2>&1 || true
    kubectl -n "$ns" delete pods --all --grace-period=1 --wait=false >/dev/null 2>&1 || true
  done
  kubectl delete namespace "${namespaces[@]}" --wait=false >/dev/null
  gone() {
    local left
    left="$(kubectl get namespaces -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')" || return 1
    ! grep -qxF -f <(printf '%s\n' "${namespaces[@]}") <<<"$left"
  }
  if ! (wait_for "namespaces ${namespaces[*]} gone" 20 gone 2>/dev/null); then
    # An object whose controller has stopped (an operator that ran for one test file) may hold a
    # finalizer nobody will remove (CloudNativePG's cnpg.io/cleanupPlugin on the Barman Cloud
    # plugin's Service): drop the finalizers of whatever is left.
    log "namespaces still terminating after 20 s: removing the finalizers of what is left in them"
    mapfile -t kinds < <(kubectl api-resources --verbs=list --namespaced -o name)
    for ns in "${namespaces[@]}"; do
      for obj in $(kubectl -n "$ns" get "$(IFS=,; echo "${kinds[*]}")" -o name 2>/dev/null); do
        log "  $ns: $obj"
        kubectl -n "$ns" patch "$obj" --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null 2>&1 || true
      done
      kubectl get namespace "$ns" -o jsonpath='{range .status.conditions[*]}{.type}={.status}: {.message}{"\n"}{end}' 2>/dev/null |
        grep '=True' | sed "s/^/cluster-reset:   $ns /" || true
    done
    wait_for "namespaces ${namespaces[*]} gone" 240 gone
  fi
fi
no_pods_outside_system() {
  local pods
  pods="$(kubectl get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace}{"\n"}{end}')" || return 1
  ! grep -qvxE '(kube-system)?' <<<"$pods"
}
wait_for "no pod left outside kube-system" 120 no_pods_outside_system

# A PersistentVolume whose claim is gone is Released (Retain): wipe what it holds and re-create it.
mapfile -t released < <(kubectl get pv -o jsonpath='{range .items[*]}{.metadata.name} {.status.phase}{"\n"}{end}' |
  awk '$2 != "Bound" && $2 != "Available" { print $1 }')
mapfile -t bound < <(kubectl get pv -o jsonpath='{range .items[*]}{.metadata.name} {.spec.claimRef.namespace}{"\n"}{end}' |
  awk '$2 != "" && $2 != "kube-system" { print $1 }')
stale=("${released[@]}" "${bound[@]}")
if ((${#stale[@]})); then
  log "wiping and re-creating ${#stale[@]} PersistentVolumes"
  for pv in $(printf '%s\n' "${stale[@]}" | sort -u); do
    dir="$(kubectl get pv "$pv" -o jsonpath='{.spec.local.path}{.spec.hostPath.path}')"
    kubectl delete pv "$pv" --wait=false >/dev/null
    kubectl patch pv "$pv" --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null 2>&1 || true
    # Only directories cluster-up made for this cluster are wiped.
    if [[ -n "$dir" && "$dir" == "$DIR/"* && -d "$dir" ]]; then
      find "$dir" -mindepth 1 -delete
    fi
  done
  pvs_gone() {
    local pv
    for pv in "${stale[@]}"; do
      kubectl get pv "$pv" >/dev/null 2>&1 && return 1
    done
    return 0
  }
  wait_for "the wiped PersistentVolumes deleted" 60 pvs_gone
fi
kubectl apply -f "$DIR/manifests.yaml" >>"$LOGS/manifests-apply.log"
log "done"
