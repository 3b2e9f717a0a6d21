/**
 * What the cnpg real-node tests share: the stack as the operator's Cluster(s) on real nodes, node 1's
 * network for the operator, the images built by scripts/images-build.sh, a finished plugin Backup
 * checked against the S3 store, and a primary pod's deletion under a client write loop.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { clusterDir, getJson, kubectl, mustKubectl } from "../helpers/kube";
import { imageCache } from "../helpers/realNodes";
import { eventually, RealStack } from "../helpers/realStack";
import { repoRoot } from "../helpers/stack-config";
import { longestGap, Writer, WriterResult } from "../helpers/writerPod";
import { OperatorNetwork } from "./operator";
import { S3Server } from "./s3";

export const healthy = "Cluster in healthy state";

/** The image scripts/images-build.sh built from recipe images/<recipe>.sh. */
export function imageName(recipe: string): string {
    return fs.readFileSync(path.join(imageCache, `${recipe}.name`), "utf8").trim();
}

/** Node 1's network namespace and address, the API server as the nodes reach it, the cluster DNS, the gateway. */
export function nodeNetwork(): Required<OperatorNetwork> & { gateway: string } {
    const out = execFileSync("bash", ["-c", `source "${path.join(repoRoot, "scripts", "nodes-env.sh")}"; echo "$(node_netns 1) $(node_ip 1) $NODES_GATEWAY $NODES_DNS_IP"`],
        { env: { ...process.env, DIR: clusterDir } }).toString().trim().split(" ");
    return {
        netns: out[0], address: out[1], apiServer: `https://${out[2]}:${process.env.CLUSTER_API_PORT ?? "26443"}`,
        clusterDns: out[3], gateway: out[2],
    };
}

/** A stack under cnpg: its instances are the operator's pods, labelled cnpg.io/*. */
export class CnpgStack extends RealStack {
    get image(): string {
        return (this.object("Cluster", "pg") as any).spec.imageName;
    }

    cluster(name = "pg"): any {
        return getJson(["-n", this.namespace, "get", "clusters.postgresql.cnpg.io", name]);
    }

    clusterPods(name = "pg"): any[] {
        return getJson(["-n", this.namespace, "get", "pods", "-l", `cnpg.io/cluster=${name},cnpg.io/podRole=instance`]).items
            .sort((a: any, b: any) => a.metadata.name.localeCompare(b.metadata.name));
    }

    pods(): any[] {
        return this.clusterPods("pg");
    }

    async primary(seconds = 120): Promise<string> {
        return eventually(`one primary in ${this.namespace}`, () => {
            const p = this.pods().filter(p => p.metadata.labels["cnpg.io/instanceRole"] === "primary" && !p.metadata.deletionTimestamp);
            return p.length === 1 ? p[0].metadata.name : undefined;
        }, seconds);
    }

    /** psql as postgres over the instance's socket (PGHOST=/controller/run, peer), in the app database. */
    sql(pod: string, sql: string): string {
        return mustKubectl(["-n", this.namespace, "exec", pod, "-c", "postgres", "--",
            "psql", "-d", String(this.config("appDatabase")), "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql]).trim();
    }

    /** Healthy, every instance ready, nothing being deleted; returns the Cluster. */
    async waitHealthy(seconds: number, name = "pg", instances = this.instances): Promise<any> {
        return eventually(`Cluster ${name} ${healthy} with ${instances} ready instances`, () => {
            const r = kubectl(["-n", this.namespace, "get", "clusters.postgresql.cnpg.io", name, "-o", "json"]);
            if (r.status !== 0) return undefined;
            const c = JSON.parse(r.stdout);
            const pods = this.clusterPods(name);
            return c.status?.phase === healthy && c.status.readyInstances === instances
                && pods.length === instances && pods.every(p => !p.metadata.deletionTimestamp) ? c : undefined;
        }, seconds);
    }

    backups(): any[] {
        return getJson(["-n", this.namespace, "get", "backups.postgresql.cnpg.io"]).items;
    }

    /** Table `pitr`'s rows per tag on `pod`, as "tag=count ..." sorted by tag. */
    pitrCounts(pod: string): string {
        return this.sql(pod, "SELECT string_agg(tag || '=' || c, ' ' ORDER BY tag) FROM (SELECT tag, count(*) c FROM pitr GROUP BY tag) x");
    }
}

/** Waits for the Backup to finish, checks it and its files under `<prefix>/pg` in the store; returns its status. */
export async function finishedBackup(stack: CnpgStack, s3: S3Server, bucket: string, prefix: string, name: string): Promise<any> {
    const backup = await eventually(`Backup ${name} completed or failed`, () => {
        const r = kubectl(["-n", stack.namespace, "get", "backups.postgresql.cnpg.io", name, "-o", "json"]);
        const b = r.status === 0 ? JSON.parse(r.stdout) : undefined;
        return b?.status?.phase === "completed" || b?.status?.phase === "failed" ? b : undefined;
    }, 900);
    const s = backup.status;
    console.log(`      Backup ${name}: phase ${s.phase}, method ${s.method}, id ${s.backupId}, from ${s.instanceID?.podName}, `
        + `WAL ${s.beginWal}..${s.endWal}, ${((Date.parse(s.stoppedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1)} s (startedAt..stoppedAt)`);
    assert.strictEqual(s.phase, "completed", JSON.stringify(s));
    assert.strictEqual(backup.spec.method, "plugin");
    assert.strictEqual(s.method, "plugin");
    assert.match(s.backupId, /^\d{8}T\d{6}$/);
    const base = `${prefix}/pg/base/${s.backupId}`;
    const files = s3.objects(bucket, base);
    console.log(`      in the store: ${files.join(", ")}`);
    assert.ok(files.includes(`${base}/backup.info`));
    assert.ok(files.includes(`${base}/data.tar.gz`));
    const info = s3.read(bucket, `${base}/backup.info`);
    assert.match(info, /^status=DONE$/m, info);
    return s;
}

export interface FailoverResult {
    /** When the pod was deleted (epoch ms). */
    t0: number;
    old: string;
    promoted: string;
    promotedAfter: number;
    firstWrite: number;
    gap: number;
    rejoined: number;
    result: WriterResult;
}

/**
 * Deletes the primary pod (with `gracePeriod`, or the pod's own) while a client writes through
 * pg-rw; waits for the promotion, writes again, and the old primary back as a replica on its claim.
 */
export async function deletePrimary(stack: CnpgStack, name: string, gracePeriod?: number): Promise<FailoverResult> {
    const writer = new Writer(stack, name);
    await writer.start();
    await writer.moreAcks(20);
    const old = await stack.primary();
    const t0 = Date.now();
    mustKubectl(["-n", stack.namespace, "delete", "pod", old, "--wait=false", ...(gracePeriod === undefined ? [] : [`--grace-period=${gracePeriod}`])]);
    const promoted = await eventually("another instance promoted", () => {
        const c = stack.cluster();
        return c.status?.currentPrimary && c.status.currentPrimary !== old ? c.status.currentPrimary as string : undefined;
    }, 300);
    const promotedAfter = (Date.now() - t0) / 1000;
    await writer.moreAcks(20, 300);
    const gap = longestGap(writer.acks(), t0);
    const firstWrite = await writer.firstAckAfter(t0 + promotedAfter * 1000) + promotedAfter;
    const back = await stack.waitHealthy(600);
    const rejoined = (Date.now() - t0) / 1000;
    const result = await writer.stop();
    assert.strictEqual(back.status.currentPrimary, promoted);
    assert.strictEqual(await stack.primary(), promoted);
    assert.strictEqual(stack.sql(old, "SELECT pg_is_in_recovery()"), "t", `${old} rejoined as a replica`);
    assert.ok(result.acked.length > 40);
    // The old primary's pod was re-created by the operator on its claim, not re-initialised.
    assert.strictEqual(kubectl(["-n", stack.namespace, "get", "pvc", old]).status, 0);
    return { t0, old, promoted, promotedAfter, firstWrite, gap, rejoined, result };
}
