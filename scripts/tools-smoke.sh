#!/usr/bin/env bash
# End-to-end smoke test of the toolchain: the Pulumi CLI with the local file backend and a
# passphrase secrets provider runs a small TypeScript program (this repo's node_modules)
# against the local cluster: preview, a mandatory policy blocking a bad config, up (the
# StatefulSet's pods scheduled and made Ready), a no-change preview, destroy.
#
# Needs: `TOOLS_STANDINS=1 npm run tools` (the language host and the kubernetes provider are
# stand-ins, see docs/toolchain.md), `npm run cluster:up`, and node_modules (npm ci).
#
#   bash scripts/tools-smoke.sh
#   TOOLS_SMOKE_NODE_MODULES=/path/to/node_modules bash scripts/tools-smoke.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_MODULES="${TOOLS_SMOKE_NODE_MODULES:-$ROOT/node_modules}"
# shellcheck source=scripts/tools-env.sh
source "$ROOT/scripts/tools-env.sh"
export KUBECONFIG="$POSTGRES_K8S_KUBECONFIG"
for b in pulumi pulumi-language-nodejs pulumi-resource-kubernetes; do
  command -v "$b" >/dev/null || {
    echo "tools-smoke: $b not found; run 'TOOLS_STANDINS=1 npm run tools'" >&2
    exit 1
  }
done
kubectl get --raw /readyz >/dev/null || {
  echo "tools-smoke: no cluster at $KUBECONFIG; run 'npm run cluster:up'" >&2
  exit 1
}
[[ -d "$NODE_MODULES/@pulumi/kubernetes" ]] || {
  echo "tools-smoke: $NODE_MODULES has no @pulumi/kubernetes; run 'npm ci'" >&2
  exit 1
}

T="$(mktemp -d /tmp/postgres-k8s-tools-smoke.XXXXXX)"
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/state" "$T/home" "$T/proj" "$T/policy"
export PULUMI_HOME="$T/home" PULUMI_CONFIG_PASSPHRASE="smoke-test-passphrase"
PASSWORD="smoke-$(date +%s%N)"
NS="tools-smoke"
START="$(date +%s)"
step() { echo "tools-smoke [$(($(date +%s) - START))s]: $*"; }
fail() {
  echo "tools-smoke: FAIL: $*" >&2
  exit 1
}

tsconfig='{ "compilerOptions": { "target": "ES2022", "module": "commonjs", "moduleResolution": "node", "strict": true, "esModuleInterop": true, "skipLibCheck": true, "types": ["node"] }, "files": ["index.ts"] }'

cd "$T/proj"
ln -s "$NODE_MODULES" node_modules
echo "$tsconfig" >tsconfig.json
echo '{ "name": "tools-smoke", "main": "index.ts" }' >package.json
cat >Pulumi.yaml <<'EOF'
name: tools-smoke
runtime: nodejs
EOF
cat >index.ts <<EOF
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

const cfg = new pulumi.Config();
const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: "$NS" } });
const secret = new k8s.core.v1.Secret("creds", {
    metadata: { namespace: ns.metadata.name },
    stringData: { password: cfg.requireSecret("password") },
});
const labels = { app: "db" };
const svc = new k8s.core.v1.Service("db", {
    metadata: { namespace: ns.metadata.name, name: "db" },
    spec: { type: cfg.get("serviceType") ?? "ClusterIP", selector: labels, ports: [{ name: "pg", port: 5432 }] },
});
const sts = new k8s.apps.v1.StatefulSet("db", {
    metadata: { namespace: ns.metadata.name, name: "db" },
    spec: {
        serviceName: svc.metadata.name,
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
            metadata: { labels },
            spec: {
                affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
                    { labelSelector: { matchLabels: labels }, topologyKey: "kubernetes.io/hostname" }] } },
                containers: [{
                    name: "postgres", image: "postgres:17", ports: [{ containerPort: 5432, name: "pg" }],
                    env: [{ name: "POSTGRES_PASSWORD", valueFrom: { secretKeyRef: { name: secret.metadata.name, key: "password" } } }],
                    volumeMounts: [{ name: "data", mountPath: "/var/lib/postgresql/data" }],
                }],
            },
        },
        volumeClaimTemplates: [{ metadata: { name: "data" },
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } }],
    },
});
export const readyReplicas = sts.status.readyReplicas;
EOF

cd "$T/policy"
ln -s "$NODE_MODULES" node_modules
echo "$tsconfig" >tsconfig.json
echo '{ "name": "tools-smoke-policies", "version": "0.0.1", "main": "index.ts" }' >package.json
echo "runtime: nodejs" >PulumiPolicy.yaml
cat >index.ts <<'EOF'
import { PolicyPack, validateResourceOfType } from "@pulumi/policy";
import * as k8s from "@pulumi/kubernetes";

new PolicyPack("tools-smoke-policies", {
    policies: [{
        name: "no-loadbalancer-services",
        description: "Services must not be of type LoadBalancer.",
        enforcementLevel: "mandatory",
        validateResource: validateResourceOfType(k8s.core.v1.Service, (svc, _args, reportViolation) => {
            if (svc.spec?.type === "LoadBalancer") {
                reportViolation("Service type LoadBalancer is not allowed here.");
            }
        }),
    }],
});
EOF

cd "$T/proj"
step "pulumi $(pulumi version), login file://$T/state"
pulumi login "file://$T/state" >/dev/null
pulumi stack init dev --secrets-provider passphrase >/dev/null
pulumi config set --secret password "$PASSWORD"

step "preview --diff with the policy pack"
pulumi preview --diff --policy-pack "$T/policy" >"$T/preview.log" 2>&1 || {
  cat "$T/preview.log" >&2
  fail "preview failed"
}
grep -q "+ 5 to create" "$T/preview.log" || fail "preview does not plan 5 creates"

step "preview with serviceType=LoadBalancer must be blocked by the policy"
pulumi config set serviceType LoadBalancer
if pulumi preview --policy-pack "$T/policy" >"$T/bad.log" 2>&1; then
  fail "preview passed although a mandatory policy is violated"
fi
grep -q "Service type LoadBalancer is not allowed here." "$T/bad.log" || fail "policy message missing"
pulumi config rm serviceType

step "up --yes"
up_start="$(date +%s)"
pulumi up --yes --policy-pack "$T/policy" >"$T/up.log" 2>&1 || {
  cat "$T/up.log" >&2
  fail "up failed"
}
step "up took $(($(date +%s) - up_start))s"
[[ "$(pulumi stack output readyReplicas)" == "3" ]] || fail "readyReplicas is not 3"
nodes="$(kubectl -n "$NS" get pods -l app=db -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | sort -u | grep -c .)"
[[ "$nodes" -eq 3 ]] || fail "pods are on $nodes nodes, expected 3"
if grep -rqF "$PASSWORD" "$T/state"; then
  fail "the plaintext password is in the state"
fi

step "preview --expect-no-changes"
pulumi preview --expect-no-changes >"$T/noop.log" 2>&1 || {
  cat "$T/noop.log" >&2
  fail "second preview shows changes"
}

step "destroy --yes"
pulumi destroy --yes >"$T/destroy.log" 2>&1 || {
  cat "$T/destroy.log" >&2
  fail "destroy failed"
}
if kubectl get namespace "$NS" >/dev/null 2>&1; then
  kubectl wait --for=delete "namespace/$NS" --timeout=60s >/dev/null || fail "namespace $NS still exists"
fi
step "PASS"
