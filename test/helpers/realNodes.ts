/**
 * The local cluster with real nodes (scripts/cluster-up.sh --real-nodes N): no simulated node,
 * kubelets running real containers. Also kills and brings back one node for failure scenarios.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cache, clusterDir, getJson } from "./kube";
import { repoRoot } from "./stack-config";

function script(name: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): void {
    execFileSync("bash", [path.join(repoRoot, "scripts", name), ...args], { stdio: "inherit", env: { ...process.env, ...env } });
}

function timed(f: () => void): number {
    const t0 = Date.now();
    f();
    return (Date.now() - t0) / 1000;
}

export interface SetupTimes {
    /** Building the node binaries that were missing or stale (0 when all were cached). */
    toolsSeconds: number;
    /** Building the images that were missing or stale. */
    imagesSeconds: number;
    /** cluster-up: control plane, nodes (image import included), CoreDNS ready. */
    clusterUpSeconds: number;
}

/** Builds what is missing (tools, images) and starts the control plane with `nodes` real nodes only. */
export function realClusterUp(nodes: number): SetupTimes {
    const toolsSeconds = timed(() => script("tools-build.sh", [], {
        TOOLS_ONLY: "etcd kube-apiserver kube-controller-manager kube-scheduler kwok kubelet kube-proxy kubectl coredns",
    }));
    const imagesSeconds = timed(() => script("images-build.sh"));
    const clusterUpSeconds = timed(() => script("cluster-up.sh", ["--real-nodes", String(nodes)], { CLUSTER_NODES: "0" }));
    return { toolsSeconds, imagesSeconds, clusterUpSeconds };
}

export function realClusterDown(): void {
    script("cluster-down.sh", [], { CLUSTER_WIPE: "1" });
}

/** The node dies: its kubelet, kube-proxy, containerd and every container get SIGKILL. */
export function killNode(node: string): void {
    script("node-down.sh", [nodeNumber(node), "--kill"]);
}

/** The node comes back with its state (containerd, kubelet root, volumes). */
export function restartNode(node: string): void {
    script("node-up.sh", [nodeNumber(node)]);
}

function nodeNumber(node: string): string {
    const m = /^node-(\d+)$/.exec(node);
    if (!m) throw new Error(`not a real node name: ${node}`);
    return m[1];
}

export function nodeReady(node: string): boolean {
    const n = getJson(["get", "node", node]);
    return n.status.conditions.some((c: any) => c.type === "Ready" && c.status === "True");
}

/** Memory charged to each node's cgroup (its containerd, kubelet, kube-proxy and pods), MiB. */
export function nodeMemoryMiB(): Record<string, number> {
    const out: Record<string, number> = {};
    const nodesDir = path.join(clusterDir, "nodes");
    for (const d of fs.readdirSync(nodesDir).filter(d => d.startsWith("node-")).sort()) {
        const cg = fs.readFileSync(path.join(nodesDir, d, "cgroup"), "utf8").trim();
        const stat = fs.readFileSync(`/sys/fs/cgroup/memory/${cg}/memory.stat`, "utf8");
        const rss = Number(/^total_rss (\d+)$/m.exec(stat)?.[1] ?? 0);
        out[d] = Math.round(rss / 2 ** 20);
    }
    return out;
}

export const imageCache = path.join(cache, "images");
