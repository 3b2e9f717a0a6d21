/** kubectl against the local control plane of scripts/cluster-up.sh. */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { repoRoot } from "./stack-config";
import { KubeObject } from "./manifests";

export const cache = process.env.POSTGRES_K8S_CACHE ?? path.join(os.homedir(), ".cache", "postgres-k8s");
export const clusterDir = process.env.POSTGRES_K8S_CLUSTER_DIR ?? path.join(cache, "cluster");
export const adminKubeconfig = path.join(clusterDir, "kubeconfig");

export interface KubectlResult { status: number; stdout: string; stderr: string }

/** Runs kubectl; `kubeconfig` defaults to the cluster admin's. Never throws. */
export function kubectl(args: string[], o: { input?: string; kubeconfig?: string } = {}): KubectlResult {
    const r = spawnSync("kubectl", args, {
        input: o.input, encoding: "utf8", timeout: 180_000,
        env: { ...process.env, KUBECONFIG: o.kubeconfig ?? adminKubeconfig },
    });
    return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** kubectl that must succeed; returns stdout. */
export function mustKubectl(args: string[], o: { input?: string; kubeconfig?: string } = {}): string {
    const r = kubectl(args, o);
    if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
}

export function getJson(args: string[]): any {
    return JSON.parse(mustKubectl([...args, "-o", "json"]));
}

export function script(name: string, env: NodeJS.ProcessEnv = {}): void {
    execFileSync("bash", [path.join(repoRoot, "scripts", name)], { stdio: "inherit", env: { ...process.env, ...env } });
}

/** Builds (or reuses) the control-plane binaries and starts the cluster. */
export function clusterUp(): void {
    script("tools-build.sh", { TOOLS_ONLY: "etcd kube-apiserver kube-controller-manager kube-scheduler kwok" });
    script("cluster-up.sh");
}

export function clusterDown(): void {
    script("cluster-down.sh", { CLUSTER_WIPE: "1" });
}

/**
 * A kubeconfig that authenticates with a ServiceAccount token, as a container using that
 * ServiceAccount would. The file lives in the suite's temp dir, removed by the caller; the
 * token expires after `duration` (10 minutes).
 */
export function serviceAccountKubeconfig(namespace: string, account: string, dir: string, duration = "10m"): string {
    const token = mustKubectl(["-n", namespace, "create", "token", account, `--duration=${duration}`]).trim();
    const admin = YAML.parse(fs.readFileSync(adminKubeconfig, "utf8"));
    const cluster = admin.clusters[0];
    const file = path.join(dir, `${account}.kubeconfig`);
    fs.writeFileSync(file, YAML.stringify({
        apiVersion: "v1", kind: "Config",
        clusters: [cluster],
        users: [{ name: account, user: { token } }],
        contexts: [{ name: account, context: { cluster: cluster.name, user: account, namespace } }],
        "current-context": account,
    }), { mode: 0o644 });
    // The role labeller runs as the postgres user in the e2e pods: the token must be readable to it.
    fs.chmodSync(dir, 0o755);
    return file;
}

/** Server-side apply of a stack's objects, namespaces first (the namespaced objects need them). */
export function applyObjects(objects: KubeObject[]): void {
    const namespaces = objects.filter(o => o.kind === "Namespace");
    const rest = objects.filter(o => o.kind !== "Namespace");
    for (const group of [namespaces, rest]) {
        if (group.length === 0) continue;
        mustKubectl(["apply", "--server-side", "--field-manager=postgres-k8s-e2e", "-f", "-"],
            { input: JSON.stringify({ apiVersion: "v1", kind: "List", items: group }) });
    }
}
