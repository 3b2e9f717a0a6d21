# shellcheck shell=bash
# Source this file to use the toolchain built by scripts/tools-build.sh:
#
#   source scripts/tools-env.sh
#
# Puts <cache>/bin first on PATH and stops the Pulumi CLI from reaching out to the network.
# The Pulumi CLI finds plugins named pulumi-language-<runtime> / pulumi-resource-<name> on
# PATH (and next to the pulumi binary), so every plugin placed in <cache>/bin is found
# without `pulumi plugin install`. See docs/toolchain.md for what is (and is not) built.

POSTGRES_K8S_CACHE="${POSTGRES_K8S_CACHE:-$HOME/.cache/postgres-k8s}"
export POSTGRES_K8S_CACHE
POSTGRES_K8S_BIN="$POSTGRES_K8S_CACHE/bin"
export POSTGRES_K8S_BIN

case ":$PATH:" in
  *":$POSTGRES_K8S_BIN:"*) ;;
  *) PATH="$POSTGRES_K8S_BIN:$PATH" ;;
esac
export PATH

# Never try to download plugins or check for CLI updates (no internet here).
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Plugins on PATH must be used (the CLI ignores them when this is set): make sure it is not.
unset PULUMI_IGNORE_AMBIENT_PLUGINS

# The local cluster (scripts/cluster-up.sh) writes its kubeconfig here.
POSTGRES_K8S_KUBECONFIG="${POSTGRES_K8S_CLUSTER_DIR:-$POSTGRES_K8S_CACHE/cluster}/kubeconfig"
export POSTGRES_K8S_KUBECONFIG
