# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this
# Names and addresses of a cluster's real nodes, derived from its state dir ($DIR) so that two
# clusters (two POSTGRES_K8S_CLUSTER_DIRs) have disjoint network namespaces, bridges, cgroups and
# node subnets. Sourced through cluster-env.sh by cluster-up.sh, cluster-down.sh, node-up.sh and
# node-down.sh.
#
#   CLUSTER_NODE_SUBNET   node network /24 prefix, e.g. 10.123.45 [derived from the dir]
#
# Layout (N = node number, ID = first 6 hex digits of sha256 of the state dir):
#   bridge pk<ID>br holding <subnet>.1, the node network's only address outside the nodes, where
#     a relay (socat) forwards the API server port to 127.0.0.1: the address the `kubernetes`
#     Service's endpoints and the serving certificate name
#   network namespace pgk8s-<ID>-node-N: veth eth0 = <subnet>.(10+N) (host end pk<ID>vN on the
#     bridge), no default route; containerd, kubelet and kube-proxy run in it, pods behind its cni0
#     bridge on 10.244.N.0/24; iptables rules (kube-proxy's, the CNI's) live only there
#   cgroup pgk8s-<ID>-node-N in every cgroup hierarchy: the kubelet's cgroupRoot; containerd (and
#     so every shim and container) runs under it, so a node is killed by killing its cgroup
#   state <dir>/nodes/node-N: containerd root/state/socket, kubelet root dir, volumes, logs

: "${DIR:?DIR (the cluster state dir) must be set}"
NODES_ID="$(realpath -m "$DIR" | tr -d '\n' | sha256sum | cut -c1-6)"
NODES_BRIDGE="pk${NODES_ID}br"
if [[ -n "${CLUSTER_NODE_SUBNET:-}" ]]; then
  NODES_SUBNET="$CLUSTER_NODE_SUBNET"
else
  NODES_SUBNET="10.$((100 + 0x${NODES_ID:0:2} % 100)).$((0x${NODES_ID:2:2}))"
fi
NODES_GATEWAY="$NODES_SUBNET.1"
NODES_DIR="$DIR/nodes"
NODES_POD_CIDR=10.244.0.0/16
NODES_SERVICE_CIDR=10.96.0.0/16
NODES_DNS_IP=10.96.0.10
# Machine-wide: the kernel settings the kubelet changes, saved by the first cluster with real
# nodes and restored when the last one goes down.
NODES_MACHINE_DIR=/run/postgres-k8s-nodes
NODES_KERNEL_SETTINGS=(kernel.panic kernel.panic_on_oops vm.overcommit_memory vm.panic_on_oom kernel.keys.root_maxkeys kernel.keys.root_maxbytes)

node_name() { echo "node-$1"; }
node_netns() { echo "pgk8s-$NODES_ID-node-$1"; }
node_veth() { echo "pk${NODES_ID}v$1"; }
node_ip() { echo "$NODES_SUBNET.$((10 + $1))"; }
node_pod_cidr() { echo "10.244.$1.0/24"; }
node_cgroup() { echo "pgk8s-$NODES_ID-node-$1"; }
node_dir() { echo "$NODES_DIR/node-$1"; }
# The v1 hierarchies (and the unified one) a node cgroup is made in.
node_cgroup_paths() {
  local h
  for h in /sys/fs/cgroup/*/; do
    h="${h%/}"
    [[ -f "$h/cgroup.procs" ]] && echo "$h/$(node_cgroup "$1")"
  done
}
