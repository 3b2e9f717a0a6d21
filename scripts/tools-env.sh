# shellcheck shell=bash
# Source this file to use the toolchain built by scripts/tools-build.sh:
#
#   source scripts/tools-env.sh
#
# Puts <cache>/bin first on PATH (the CLI, the Node.js language host next to it, the control
# plane), points PULUMI_HOME at <cache>/pulumi-home, where tools-build.sh installed the resource
# plugins with `pulumi plugin install --file`, and stops the Pulumi CLI from reaching out to the
# network. Plugins on PATH are ignored (PULUMI_IGNORE_AMBIENT_PLUGINS): the CLI uses the
# installed, version-matched ones and prints no "using pulumi-resource-... from $PATH" warning.
# The language host is found next to the pulumi binary, where the CLI looks for bundled plugins.
# PULUMI_HOME also holds `pulumi login` state; see docs/toolchain.md.

POSTGRES_K8S_CACHE="${POSTGRES_K8S_CACHE:-$HOME/.cache/postgres-k8s}"
export POSTGRES_K8S_CACHE
POSTGRES_K8S_BIN="$POSTGRES_K8S_CACHE/bin"
export POSTGRES_K8S_BIN

case ":$PATH:" in
  *":$POSTGRES_K8S_BIN:"*) ;;
  *) PATH="$POSTGRES_K8S_BIN:$PATH" ;;
esac
export PATH

export PULUMI_HOME="$POSTGRES_K8S_CACHE/pulumi-home"
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
# Never try to download plugins, resolve packages in the registry or check for CLI updates.
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true

# The local cluster (scripts/cluster-up.sh) writes its kubeconfig here.
POSTGRES_K8S_KUBECONFIG="${POSTGRES_K8S_CLUSTER_DIR:-$POSTGRES_K8S_CACHE/cluster}/kubeconfig"
export POSTGRES_K8S_KUBECONFIG
