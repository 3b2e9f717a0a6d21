#!/usr/bin/env bash
# Smoke test of the local cluster started by scripts/cluster-up.sh: a 3-replica StatefulSet
# with required pod anti-affinity and a volumeClaimTemplate must roll out (pods scheduled by
# the real scheduler onto three different kwok nodes, marked Running/Ready by kwok), its claims
# must bind to the pre-created local PersistentVolumes, and its Service must get the three
# pod IPs as endpoints. Removes its namespace afterwards.
#
#   bash scripts/cluster-smoke.sh
set -euo pipefail

CACHE="${POSTGRES_K8S_CACHE:-$HOME/.cache/postgres-k8s}"
export KUBECONFIG="${KUBECONFIG:-${POSTGRES_K8S_CLUSTER_DIR:-$CACHE/cluster}/kubeconfig}"
NS=cluster-smoke
START="$(date +%s)"
fail() {
  echo "cluster-smoke: FAIL: $*" >&2
  kubectl -n "$NS" get pods,pvc -o wide >&2 || true
  exit 1
}
trap 'kubectl delete namespace "$NS" --wait=false >/dev/null 2>&1 || true' EXIT

kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata: {name: $NS}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: $NS}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: $NS}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: db}}
            topologyKey: kubernetes.io/hostname
      containers:
      - name: postgres
        image: postgres:17
        ports: [{containerPort: 5432, name: pg}]
        readinessProbe: {exec: {command: [pg_isready]}}
        resources: {requests: {cpu: "1", memory: 2Gi}}
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 50Gi}}
EOF

kubectl -n "$NS" rollout status statefulset/db --timeout=120s >/dev/null || fail "StatefulSet did not roll out"

ready="$(kubectl -n "$NS" get pods -l app=db -o jsonpath='{range .items[*]}{.status.phase}/{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^Running/True$')"
[[ "$ready" -eq 3 ]] || fail "expected 3 Running/Ready pods, got $ready"

nodes="$(kubectl -n "$NS" get pods -l app=db -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | sort -u | grep -c .)"
[[ "$nodes" -eq 3 ]] || fail "expected pods on 3 different nodes, got $nodes"

bound="$(kubectl -n "$NS" get pvc -o jsonpath='{range .items[*]}{.status.phase}{"\n"}{end}' | grep -c '^Bound$')"
[[ "$bound" -eq 3 ]] || fail "expected 3 Bound claims, got $bound"

endpoints="$(kubectl -n "$NS" get endpointslices -l kubernetes.io/service-name=db -o jsonpath='{range .items[*].endpoints[*]}{.addresses[0]}{"\n"}{end}' | grep -c .)"
[[ "$endpoints" -eq 3 ]] || fail "expected 3 endpoints for Service db, got $endpoints"

kubectl -n "$NS" get pods -o wide
kubectl -n "$NS" get pvc
echo "cluster-smoke: PASS in $(($(date +%s) - START))s (3 pods Running/Ready on 3 nodes, 3 claims Bound, 3 endpoints)"
