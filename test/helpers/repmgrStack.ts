/**
 * The dev stack switched to `topology: repmgr` on the real nodes (test/nodes/repmgr*.nodes.ts):
 * the instances decide their roles themselves (no role labels), so the primary is the one
 * instance not in recovery, and repmgr's own view is `repmgr cluster show`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { kubectl, mustKubectl } from "./kube";
import { imageCache } from "./realNodes";
import { eventually, RealStack } from "./realStack";
import { WriterResult } from "./writerPod";
import { Figures } from "../nodes/figures";

/** One row of `repmgr cluster show`. */
export interface RepmgrMember { name: string; role: string; status: string; upstream: string }

/** The dev stack under repmgr: the instances decide their roles themselves; no role labels. */
export class RepmgrStack extends RealStack {
    /** Instances not being deleted whose server answers pg_is_in_recovery() with `recovery`. */
    private serving(recovery: "t" | "f"): string[] {
        return this.pods().filter(p => !p.metadata.deletionTimestamp && p.status.phase === "Running").map(p => p.metadata.name).filter(n => {
            const r = kubectl(["-n", this.namespace, "exec", n, "-c", "postgres", "--",
                "psql", "-h", "/run/postgres-k8s", "-U", "postgres", "-d", "postgres", "-XAtq", "-c", "SELECT pg_is_in_recovery()"]);
            return r.status === 0 && r.stdout.trim() === recovery;
        });
    }

    /** The one instance that is not in recovery (waits for exactly one). */
    override async primary(seconds = 120): Promise<string> {
        return eventually(`one primary in ${this.namespace}`, () => {
            const p = this.serving("f");
            return p.length === 1 ? p[0] : undefined;
        }, seconds);
    }

    /** `repmgr cluster show` as run on `pod` (its repmgrd container, its own repmgr.conf). */
    clusterShow(pod: string): RepmgrMember[] {
        const ordinal = pod.replace(/^.*-/, "");
        const out = mustKubectl(["-n", this.namespace, "exec", pod, "-c", "repmgrd", "--", "env", "PGPASSFILE=/run/postgres-k8s/pgpass",
            "repmgr", "-f", `/etc/postgres-k8s/config/repmgr-${ordinal}.conf`, "cluster", "show"]);
        return out.split("\n").map(l => l.split("|").map(c => c.trim())).filter(c => c.length > 4 && /^\d+$/.test(c[0]))
            .map(c => ({ name: c[1], role: c[2], status: c[3], upstream: c[4] }))
            .sort((a, b) => a.name.localeCompare(b.name));
    }

    /** repmgr (seen from the primary) shows `primary` running and every other instance a running standby upstream of it. */
    async waitRepmgrHealthy(seconds = 300): Promise<string> {
        const primary = await this.waitStreaming(seconds);
        await eventually(`repmgr cluster show: ${primary} primary, the others standbys of it`, () => {
            try {
                const m = this.clusterShow(primary);
                return m.length === this.instances && m.every(x => (x.name === primary
                    ? x.role === "primary" && x.status === "* running"
                    : x.role === "standby" && x.status === "running" && x.upstream === primary)) ? true : undefined;
            } catch {
                return undefined;
            }
        }, seconds);
        return primary;
    }

    /** The pgpool Deployment has every replica ready. */
    async waitPgpoolReady(seconds = 300): Promise<any> {
        return eventually("Deployment pg-pgpool: every pod ready", () => {
            const r = kubectl(["-n", this.namespace, "get", "deployment", "pg-pgpool", "-o", "json"]);
            if (r.status !== 0) return undefined;
            const d = JSON.parse(r.stdout);
            return d.status.observedGeneration === d.metadata.generation && d.status.readyReplicas === d.spec.replicas
                && d.status.updatedReplicas === d.spec.replicas && d.status.replicas === d.spec.replicas ? d : undefined;
        }, seconds);
    }

    /** Waits for an instance other than `old` to be primary; returns it and the seconds since `t0`. */
    async promotedAfter(old: string, t0: number, seconds = 300): Promise<{ promoted: string; seconds: number }> {
        const promoted = await eventually(`a standby other than ${old} promoted`, () => {
            try {
                const p = this.pods().filter(x => !x.metadata.deletionTimestamp).map(x => x.metadata.name).filter(n => n !== old)
                    .filter(n => this.sql(n, "SELECT pg_is_in_recovery()") === "f");
                return p.length === 1 ? p[0] : undefined;
            } catch {
                return undefined;
            }
        }, seconds);
        return { promoted, seconds: (Date.now() - t0) / 1000 };
    }
}

/**
 * dev switched to repmgr as a user would: the repmgr image (refused while `image` is the official
 * one), three instances, zero-loss synchronous replication, and pgpool's children within dev's
 * max_connections 50 (2 pgpool pods × 7 children × max_pool 2 = 28 ≤ 50 - 20 kept for repmgr,
 * replication and backups; the default 32 is refused). Call after the images are built.
 */
export function repmgrDevStack(): RepmgrStack {
    const dev = new RealStack("dev", "postgres-dev", 2, {});
    return new RepmgrStack("dev", "postgres-dev", 3, {
        topology: "repmgr",
        instances: 3,
        image: fs.readFileSync(path.join(imageCache, "repmgr.name"), "utf8").trim(),
        postgresqlParameters: { ...(dev.config("postgresqlParameters") as object), synchronous_standby_names: "ANY 1 (*)" },
        pgpoolNumInitChildren: 7,
    });
}

/** Records a scenario and asserts what every one must hold: commits acknowledged, none lost. */
export function recordFailover(figures: Figures, scenario: string, r: WriterResult, outageSeconds: number, note: string): void {
    figures.scenarios.push({ scenario, stack: "dev (repmgr)", outageSeconds, acked: r.acked.length, lost: r.lost.length, note });
    assert.ok(r.acked.length > 40, `the writer had acknowledged commits (${r.acked.length})`);
    assert.deepStrictEqual(r.lost, [], `acknowledged commits lost: ${r.lost.join(",")}`);
}
