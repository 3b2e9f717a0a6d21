/**
 * What the cnpg real-node tests share: the stack as the operator's Cluster(s) on real nodes, node 1's
 * network for the operator, the images built by scripts/images-build.sh, a primary pod's deletion
 * under a client write loop, and the nodes with operator, plugin and S3 server that the backup
 * tests start (with their finished Backups checked against the store).
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { barmanBackupId } from "../../specs/cnpg/cluster";
import { clusterDir, getJson, kubectl, mustKubectl } from "../helpers/kube";
import { imageCache, realClusterDown, realClusterUp } from "../helpers/realNodes";
import { eventually, RealStack } from "../helpers/realStack";
import { repoRoot } from "../helpers/stack-config";
import { longestGap, Writer, WriterResult } from "../helpers/writerPod";
import { buildOperator, Operator, OperatorNetwork } from "./operator";
import { installPlugin, pluginLog, pluginName } from "./plugin";
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

    /** Waits until the Cluster's current primary is another instance than `old`; returns it. */
    async promotedOver(old: string, seconds = 300): Promise<string> {
        return eventually(`another instance than ${old} promoted`, () => {
            const c = this.cluster();
            return c.status?.currentPrimary && c.status.currentPrimary !== old ? c.status.currentPrimary as string : undefined;
        }, seconds);
    }

    /**
     * The recovery Cluster's full-recovery Job (as created) and its log. The operator deletes the
     * Job once it succeeded, so the log (PostgreSQL's recovery messages, through the instance
     * manager) is read while it runs.
     */
    async recoveryJob(cluster: string): Promise<{ job: any; log: string }> {
        const name = `${cluster}-1-full-recovery`;
        const job = await eventually(`Job ${name}`, () => {
            const r = kubectl(["-n", this.namespace, "get", "job", name, "-o", "json"]);
            return r.status === 0 ? JSON.parse(r.stdout) : undefined;
        }, 600);
        let log = "";
        await eventually(`Job ${name} finished`, () => {
            const logs = kubectl(["-n", this.namespace, "logs", `job/${name}`, "--all-containers"]);
            if (logs.status === 0 && logs.stdout.length > log.length) log = logs.stdout;
            const r = kubectl(["-n", this.namespace, "get", "job", name, "-o", "json"]);
            if (r.status !== 0) return true;
            const j = JSON.parse(r.stdout);
            return j.status?.succeeded || j.status?.failed ? true : undefined;
        }, 1200);
        return { job, log };
    }

    backups(): any[] {
        return getJson(["-n", this.namespace, "get", "backups.postgresql.cnpg.io"]).items;
    }

    /** Table `pitr`'s rows per tag on `pod`, as "tag=count ..." sorted by tag. */
    pitrCounts(pod: string): string {
        return this.sql(pod, "SELECT string_agg(tag || '=' || c, ' ' ORDER BY tag) FROM (SELECT tag, count(*) c FROM pitr GROUP BY tag) x");
    }
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
    const promoted = await stack.promotedOver(old);
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

/**
 * Real nodes with what cnpg backups need: the operator in node 1's network namespace with the
 * cluster DNS, the Barman Cloud plugin from its manifest, and versitygw with bucket `bucket`
 * (HTTPS with a private CA when `tls`). `prefix` is fresh per run: the plugin refuses to archive
 * into a non-empty WAL archive.
 */
export class PluginNodes {
    readonly bucket = "backups";
    readonly credentialsSecret = "pg-backup-s3";
    readonly prefix: string;
    tmp = "";
    operator?: Operator;
    s3?: S3Server;

    constructor(private readonly name: string, private readonly nodes: number, private readonly tls: boolean) {
        this.prefix = `${name}-${new Date().toISOString().replace(/[-:.]/g, "").toLowerCase()}`;
    }

    async start(): Promise<void> {
        this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `pgk8s-cnpg-${this.name}-`));
        buildOperator();
        realClusterUp(this.nodes);
        const network = nodeNetwork();
        this.s3 = await S3Server.start(this.tmp, network.gateway, [this.bucket], { tls: this.tls });
        this.operator = await Operator.start(this.tmp, network, { PGBOUNCER_IMAGE_NAME: imageName("pgbouncer") });
        const t0 = Date.now();
        await installPlugin(this.tmp, { plugin: imageName("barman-cloud-plugin"), sidecar: imageName("barman-cloud-sidecar") }, this.operator);
        console.log(`      plugin ${pluginName} v0.14.0 Available and registered by the operator ${((Date.now() - t0) / 1000).toFixed(1)} s after its manifest was applied; `
            + `S3 at ${this.s3.endpoint}, prefix ${this.prefix}`);
    }

    /** The stack's backup keys for this store. */
    backupConfig(): Record<string, unknown> {
        return {
            backupDestinationPath: `s3://${this.bucket}/${this.prefix}`,
            backupEndpointURL: this.s3!.endpoint,
            backupCredentialsSecret: this.credentialsSecret,
            archiveTimeoutSeconds: 60,
        };
    }

    /** The credentials Secret the user creates beside the stack (docs/cnpg.md), in a namespace made if missing. */
    createCredentials(namespace: string): void {
        if (kubectl(["get", "namespace", namespace]).status !== 0) mustKubectl(["create", "namespace", namespace]);
        mustKubectl(["-n", namespace, "create", "secret", "generic", this.credentialsSecret,
            `--from-literal=ACCESS_KEY_ID=${this.s3!.accessKey}`, `--from-literal=ACCESS_SECRET_KEY=${this.s3!.secretKey}`]);
    }

    /** Waits for the Backup of Cluster pg to finish, checks it and its files in the store; returns its status. */
    async finishedBackup(stack: CnpgStack, name: string): Promise<any> {
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
        assert.match(s.backupId, barmanBackupId);
        const base = `${this.prefix}/pg/base/${s.backupId}`;
        const files = this.s3!.objects(this.bucket, base);
        console.log(`      in the store: ${files.join(", ")}`);
        assert.ok(files.includes(`${base}/backup.info`));
        assert.ok(files.includes(`${base}/data.tar.gz`));
        const info = this.s3!.read(this.bucket, `${base}/backup.info`);
        assert.match(info, /^status=DONE$/m, info);
        return s;
    }

    printFailure(): void {
        if (this.operator) console.log(`operator log (tail):\n${this.operator.tail(30)}`);
        console.log(`plugin log (tail):\n${pluginLog(30)}`);
        if (this.s3) console.log(`versitygw log (tail):\n${this.s3.tail(10)}\naccess log (tail):\n${this.s3.accessLog().trimEnd().split("\n").slice(-10).join("\n")}`);
    }

    async stop(): Promise<void> {
        if (this.operator) await this.operator.stop();
        if (this.s3) await this.s3.stop();
        realClusterDown();
        if (this.tmp && process.env.NODES_KEEP_TMP !== "1") fs.rmSync(this.tmp, { recursive: true, force: true });
    }
}
