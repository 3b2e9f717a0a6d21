# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this
# Where a local cluster keeps its binaries and state, and its real nodes' names (nodes-env.sh).
# Sourced by cluster-up.sh, cluster-down.sh, node-up.sh and node-down.sh after they set ROOT.
#
#   POSTGRES_K8S_CACHE        tool cache [~/.cache/postgres-k8s]; binaries in <cache>/bin
#   POSTGRES_K8S_CLUSTER_DIR  the cluster's state dir [<cache>/cluster]
CACHE="${POSTGRES_K8S_CACHE:-$HOME/.cache/postgres-k8s}"
BIN="$CACHE/bin"
DIR="${POSTGRES_K8S_CLUSTER_DIR:-$CACHE/cluster}"
PKI="$DIR/pki"
PIDS="$DIR/pids"
LOGS="$DIR/logs"
# shellcheck source=scripts/nodes-env.sh
source "$ROOT/scripts/nodes-env.sh"
