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
    /** cluster-up: control plane, nodes (image import included), CoreDNS ready; or the reset of a shared cluster. */
    clusterUpSeconds: number;
    /** The tier's shared cluster was reset (scripts/cluster-reset.sh) rather than started. */
    reused: boolean;
}

/**
 * The real-node tier's files share one cluster (test/nodes/shared-cluster.ts, its root hooks):
 * the first file starts it with `size` nodes, each later file gets it back reset to cluster-up's
 * state (no namespace of an earlier file, every volume wiped and Available). A file run alone
 * starts and stops its own.
 */
const sharedCluster = { size: 0, running: false };

export function shareRealCluster(size: number): void {
    sharedCluster.size = size;
}

/** Stops the shared cluster (the tier's last step), as a file's own: unless NODES_KEEP_CLUSTER=1. */
export function stopSharedRealCluster(): void {
    sharedCluster.running = false;
    realClusterDown();
}

/** Builds what is missing (tools, images) and starts the control plane with `nodes` real nodes only. */
export function realClusterUp(nodes: number): SetupTimes {
    if (sharedCluster.size && nodes > sharedCluster.size) {
        throw new Error(`a test asks for ${nodes} real nodes; the tier's shared cluster has ${sharedCluster.size} (test/nodes/shared-cluster.ts)`);
    }
    if (sharedCluster.running) {
        return { toolsSeconds: 0, imagesSeconds: 0, clusterUpSeconds: timed(() => script("cluster-reset.sh")), reused: true };
    }
    const toolsSeconds = timed(() => script("tools-build.sh", [], {
        TOOLS_ONLY: "etcd kube-apiserver kube-controller-manager kube-scheduler kwok kubelet kube-proxy kubectl coredns",
    }));
    const imagesSeconds = timed(() => script("images-build.sh"));
    const count = Math.max(nodes, sharedCluster.size);
    const clusterUpSeconds = timed(() => script("cluster-up.sh", ["--real-nodes", String(count)], { CLUSTER_NODES: "0" }));
    sharedCluster.running = sharedCluster.size > 0;
    return { toolsSeconds, imagesSeconds, clusterUpSeconds, reused: false };
}

/** The figures row of a file's cluster set-up: its own cluster-up, or the reset of the shared one. */
export function clusterSetupRow(t: SetupTimes, nodes: number): string {
    return t.reused
        ? `| this run: reset of the tier's shared cluster (scripts/cluster-reset.sh: namespaces deleted, volumes wiped) | ${t.clusterUpSeconds.toFixed(1)} |`
        : `| this run: cluster-up with ${Math.max(nodes, sharedCluster.size)} real nodes (control plane, image import, CoreDNS Ready) | ${t.clusterUpSeconds.toFixed(1)} |`;
}

/** A file's own cluster goes down (unless NODES_KEEP_CLUSTER=1); the shared one stays for the next file. */
export function realClusterDown(): void {
    if (sharedCluster.running || process.env.NODES_KEEP_CLUSTER === "1") return;
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
