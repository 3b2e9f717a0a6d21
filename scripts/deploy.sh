#!/usr/bin/env bash
# The main job: deploy a stack and print how to connect.
#
#   npm run deploy -- dev            # or prod; extra arguments go to `pulumi up`
#   bash scripts/deploy.sh dev --diff
#
# Target: the current kube context when there is one (KUBECONFIG or ~/.kube/config), otherwise
# a local cluster that this script starts and leaves running (scripts/cluster-up.sh in
# <cache>/cluster-deploy, on its own ports so the test tiers' cluster never collides with it;
# its StorageClasses carry the names the stacks ask for). What is missing is built first, with
# progress shown: node_modules (npm ci), the Pulumi CLI, the Node.js language host, the
# kubernetes and random providers and, for the local cluster, the control plane (npm run tools).
#
# Pulumi: the CLI of scripts/tools-env.sh; the backend you are logged in to, else the local
# file backend (`pulumi login --local`); the passphrase secrets provider, with
# PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, else a generated passphrase kept in
# ~/.config/postgres-k8s/<stack>.passphrase (mode 0600; keep it: it decrypts the stack's secrets).
# `pulumi up` runs with the policy pack and the stack's policy config; it asks for confirmation
# on a terminal and runs with --yes otherwise.
#
# Knobs: DEPLOY_LOCAL=1 uses the local cluster even when a kube context exists;
# DEPLOY_CLUSTER_PORT_OFFSET (default 1000) is added to cluster-up.sh's default ports.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START="$(date +%s)"
step() { echo "deploy [$(($(date +%s) - START))s]: $*"; }
die() {
  echo "deploy: $*" >&2
  exit 1
}

stacks=()
for f in Pulumi.*.yaml; do
  s="${f#Pulumi.}"
  stacks+=("${s%.yaml}")
done
stack="${1:-}"
[[ -n "$stack" ]] || die "usage: npm run deploy -- <stack> [pulumi up arguments]   (stacks: ${stacks[*]})"
shift
[[ -f "Pulumi.$stack.yaml" ]] || die "no Pulumi.$stack.yaml: the stacks are ${stacks[*]}"

# shellcheck source=scripts/tools-env.sh
source "$ROOT/scripts/tools-env.sh"

# --- where to deploy ----------------------------------------------------------------------------
context="$(kubectl config current-context 2>/dev/null || true)"
if [[ -n "$context" && "${DEPLOY_LOCAL:-0}" != "1" ]]; then
  target="kube context '$context'"
  local_cluster=0
else
  export POSTGRES_K8S_CLUSTER_DIR="${POSTGRES_K8S_CLUSTER_DIR:-$POSTGRES_K8S_CACHE/cluster-deploy}"
  offset="${DEPLOY_CLUSTER_PORT_OFFSET:-1000}"
  export CLUSTER_ETCD_PORT="${CLUSTER_ETCD_PORT:-$((22379 + offset))}"
  export CLUSTER_API_PORT="${CLUSTER_API_PORT:-$((26443 + offset))}"
  export CLUSTER_CM_PORT="${CLUSTER_CM_PORT:-$((20257 + offset))}"
  export CLUSTER_SCHED_PORT="${CLUSTER_SCHED_PORT:-$((20259 + offset))}"
  # The names Pulumi.prod.yaml asks for; dev uses the default class.
  export CLUSTER_STORAGE_CLASS="${CLUSTER_STORAGE_CLASS:-postgres-data}"
  export CLUSTER_SHARED_STORAGE_CLASS="${CLUSTER_SHARED_STORAGE_CLASS:-postgres-shared}"
  export KUBECONFIG="$POSTGRES_K8S_CLUSTER_DIR/kubeconfig"
  target="the local cluster ($POSTGRES_K8S_CLUSTER_DIR, https://127.0.0.1:$CLUSTER_API_PORT)"
  local_cluster=1
fi
step "deploying stack '$stack' to $target"

# --- what it needs ------------------------------------------------------------------------------
if [[ ! -d node_modules/@pulumi/pulumi ]]; then
  step "installing node_modules (npm ci)"
  npm ci --no-audit --no-fund
fi
step "compiling the policy pack (policies/bin)"
npm run --silent build:policies
tools="pulumi pulumi-language-nodejs pulumi-resource-random pulumi-resource-kubernetes"
((local_cluster)) && tools="$tools etcd kube-apiserver kube-controller-manager kube-scheduler kwok"
step "building or reusing the toolchain (first time on 2 cores: about an hour; later: seconds)"
TOOLS_ONLY="$tools" bash "$ROOT/scripts/tools-build.sh"

if ((local_cluster)); then
  if kubectl get --raw /readyz >/dev/null 2>&1; then
    step "the local cluster is already running"
  else
    step "starting the local cluster"
    bash "$ROOT/scripts/cluster-up.sh"
  fi
fi
kubectl get --raw /readyz >/dev/null || die "the API server of $target does not answer"

# --- Pulumi backend, secrets, stack -------------------------------------------------------------
if ! pulumi whoami >/dev/null 2>&1; then
  step "no Pulumi backend logged in: using the local file backend (pulumi login --local)"
  pulumi login --local >/dev/null
fi
if [[ -z "${PULUMI_CONFIG_PASSPHRASE:-}" && -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
  pass_file="$HOME/.config/postgres-k8s/$stack.passphrase"
  if [[ ! -f "$pass_file" ]]; then
    mkdir -p "$(dirname "$pass_file")"
    (umask 077 && head -c 24 /dev/urandom | base64 >"$pass_file")
    step "generated the secrets passphrase of '$stack' in $pass_file (keep it)"
  fi
  export PULUMI_CONFIG_PASSPHRASE_FILE="$pass_file"
fi
if ! pulumi stack select "$stack" >/dev/null 2>&1; then
  step "creating stack '$stack' (passphrase secrets provider)"
  pulumi stack init "$stack" --secrets-provider passphrase >/dev/null
fi

# --- up -----------------------------------------------------------------------------------------
up=(up -s "$stack" --policy-pack policies --policy-pack-config "policies/config/$stack.json")
[[ -t 0 ]] || up+=(--yes)
step "pulumi ${up[*]} $*"
pulumi "${up[@]}" "$@"

# --- how to connect -----------------------------------------------------------------------------
out() { pulumi stack output -s "$stack" "$1"; }
ns="$(out namespace)" host="$(out readWriteHost)" ro="$(out readOnlyHost)" port="$(out port)"
user="$(out appUser)" db="$(out appDatabase)" secret="$(out appSecretName)"
svc="${host%%.*}"
cat <<EOF

deploy [$(($(date +%s) - START))s]: stack '$stack' is up on $target.

Connect (database '$db', user '$user'; the password is in Secret $ns/$secret, key 'password'):
  in the cluster:  postgresql://$user@$host:$port/$db   (read-only: $ro)
  applications:    mount Secret '$secret' (kubernetes.io/basic-auth), or secretKeyRef it
  from here:       export KUBECONFIG=${KUBECONFIG:-~/.kube/config}
                   kubectl -n $ns port-forward svc/$svc $port:$port &
                   PGPASSWORD="\$(kubectl -n $ns get secret $secret -o jsonpath='{.data.password}' | base64 -d)" \\
                     psql "host=127.0.0.1 port=$port user=$user dbname=$db"
  the password:    source scripts/tools-env.sh && pulumi stack output -s $stack --show-secrets appPassword
EOF
if ((local_cluster)) && kubectl get nodes -o jsonpath='{.items[*].metadata.annotations.kwok\.x-k8s\.io/node}' | grep -q fake; then
  cat <<EOF

Note: this local cluster's nodes are simulated by kwok: the pods are scheduled and reported Ready,
but no container runs, so there is no PostgreSQL to connect to yet. Deploy to a real cluster
(a kube context) for that. Stop the local cluster with:
  POSTGRES_K8S_CLUSTER_DIR=$POSTGRES_K8S_CLUSTER_DIR bash scripts/cluster-down.sh
EOF
fi
