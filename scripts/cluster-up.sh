#!/usr/bin/env bash
# Start a local Kubernetes control plane with simulated nodes, and optionally real ones, from the
# binaries built by scripts/tools-build.sh:
#
#   npm run cluster:up       # or: bash scripts/cluster-up.sh
#   npm run cluster:up -- --real-nodes 3    # or CLUSTER_REAL_NODES=3: also three real nodes
#   export KUBECONFIG="${POSTGRES_K8S_CACHE:-$HOME/.cache/postgres-k8s}/cluster/kubeconfig"
#   npm run cluster:down
#
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok, all bound to
# 127.0.0.1; certificates and the service-account signing key are generated with openssl.
# kwok simulates three nodes (labels kubernetes.io/hostname and topology.kubernetes.io/zone)
# and sets the status of pods scheduled onto them (Running and Ready): no container runs.
# A default StorageClass (no provisioner, WaitForFirstConsumer) and pre-created local
# PersistentVolumes on every node let StatefulSet claims bind.
#
# Real nodes (scripts/node-up.sh, names and addresses in scripts/nodes-env.sh): each in its own
# network namespace with its own containerd, kubelet and kube-proxy (v1.33.13), pods on a CNI
# bridge, images from scripts/images-build.sh imported into every node, CoreDNS as cluster DNS.
# The API server then advertises the node network's gateway address (a relay there forwards to
# 127.0.0.1), so pods reach it through the `kubernetes` Service. Their local PersistentVolumes are
# directories under the node's state dir; the shared (ReadWriteMany) class becomes hostPath
# directories that every node sees, as an NFS export would be.
#
# Every start begins from an empty etcd. Each process's pid is in <cluster>/pids/, its log
# in <cluster>/logs/; cluster-down.sh stops them all.
#
# Environment knobs (defaults in brackets):
#   POSTGRES_K8S_CACHE     cache root [$HOME/.cache/postgres-k8s]
#   POSTGRES_K8S_CLUSTER_DIR  state dir of this cluster (pki, pids, logs, kubeconfig) [<cache>/cluster]
#   CLUSTER_ETCD_PORT      etcd client port [22379] (peer port is this + 1)
#   CLUSTER_API_PORT       kube-apiserver port [26443]
#   CLUSTER_CM_PORT        kube-controller-manager secure port [20257]
#   CLUSTER_SCHED_PORT     kube-scheduler secure port [20259]
#   CLUSTER_NODES          number of simulated nodes [3]
#   CLUSTER_REAL_NODES     number of real nodes [0]; --real-nodes N does the same
#   CLUSTER_ZONES          zones the nodes are spread over, round robin [zone-a zone-b zone-c]
#   CLUSTER_PVS_PER_NODE   local PersistentVolumes per node [6]
#   CLUSTER_PV_SIZE        capacity of each PersistentVolume [256Gi]
#   CLUSTER_STORAGE_CLASS  name of the default StorageClass [local-storage]
#   CLUSTER_SHARED_STORAGE_CLASS  ReadWriteMany class with node-independent (NFS-type) PVs [shared]
#   CLUSTER_SHARED_PVS     number of shared PersistentVolumes [4]
set -euo pipefail

REAL_NODES="${CLUSTER_REAL_NODES:-0}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --real-nodes) REAL_NODES="${2:?--real-nodes needs a number}"; shift 2 ;;
    --real-nodes=*) REAL_NODES="${1#*=}"; shift ;;
    *) echo "cluster-up: unknown argument $1 (allowed: --real-nodes N)" >&2; exit 2 ;;
  esac
done
[[ "$REAL_NODES" =~ ^[0-9]$ ]] || { echo "cluster-up: --real-nodes/CLUSTER_REAL_NODES = $REAL_NODES; allowed: 0 to 9" >&2; exit 2; }
export CLUSTER_REAL_NODES="$REAL_NODES"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/cluster-env.sh
source "$ROOT/scripts/cluster-env.sh"
KUBECONFIG_OUT="$DIR/kubeconfig"

ETCD_PORT="${CLUSTER_ETCD_PORT:-22379}"
ETCD_PEER_PORT=$((ETCD_PORT + 1))
API_PORT="${CLUSTER_API_PORT:-26443}"
CM_PORT="${CLUSTER_CM_PORT:-20257}"
SCHED_PORT="${CLUSTER_SCHED_PORT:-20259}"
NODES="${CLUSTER_NODES:-3}"
read -r -a ZONES <<<"${CLUSTER_ZONES:-zone-a zone-b zone-c}"
PVS_PER_NODE="${CLUSTER_PVS_PER_NODE:-6}"
PV_SIZE="${CLUSTER_PV_SIZE:-256Gi}"
STORAGE_CLASS="${CLUSTER_STORAGE_CLASS:-local-storage}"
SHARED_STORAGE_CLASS="${CLUSTER_SHARED_STORAGE_CLASS:-shared}"
SHARED_PVS="${CLUSTER_SHARED_PVS:-4}"
SERVICE_CIDR=10.96.0.0/16
SERVICE_IP=10.96.0.1
POD_CIDR=10.244.0.0/16

START="$(date +%s)"
log() { echo "cluster-up [$(($(date +%s) - START))s]: $*"; }
die() {
  echo "cluster-up: $*" >&2
  exit 1
}

for b in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
  [[ -x "$BIN/$b" ]] || die "$BIN/$b is missing: run 'npm run tools' first"
done
for c in openssl curl kubectl; do
  command -v "$c" >/dev/null 2>&1 || die "'$c' is required on PATH"
done
[[ -d "$CACHE/share/kwok/stages" ]] || die "$CACHE/share/kwok/stages is missing: run 'npm run tools' first"
if [[ "$REAL_NODES" -gt 0 ]]; then
  for b in kubelet kube-proxy kubectl coredns; do
    [[ -x "$BIN/$b" ]] || die "$BIN/$b is missing: run 'npm run tools' first"
  done
  bash "$ROOT/scripts/install-node-deps.sh"
  bash "$ROOT/scripts/images-build.sh"
fi

mkdir -p "$PKI" "$PIDS" "$LOGS"

# Refuse to start twice.
for f in "$PIDS"/*.pid; do
  [[ -e "$f" ]] || continue
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    die "already running ($(basename "$f" .pid) pid $pid); run 'npm run cluster:down' first"
  fi
  rm -f "$f"
done

# On failure, stop whatever was started.
cleanup_on_error() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "cluster-up: failed (exit $rc); logs in $LOGS; stopping what was started" >&2
    bash "$ROOT/scripts/cluster-down.sh" >&2 || true
  fi
}
trap cleanup_on_error EXIT

# --- certificates -----------------------------------------------------------------------
gen_key() { openssl genrsa -out "$1" 2048 2>/dev/null; }

# sign NAME CN O EXT [CA]: client or server certificate NAME.{key,crt} signed by CA (default:
# the cluster CA, "ca").
sign() {
  local name="$1" cn="$2" org="$3" ext="$4" ca="${5:-ca}" subj
  subj="/CN=$cn"
  [[ -n "$org" ]] && subj="/O=$org$subj"
  gen_key "$PKI/$name.key"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  printf '%s\n' "$ext" >"$PKI/$name.ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" \
    -CAcreateserial -days 3650 -sha256 -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}

CLIENT_EXT=$'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth'
SERVER_EXT=$'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:'"$SERVICE_IP"',IP:'"$NODES_GATEWAY"',DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local'

# new_ca NAME CN: self-signed CA NAME.{key,crt}.
new_ca() {
  gen_key "$PKI/$1.key"
  openssl req -x509 -new -key "$PKI/$1.key" -subj "/CN=$2" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI/$1.crt" 2>/dev/null
}

# Bump when the set of generated files changes; the node gateway is in the serving certificate.
PKI_VERSION="3 $NODES_GATEWAY"
if [[ "$(cat "$PKI/.complete" 2>/dev/null || true)" != "$PKI_VERSION" ]]; then
  log "generating certificates and the service-account key in $PKI"
  rm -f "$PKI"/*
  new_ca ca postgres-k8s-local-ca
  # Request-header (front proxy) CA: the apiserver publishes it for the controller-manager and
  # scheduler, which otherwise log errors about a missing requestheader CA forever.
  new_ca front-proxy-ca postgres-k8s-local-front-proxy-ca
  sign front-proxy-client front-proxy-client "" "$CLIENT_EXT" front-proxy-ca
  sign apiserver kube-apiserver "" "$SERVER_EXT"
  sign admin kubernetes-admin system:masters "$CLIENT_EXT"
  sign controller-manager system:kube-controller-manager "" "$CLIENT_EXT"
  sign scheduler system:kube-scheduler "" "$CLIENT_EXT"
  # kwok plays the kubelets of all simulated nodes; it needs cluster-wide node and pod access.
  sign kwok kwok-controller system:masters "$CLIENT_EXT"
  gen_key "$PKI/sa.key"
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  chmod 600 "$PKI"/*.key
  echo "$PKI_VERSION" >"$PKI/.complete"
fi
# Real nodes: the kubelets' and kube-proxy's client certificates, and the API server's client
# certificate for the kubelets (logs, exec).
if [[ "$REAL_NODES" -gt 0 ]]; then
  for n in $(seq 1 "$REAL_NODES"); do
    node="$(node_name "$n")"
    [[ -f "$PKI/$node.crt" ]] || sign "$node" "system:node:$node" system:nodes "$CLIENT_EXT"
  done
  [[ -f "$PKI/kube-proxy.crt" ]] || sign kube-proxy system:kube-proxy "" "$CLIENT_EXT"
  [[ -f "$PKI/apiserver-kubelet-client.crt" ]] || sign apiserver-kubelet-client kube-apiserver-kubelet-client system:masters "$CLIENT_EXT"
  chmod 600 "$PKI"/*.key
fi

# write_kubeconfig FILE USER: kubeconfig for 127.0.0.1:API_PORT with USER's client cert.
write_kubeconfig() {
  local file="$1" user="$2"
  cat >"$file.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: postgres-k8s-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 <"$PKI/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$PKI/$user.crt")
    client-key-data: $(base64 -w0 <"$PKI/$user.key")
contexts:
- name: postgres-k8s-local
  context:
    cluster: postgres-k8s-local
    user: $user
current-context: postgres-k8s-local
EOF
  chmod 600 "$file.tmp"
  mv -f "$file.tmp" "$file"
}
write_kubeconfig "$KUBECONFIG_OUT" admin
write_kubeconfig "$DIR/controller-manager.kubeconfig" controller-manager
write_kubeconfig "$DIR/scheduler.kubeconfig" scheduler
write_kubeconfig "$DIR/kwok.kubeconfig" kwok

# --- processes --------------------------------------------------------------------------
# start NAME CMD...: run CMD detached (own session, so it outlives this script), log to
# logs/NAME.log, pid to pids/NAME.pid.
start() {
  local name="$1"
  shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}

# wait_for WHAT SECONDS CMD...: poll CMD every 0.25s until it succeeds.
wait_for() {
  local what="$1" secs="$2" deadline
  shift 2
  deadline=$(($(date +%s) + secs))
  until "$@" >/dev/null 2>&1; do
    if [[ $(date +%s) -ge $deadline ]]; then
      die "timed out after ${secs}s waiting for $what"
    fi
    sleep 0.25
  done
}

# alive NAME: fail loudly if the process has exited.
alive() {
  local pid
  pid="$(cat "$PIDS/$1.pid")"
  kill -0 "$pid" 2>/dev/null || {
    tail -n 20 "$LOGS/$1.log" >&2
    die "$1 exited; log: $LOGS/$1.log"
  }
}

rm -rf "$DIR/etcd-data"
log "starting etcd on 127.0.0.1:$ETCD_PORT"
start etcd "$BIN/etcd" \
  --name=postgres-k8s-local \
  --data-dir="$DIR/etcd-data" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="postgres-k8s-local=http://127.0.0.1:$ETCD_PEER_PORT" \
  --listen-metrics-urls="" \
  --unsafe-no-fsync=true \
  --quota-backend-bytes=$((1024 * 1024 * 1024)) \
  --log-level=warn
wait_for etcd 30 curl -sf "http://127.0.0.1:$ETCD_PORT/health"
alive etcd

# With real nodes the `kubernetes` Service's endpoint is the node network's gateway (the relay
# below); kwok's simulated nodes need none, and 127.0.0.1 may not be an endpoint.
if [[ "$REAL_NODES" -gt 0 ]]; then
  # shellcheck disable=SC2054 # the comma belongs to the flag's value
  API_NODE_FLAGS=(
    --advertise-address="$NODES_GATEWAY"
    --endpoint-reconciler-type=lease
    --kubelet-preferred-address-types=InternalIP,Hostname
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt"
    --kubelet-client-key="$PKI/apiserver-kubelet-client.key"
  )
else
  API_NODE_FLAGS=(--advertise-address=127.0.0.1 --endpoint-reconciler-type=none)
fi
log "starting kube-apiserver on 127.0.0.1:$API_PORT"
start kube-apiserver "$BIN/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --bind-address=127.0.0.1 \
  "${API_NODE_FLAGS[@]}" \
  --secure-port="$API_PORT" \
  --tls-cert-file="$PKI/apiserver.crt" \
  --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" \
  --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User \
  --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$PKI/front-proxy-client.crt" \
  --proxy-client-key-file="$PKI/front-proxy-client.key" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" \
  --service-account-signing-key-file="$PKI/sa.key" \
  --api-audiences=https://kubernetes.default.svc.cluster.local \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --authorization-mode=Node,RBAC \
  --allow-privileged=true \
  --profiling=false \
  --v=1
api_ready() {
  curl -sf --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://127.0.0.1:$API_PORT/readyz"
}
wait_for kube-apiserver 60 api_ready
alive kube-apiserver

export KUBECONFIG="$KUBECONFIG_OUT"

log "starting kube-controller-manager, kube-scheduler and kwok"
start kube-controller-manager "$BIN/kube-controller-manager" \
  --kubeconfig="$DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$DIR/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 \
  --secure-port="$CM_PORT" \
  --leader-elect=false \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$PKI/sa.key" \
  --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" \
  --cluster-signing-key-file="$PKI/ca.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --profiling=false \
  --v=1
start kube-scheduler "$BIN/kube-scheduler" \
  --kubeconfig="$DIR/scheduler.kubeconfig" \
  --authentication-kubeconfig="$DIR/scheduler.kubeconfig" \
  --authorization-kubeconfig="$DIR/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 \
  --secure-port="$SCHED_PORT" \
  --leader-elect=false \
  --profiling=false \
  --v=1

# kwok's configuration: the node and pod stages kwokctl uses by default, taken from the
# kwok module at build time (scripts/tools-build.sh copies them to share/kwok/stages).
{
  sep=""
  for f in "$CACHE"/share/kwok/stages/*.yaml; do
    printf '%s' "$sep"
    cat "$f"
    sep=$'---\n'
  done
} >"$DIR/kwok.yaml"
PROCESSES=(etcd kube-apiserver kube-controller-manager kube-scheduler)
if [[ "$NODES" -gt 0 ]]; then
  start kwok "$BIN/kwok" \
    --kubeconfig="$DIR/kwok.kubeconfig" \
    --config="$DIR/kwok.yaml" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --cidr="$POD_CIDR" \
    --node-lease-duration-seconds=40
  PROCESSES+=(kwok)
fi

# --- real nodes -------------------------------------------------------------------------
if [[ "$REAL_NODES" -gt 0 ]]; then
  if ! ip link show "$NODES_BRIDGE" >/dev/null 2>&1; then
    if ip -4 route show | grep -q "^$NODES_SUBNET\."; then
      die "node subnet $NODES_SUBNET.0/24 is already routed on this machine; set CLUSTER_NODE_SUBNET"
    fi
    ip link add "$NODES_BRIDGE" type bridge
    ip addr add "$NODES_GATEWAY/24" dev "$NODES_BRIDGE"
    ip link set "$NODES_BRIDGE" up
  fi
  log "starting the API relay on $NODES_GATEWAY:$API_PORT (bridge $NODES_BRIDGE)"
  start api-relay socat "TCP-LISTEN:$API_PORT,bind=$NODES_GATEWAY,reuseaddr,fork" "TCP:127.0.0.1:$API_PORT"
  PROCESSES+=(api-relay)
  # Like etcd, the nodes start empty: no volume, kubelet state or shared backup data from an
  # earlier run (containerd's root stays, so its images need no new import).
  if findmnt -rn -o TARGET | grep -qF "$NODES_DIR/"; then
    die "mounts remain under $NODES_DIR from an earlier run: run 'npm run cluster:down' first"
  fi
  rm -rf "$DIR/shared"
  for d in "$NODES_DIR"/node-*; do
    [[ -d "$d" ]] && rm -rf "$d/kubelet" "$d/volumes" "$d/cni-ipam" "$d/pod-logs"
  done
  mkdir -p "$NODES_DIR"
  echo "$REAL_NODES" >"$NODES_DIR/count"
  for n in $(seq 1 "$REAL_NODES"); do
    bash "$ROOT/scripts/node-up.sh" "$n"
  done
fi

# --- nodes, storage ---------------------------------------------------------------------
manifests="$DIR/manifests.yaml"
{
  cat <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $STORAGE_CLASS
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
allowVolumeExpansion: false
EOF
  # local_pvs NODE DIR: the node's local PersistentVolumes, DIR/vol1.. on the node.
  local_pvs() {
    local node="$1" dir="$2" v
    for v in $(seq 1 "$PVS_PER_NODE"); do
      cat <<EOF
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-$node-$v
  labels:
    postgres-k8s.local/node: $node
spec:
  capacity:
    storage: $PV_SIZE
  accessModes: [ReadWriteOnce, ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: $STORAGE_CLASS
  volumeMode: Filesystem
  local:
    path: $dir/vol$v
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - key: kubernetes.io/hostname
          operator: In
          values: [$node]
EOF
    done
  }
  for n in $(seq 1 "$REAL_NODES"); do
    vols="$(node_dir "$n")/volumes"
    for v in $(seq 1 "$PVS_PER_NODE"); do mkdir -p "$vols/vol$v"; done
    local_pvs "$(node_name "$n")" "$vols"
  done
  for n in $(seq 1 "$NODES"); do
    node="kwok-node-$n"
    zone="${ZONES[$(((n - 1) % ${#ZONES[@]}))]}"
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $node
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $node
    topology.kubernetes.io/zone: $zone
    topology.kubernetes.io/region: local
    node.kubernetes.io/instance-type: kwok
    type: kwok
spec: {}
status:
  addresses:
  - type: InternalIP
    address: 10.0.0.$n
  - type: Hostname
    address: $node
  allocatable: {cpu: "16", memory: 64Gi, pods: "110", ephemeral-storage: 500Gi}
  capacity: {cpu: "16", memory: 64Gi, pods: "110", ephemeral-storage: 500Gi}
EOF
    local_pvs "$node" "/mnt/kwok/$node"
  done
  # Shared (ReadWriteMany) volumes without node affinity, like NFS or a CSI file system: the
  # backup volume is mounted by every instance, and instances sit on different nodes.
  cat <<EOF
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $SHARED_STORAGE_CLASS
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
reclaimPolicy: Retain
EOF
  for v in $(seq 1 "$SHARED_PVS"); do
    if [[ "$REAL_NODES" -gt 0 ]]; then
      # Real nodes share this machine's file system: a directory every node mounts is a real
      # shared volume. Owned by the PostgreSQL uid, as an NFS export for it would be (the
      # kubelet applies no fsGroup to hostPath volumes).
      install -d -o 999 -g 999 -m 0770 "$DIR/shared/shared-$v"
      source_spec="hostPath: {path: $DIR/shared/shared-$v, type: Directory}"
    else
      source_spec="nfs: {server: 127.0.0.1, path: /exports/shared-$v}"
    fi
    cat <<EOF
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: shared-$v
spec:
  capacity:
    storage: $PV_SIZE
  accessModes: [ReadWriteMany, ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: $SHARED_STORAGE_CLASS
  volumeMode: Filesystem
  $source_spec
EOF
  done
} >"$manifests"

log "creating $NODES simulated nodes, StorageClasses $STORAGE_CLASS and $SHARED_STORAGE_CLASS, $(((NODES + REAL_NODES) * PVS_PER_NODE + SHARED_PVS)) PersistentVolumes of $PV_SIZE"
kubectl apply -f "$manifests" >"$LOGS/manifests-apply.log"

nodes_ready() {
  local ready
  ready="$(kubectl get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$')"
  [[ "$ready" -eq $((NODES + REAL_NODES)) ]]
}
wait_for "$((NODES + REAL_NODES)) Ready nodes" 120 nodes_ready
wait_for "the default ServiceAccount" 60 kubectl get serviceaccount default -n default
if [[ "$REAL_NODES" -gt 0 ]]; then
  log "deploying CoreDNS ($(cat "$CACHE/images/coredns.name")) as cluster DNS at $NODES_DNS_IP"
  sed -e "s|__IMAGE__|$(cat "$CACHE/images/coredns.name")|" -e "s|__DNS_IP__|$NODES_DNS_IP|" \
    "$ROOT/scripts/manifests/coredns.yaml" | kubectl apply -f - >>"$LOGS/manifests-apply.log"
  kubectl -n kube-system rollout status deployment/coredns --timeout=180s >/dev/null ||
    die "CoreDNS did not become ready; kubectl -n kube-system describe pods -l k8s-app=kube-dns"
fi
for p in "${PROCESSES[@]}"; do alive "$p"; done

trap - EXIT
log "ready: KUBECONFIG=$KUBECONFIG_OUT"
kubectl get nodes -L topology.kubernetes.io/zone
