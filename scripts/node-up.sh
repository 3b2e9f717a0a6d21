#!/usr/bin/env bash
# Start (or restart) real node N of the local cluster: its network namespace, cgroup, containerd
# (images imported from scripts/images-build.sh's archives), kubelet and kube-proxy. Called by
# cluster-up.sh with CLUSTER_REAL_NODES; run alone it brings back a node stopped by
# node-down.sh, keeping its state (containerd's images and snapshots, kubelet root, volumes).
#
#   bash scripts/node-up.sh N
#
# Needs the cluster's state dir (POSTGRES_K8S_CLUSTER_DIR) with the certificates cluster-up.sh
# made (pki/node-N.*, pki/kube-proxy.*); names and addresses come from nodes-env.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
API_PORT="${CLUSTER_API_PORT:-26443}"
# shellcheck source=scripts/cluster-env.sh
source "$ROOT/scripts/cluster-env.sh"

N="${1:?usage: node-up.sh N}"
NAME="$(node_name "$N")"
NS="$(node_netns "$N")"
VETH="$(node_veth "$N")"
IP="$(node_ip "$N")"
ND="$(node_dir "$N")"
CG="$(node_cgroup "$N")"
SOCK="$ND/containerd/containerd.sock"
START="$(date +%s)"
log() { echo "node-up $NAME [$(($(date +%s) - START))s]: $*"; }
die() {
  echo "node-up $NAME: $*" >&2
  exit 1
}
for f in "$PKI/$NAME.crt" "$PKI/kube-proxy.crt" "$BIN/kubelet" "$BIN/kube-proxy"; do
  [[ -e "$f" ]] || die "$f is missing: start the cluster with CLUSTER_REAL_NODES (npm run cluster:up)"
done
mkdir -p "$PIDS" "$LOGS" "$ND"/{containerd,kubelet,cni,pod-logs,volumes}
echo "$CG" >"$ND/cgroup"

# --- kernel settings the kubelet changes: saved once per machine, restored by node-down.sh ---
mkdir -p "$NODES_MACHINE_DIR/clusters"
(
  flock 7
  if [[ ! -f "$NODES_MACHINE_DIR/kernel.orig" ]]; then
    for s in "${NODES_KERNEL_SETTINGS[@]}"; do echo "$s=$(sysctl -n "$s")"; done >"$NODES_MACHINE_DIR/kernel.orig"
  fi
  echo "$DIR" >"$NODES_MACHINE_DIR/clusters/$NODES_ID"
) 7>"$NODES_MACHINE_DIR/.lock"

# --- network: this node's namespace and veth on the cluster's bridge (made by cluster-up.sh) ---
ip link show "$NODES_BRIDGE" >/dev/null 2>&1 || die "bridge $NODES_BRIDGE is missing: start the cluster with cluster-up.sh"
if ! ip netns list | grep -qw "^$NS"; then
  ip netns add "$NS"
fi
nsx() { nsenter --net="/run/netns/$NS" -- "$@"; }
# A node of a cluster just torn down can leave its host-side veth behind for a moment (the kernel
# frees a deleted namespace, and the pair with it, only once its last process is gone): that veth's
# peer is not in this new namespace, so make the pair anew.
if ip link show "$VETH" >/dev/null 2>&1 && ! nsx ip link show eth0 >/dev/null 2>&1; then
  ip link del "$VETH"
fi
if ! ip link show "$VETH" >/dev/null 2>&1; then
  ip link add "$VETH" type veth peer name eth0 netns "$NS"
  ip link set "$VETH" master "$NODES_BRIDGE" up
  nsx ip addr add "$IP/24" dev eth0
  nsx ip link set eth0 up
  nsx ip link set lo up
fi
# Per-namespace settings: forwarding between the pods' bridge and eth0, bridged pod traffic through
# iptables (kube-proxy's hairpin), no default route: nothing leaves the node network.
nsx sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.ipv4.conf.all.route_localnet=1
nsx ip route replace "$NODES_SERVICE_CIDR" dev eth0 src "$IP"
for o in $(seq 1 "$(cat "$NODES_DIR/count")"); do
  [[ "$o" == "$N" ]] && continue
  nsx ip route replace "$(node_pod_cidr "$o")" via "$(node_ip "$o")"
done
# Pods' traffic to the node network (the API relay) leaves with the node's address.
nsx iptables -t nat -C POSTROUTING -s "$NODES_POD_CIDR" ! -d "$NODES_POD_CIDR" -o eth0 -j MASQUERADE 2>/dev/null ||
  nsx iptables -t nat -A POSTROUTING -s "$NODES_POD_CIDR" ! -d "$NODES_POD_CIDR" -o eth0 -j MASQUERADE

# --- cgroup: the kubelet's cgroupRoot in every hierarchy -----------------------------------
for c in $(node_cgroup_paths "$N"); do
  mkdir -p "$c"
  if [[ "$c" == /sys/fs/cgroup/cpuset/* ]]; then
    cat /sys/fs/cgroup/cpuset/cpuset.cpus >"$c/cpuset.cpus"
    cat /sys/fs/cgroup/cpuset/cpuset.mems >"$c/cpuset.mems"
  fi
done

# start NAME CMD...: run CMD inside the node's network namespace and cgroup, detached; pid to
# pids/<node>-NAME.pid, log to logs/<node>-NAME.log.
start() {
  local what="$1"
  shift
  # shellcheck disable=SC2016 # $$ and "$@" belong to the inner shell
  setsid bash -c 'for c in '"$(node_cgroup_paths "$N" | tr '\n' ' ')"'; do echo $$ >"$c/cgroup.procs"; done; exec nsenter --net=/run/netns/'"$NS"' -- "$@"' \
    node "$@" >>"$LOGS/$NAME-$what.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$NAME-$what.pid"
}
running() { [[ -f "$PIDS/$NAME-$1.pid" ]] && kill -0 "$(cat "$PIDS/$NAME-$1.pid")" 2>/dev/null; }
wait_for() {
  local what="$1" secs="$2" deadline
  shift 2
  deadline=$(($(date +%s) + secs))
  until "$@" >/dev/null 2>&1; do
    [[ $(date +%s) -lt $deadline ]] || die "timed out after ${secs}s waiting for $what"
    sleep 0.25
  done
}

# --- containerd ------------------------------------------------------------------------------
cat >"$ND/containerd/config.toml" <<TOML
version = 2
root = "$ND/containerd/root"
state = "$ND/containerd/state"
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$ND/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$(cat "$CACHE/images/pause.name")"
  # No CAP_SYS_RESOURCE here: a negative oom_score_adj cannot be set (docs/real-node.md).
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$ND/containerd/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$ND/cni"
TOML
cat >"$ND/cni/10-pods.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "pods",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$ND/cni-ipam",
        "ranges": [[{ "subnet": "$(node_pod_cidr "$N")" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
if ! running containerd; then
  log "starting containerd"
  start containerd containerd --config "$ND/containerd/config.toml"
fi
ctr_() { ctr --address "$SOCK" -n k8s.io "$@"; }
wait_for containerd 30 ctr_ version

# Images: import an archive this containerd has not imported yet (its stamp changes with it) or
# no longer holds (a kubelet under disk pressure deletes unused images, the pause image included).
for tar in "$CACHE"/images/*.tar; do
  base="$(basename "$tar" .tar)"
  # No stamp: images-build.sh is (re)building it right now (for another clone: the cache is shared).
  stamp="$(cat "$CACHE/images/$base.stamp" 2>/dev/null)" || { log "skipping $base: being built"; continue; }
  ref="$(cat "$CACHE/images/$base.name")"
  [[ "$(cat "$ND/containerd/$base.imported" 2>/dev/null)" == "$stamp" ]] &&
    [[ -n "$(ctr_ images ls -q "name==$ref")" ]] && continue
  log "importing $ref"
  ctr_ images import --no-unpack=false "$tar" >/dev/null
  echo "$stamp" >"$ND/containerd/$base.imported"
done

# --- kubelet ---------------------------------------------------------------------------------
kubeconfig() {
  local user="$1"
  cat <<YAML
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://$NODES_GATEWAY:$API_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: $user
  user:
    client-certificate: $PKI/$user.crt
    client-key: $PKI/$user.key
contexts:
- name: local
  context: {cluster: local, user: $user}
current-context: local
YAML
}
kubeconfig "$NAME" >"$ND/kubelet.kubeconfig"
kubeconfig kube-proxy >"$ND/kube-proxy.kubeconfig"
cat >"$ND/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
# cgroup v1 under a hybrid hierarchy, no systemd: cgroupfs under this node's own cgroup root.
cgroupDriver: cgroupfs
cgroupRoot: /$CG
cgroupsPerQOS: true
enforceNodeAllocatable: [pods]
failCgroupV1: false
failSwapOn: false
# The machine's root cannot lower oom_score_adj (no CAP_SYS_RESOURCE).
oomScoreAdj: 0
clusterDNS: [$NODES_DNS_IP]
clusterDomain: cluster.local
resolvConf: ""
podLogsDir: $ND/pod-logs
serializeImagePulls: true
# Images come from local archives and cannot be pulled again: never collect them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
# The nodes share the machine's disk: the default 10-15 % free thresholds (about 38 GiB of its
# 252) evicted every pod and collected the pause image once the disk had less free. Evict only
# when it is really short.
evictionHard:
  memory.available: 100Mi
  nodefs.available: 2Gi
  imagefs.available: 2Gi
  nodefs.inodesFree: 5%
maxPods: 30
nodeStatusReportFrequency: 10s
nodeStatusUpdateFrequency: 5s
containerRuntimeEndpoint: unix://$SOCK
YAML
if ! running kubelet; then
  log "starting kubelet"
  start kubelet "$BIN/kubelet" \
    --config="$ND/kubelet.yaml" \
    --kubeconfig="$ND/kubelet.kubeconfig" \
    --root-dir="$ND/kubelet" \
    --cert-dir="$ND/kubelet/pki" \
    --hostname-override="$NAME" \
    --node-ip="$IP" \
    --node-labels="topology.kubernetes.io/zone=zone-$N,topology.kubernetes.io/region=local,postgres-k8s.local/node-type=real" \
    --v=1
fi

# --- kube-proxy ------------------------------------------------------------------------------
cat >"$ND/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection: {kubeconfig: $ND/kube-proxy.kubeconfig}
hostnameOverride: $NAME
bindAddress: $IP
clusterCIDR: $NODES_POD_CIDR
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# Zeros: kube-proxy leaves the machine-wide conntrack settings alone.
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
YAML
if ! running kube-proxy; then
  log "starting kube-proxy"
  start kube-proxy "$BIN/kube-proxy" --config="$ND/kube-proxy.yaml" --v=1
fi
for p in containerd kubelet kube-proxy; do
  running "$p" || {
    tail -n 20 "$LOGS/$NAME-$p.log" >&2
    die "$p exited; log: $LOGS/$NAME-$p.log"
  }
done
log "up ($IP, pods $(node_pod_cidr "$N"), netns $NS)"
