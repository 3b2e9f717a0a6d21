/**
 * The program's objects on a real Kubernetes control plane (kube-apiserver, controller-manager,
 * scheduler, etcd; kwok plays the kubelets, so no container runs). The program runs for real
 * under mocks to produce its objects; kubectl applies them server-side, and the real API server
 * validates and admits them, the real StatefulSet controller creates the pods and claims, the real
 * scheduler places them, and the real endpoint controller routes the Services.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyObjects as apply, clusterDown, clusterUp, getJson, kubectl, mustKubectl, serviceAccountKubeconfig } from "../helpers/kube";
import { renderStack } from "../helpers/manifests";
import { PgCluster } from "../helpers/pg";
import { StackName } from "../helpers/stack-config";
import { eventually } from "../helpers/eventually";

const roleLabel = "postgres-k8s.io/role";

/**
 * Puts the real kubectl, authenticated as the labeller's ServiceAccount, in front of the test
 * pod's stand-in (which the local read-write proxy reads): the sidecar's `kubectl label` must
 * pass the real API server's RBAC before the stand-in records it.
 */
function useRealKubectl(toolsDir: string, saKubeconfig: string): void {
    const standIn = path.join(toolsDir, "kubectl-local");
    fs.renameSync(path.join(toolsDir, "kubectl"), standIn);
    fs.writeFileSync(path.join(toolsDir, "kubectl"), [
        "#!/usr/bin/env bash", "set -euo pipefail",
        `kubectl --kubeconfig=${saKubeconfig} "$@"`,
        `exec ${standIn} "$@"`,
    ].join("\n") + "\n", { mode: 0o555 });
}

function pods(namespace: string): any[] {
    return getJson(["-n", namespace, "get", "pods", "-l", "app.kubernetes.io/component=database"]).items
        .sort((a: any, b: any) => a.metadata.name.localeCompare(b.metadata.name));
}

function endpointPods(namespace: string, service: string): string[] {
    const slices = getJson(["-n", namespace, "get", "endpointslices", "-l", `kubernetes.io/service-name=${service}`]).items;
    return slices.flatMap((s: any) => (s.endpoints ?? [])
        .filter((e: any) => e.conditions?.ready !== false)
        .map((e: any) => e.targetRef.name)).sort();
}


const expectations: Record<StackName, { namespace: string; instances: number; overrides: Record<string, unknown> }> = {
    dev: { namespace: "postgres-dev", instances: 2, overrides: {} },
    // Pulumi.prod.yaml names classes of the user's cluster; here, those of scripts/cluster-up.sh.
    prod: { namespace: "postgres-prod", instances: 3, overrides: { storageClassName: "local-storage", backupStorageClassName: "shared" } },
};

describe("e2e: the stacks on a real Kubernetes control plane", function () {
    this.timeout(30 * 60_000);
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-e2e-"));
        clusterUp();
    });
    after(() => {
        clusterDown();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("the control plane has three Ready simulated nodes in three zones", () => {
        const nodes = getJson(["get", "nodes"]).items;
        assert.strictEqual(nodes.length, 3);
        for (const n of nodes) assert.ok(n.status.conditions.some((c: any) => c.type === "Ready" && c.status === "True"), n.metadata.name);
        assert.strictEqual(new Set(nodes.map((n: any) => n.metadata.labels["topology.kubernetes.io/zone"])).size, 3);
    });

    for (const stack of ["dev", "prod"] as StackName[]) {
        describe(`stack ${stack}`, () => {
            const { namespace, instances, overrides } = expectations[stack];

            it("the API server admits every object and the StatefulSet becomes ready", async () => {
                const { objects } = await renderStack(stack, overrides);
                apply(objects);
                mustKubectl(["-n", namespace, "rollout", "status", "statefulset/pg", "--timeout=300s"]);
                const ps = pods(namespace);
                assert.deepStrictEqual(ps.map(p => p.metadata.name), Array.from({ length: instances }, (_, i) => `pg-${i}`));
                const claims = getJson(["-n", namespace, "get", "pvc"]).items.map((c: any) => c.metadata.name).sort();
                for (let i = 0; i < instances; i++) assert.ok(claims.includes(`data-pg-${i}`), `data-pg-${i}`);
                if (stack === "prod") {
                    const backup = getJson(["-n", namespace, "get", "pvc", "pg-backup"]);
                    assert.strictEqual(backup.status.phase, "Bound");
                    assert.deepStrictEqual(backup.spec.accessModes, ["ReadWriteMany"]);
                    const cron = getJson(["-n", namespace, "get", "cronjob", "pg-backup"]);
                    assert.strictEqual(cron.spec.concurrencyPolicy, "Forbid");
                }
            });

            it(stack === "prod" ? "required anti-affinity: every pod on its own node" : "preferred anti-affinity: pods spread over nodes", () => {
                const nodes = pods(namespace).map(p => p.spec.nodeName);
                assert.ok(nodes.every(Boolean), "all scheduled");
                assert.strictEqual(new Set(nodes).size, instances, nodes.join(","));
            });

            it("the real role-labeller.sh beside real PostgreSQL labels the pods through the API server with the ServiceAccount token; Services route by role", async () => {
                const saConfig = serviceAccountKubeconfig(namespace, "pg-instance", tmp);
                const c = await PgCluster.create({ instances });
                try {
                    for (const p of c.pods) useRealKubectl(p.dirs.toolsDir, saConfig);
                    for (const p of c.pods) await p.start();
                    const replicas = Array.from({ length: instances - 1 }, (_, i) => `pg-${i + 1}`);
                    await eventually("rw endpoints", () => (endpointPods(namespace, "pg-rw").join() === "pg-0" ? true : undefined));
                    await eventually("ro endpoints", () => (endpointPods(namespace, "pg-ro").join() === replicas.join() ? true : undefined));
                    assert.deepStrictEqual(pods(namespace).map(p => p.metadata.labels[roleLabel]), ["primary", ...replicas.map(() => "replica")]);
                    assert.deepStrictEqual(endpointPods(namespace, "pg-hl"), pods(namespace).map(p => p.metadata.name));
                    // bootstrap.sh recorded the initialised marker through the same RBAC.
                    assert.match(getJson(["-n", namespace, "get", "configmap", "pg-initialised"]).data?.initialised ?? "", / by pg-0, database system identifier \d+$/);
                } finally {
                    await c.destroy();
                }
            });

            it("the ServiceAccount may not label any other pod nor read Secrets", () => {
                const saConfig = serviceAccountKubeconfig(namespace, "pg-instance", tmp);
                mustKubectl(["-n", namespace, "run", "intruder", "--image=docker.io/library/busybox:1.37", "--labels=app=intruder", "--restart=Never"]);
                const denied = kubectl(["label", "pod", "intruder", `${roleLabel}=primary`, "--overwrite"], { kubeconfig: saConfig });
                assert.notStrictEqual(denied.status, 0);
                assert.match(denied.stderr, /forbidden/i);
                assert.match(kubectl(["get", "secrets"], { kubeconfig: saConfig }).stderr, /forbidden/i);
                // ConfigMaps: only the initialised marker, by name; no other, no list, no create.
                assert.match(kubectl(["get", "configmap", "pg-config"], { kubeconfig: saConfig }).stderr, /forbidden/i);
                assert.match(kubectl(["get", "configmaps"], { kubeconfig: saConfig }).stderr, /forbidden/i);
                assert.match(kubectl(["create", "configmap", "intruder"], { kubeconfig: saConfig }).stderr, /forbidden/i);
                assert.match(kubectl(["-n", "default", "get", "pods"], { kubeconfig: saConfig }).stderr, /forbidden/i);
                mustKubectl(["-n", namespace, "delete", "pod", "intruder", "--wait=false"]);
            });

            it("a promotion moves the read-write Service: relabelled by role, the endpoints follow", async () => {
                const saConfig = serviceAccountKubeconfig(namespace, "pg-instance", tmp);
                mustKubectl(["label", "pod", "pg-0", `${roleLabel}=replica`, "--overwrite"], { kubeconfig: saConfig });
                mustKubectl(["label", "pod", "pg-1", `${roleLabel}=primary`, "--overwrite"], { kubeconfig: saConfig });
                await eventually("rw endpoints on pg-1", () => (endpointPods(namespace, "pg-rw").join() === "pg-1" ? true : undefined));
                assert.ok(endpointPods(namespace, "pg-ro").includes("pg-0"));
            });

            it("deleting the StatefulSet keeps every data claim (retention policy Retain)", async () => {
                mustKubectl(["-n", namespace, "delete", "statefulset", "pg", "--wait=true", "--timeout=120s"]);
                await eventually("pods gone", () => (pods(namespace).length === 0 ? true : undefined));
                const claims = getJson(["-n", namespace, "get", "pvc"]).items.map((c: any) => c.metadata.name);
                for (let i = 0; i < instances; i++) assert.ok(claims.includes(`data-pg-${i}`), `data-pg-${i} kept`);
            });
        });
    }

    it("required anti-affinity is enforced: of four prod instances on three nodes, one stays Pending", async () => {
        const { objects } = await renderStack("prod", { ...expectations.prod.overrides, namespace: "postgres-prod4", instances: 4 });
        apply(objects);
        // Pods are created in Parallel: which of the four the scheduler leaves out is not fixed.
        const pending = await eventually("three pods scheduled, one unschedulable", () => {
            const all = pods("postgres-prod4");
            if (all.length !== 4 || all.filter(p => p.spec.nodeName).length !== 3) return undefined;
            const conds = all.map(p => p.status.conditions?.find((c: any) => c.type === "PodScheduled"));
            const unschedulable = conds.filter(c => c?.status === "False");
            return unschedulable.length === 1 ? unschedulable[0] : undefined;
        }, 300);
        assert.match(pending.message, /anti-affinity/);
        assert.strictEqual(new Set(pods("postgres-prod4").map(p => p.spec.nodeName).filter(Boolean)).size, 3);
    });
});
