/**
 * The repmgr topology on real nodes (kubelet, containerd, runc, CNI bridge, kube-proxy, CoreDNS;
 * scripts/cluster-up.sh --real-nodes 3): repmgr 5.3 + repmgrd and pgpool-II 4.3 in the image
 * images/repmgr.sh builds from the same Debian packages the real-process tests run. The dev stack
 * switched to `topology: repmgr` (three instances, `ANY 1 (*)` synchronous replication so no
 * acknowledged commit may be lost) is applied as `pulumi up` would; a client pod writes through
 * pg-rw (pgpool) while the primary pod is deleted, then while the primary's node dies: repmgrd
 * must promote a standby on its own, pgpool must route the writes to it, the old primary must
 * come back as a standby, and every acknowledged commit must be there. Figures go to docs/repmgr.md.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { getJson, kubectl, mustKubectl } from "../helpers/kube";
import { imageCache, killNode, nodeReady, realClusterDown, realClusterUp, restartNode } from "../helpers/realNodes";
import { eventually, RealStack } from "../helpers/realStack";
import { longestGap, runClient, Writer, WriterResult } from "../helpers/writerPod";
import { Figures } from "./figures";

const realNodes = 3;
const figures = new Figures("repmgr.md");

/** One row of `repmgr cluster show`. */
interface RepmgrMember { name: string; role: string; status: string; upstream: string }

/** The dev stack under repmgr: the instances decide their roles themselves; no role labels. */
class RepmgrStack extends RealStack {
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
}

let stack: RepmgrStack;

function podUid(pod: string): string | undefined {
    const r = kubectl(["-n", stack.namespace, "get", "pod", pod, "-o", "jsonpath={.metadata.uid}"]);
    return r.status === 0 ? r.stdout : undefined;
}

/** Records a scenario and asserts what every one must hold: commits acknowledged, none lost. */
function record(scenario: string, r: WriterResult, outageSeconds: number, note: string): void {
    figures.scenarios.push({ scenario, stack: "dev (repmgr)", outageSeconds, acked: r.acked.length, lost: r.lost.length, note });
    assert.ok(r.acked.length > 40, `the writer had acknowledged commits (${r.acked.length})`);
    assert.deepStrictEqual(r.lost, [], `acknowledged commits lost: ${r.lost.join(",")}`);
}

/** Waits for an instance other than `old` to be primary; returns it and the seconds since `t0`. */
async function promotedAfter(old: string, t0: number): Promise<{ promoted: string; seconds: number }> {
    const promoted = await eventually(`a standby other than ${old} promoted`, () => {
        try {
            const p = stack.pods().filter(x => !x.metadata.deletionTimestamp).map(x => x.metadata.name).filter(n => n !== old)
                .filter(n => stack.sql(n, "SELECT pg_is_in_recovery()") === "f");
            return p.length === 1 ? p[0] : undefined;
        } catch {
            return undefined;
        }
    }, 300);
    return { promoted, seconds: (Date.now() - t0) / 1000 };
}

describe("real nodes: the repmgr topology (repmgr 5.3, repmgrd, pgpool 4.3 from Debian's packages)", function () {
    this.timeout(60 * 60_000);

    before(() => {
        const t = realClusterUp(realNodes);
        figures.setup.push(
            `| this run: images (0 when cached; the repmgr image cold: ${fs.readFileSync(path.join(imageCache, "repmgr.time"), "utf8").trim().split(" ")[1]} s) | ${t.imagesSeconds.toFixed(1)} |`,
            `| this run: cluster-up with ${realNodes} real nodes (control plane, image import, CoreDNS Ready) | ${t.clusterUpSeconds.toFixed(1)} |`,
        );
        const dev = new RealStack("dev", "postgres-dev", 2, {});
        // dev switched to repmgr as a user would: the repmgr image (refused while `image` is the
        // official one), three instances, zero-loss synchronous replication, and pgpool's
        // children within dev's max_connections 50 (2 pgpool pods × 7 children × max_pool 2 =
        // 28 ≤ 50 - 20 kept for repmgr, replication and backups; the default 32 is refused).
        stack = new RepmgrStack("dev", "postgres-dev", 3, {
            topology: "repmgr",
            instances: 3,
            image: fs.readFileSync(path.join(imageCache, "repmgr.name"), "utf8").trim(),
            postgresqlParameters: { ...(dev.config("postgresqlParameters") as object), synchronous_standby_names: "ANY 1 (*)" },
            pgpoolNumInitChildren: 7,
        });
    });
    after(function () {
        figures.write();
        if (process.env.NODES_KEEP_CLUSTER !== "1") realClusterDown();
    });

    it("comes up: every pod Running and Ready, repmgr shows one primary and two standbys, pgpool Ready", async () => {
        const t0 = Date.now();
        await stack.apply();
        await stack.waitReady(900);
        await stack.waitPgpoolReady(300);
        const seconds = (Date.now() - t0) / 1000;
        figures.readyAfterApply.push({ stack: "dev (repmgr, 3 instances, 2 pgpool)", seconds });
        const pods = stack.pods();
        assert.deepStrictEqual(pods.map(p => p.metadata.name), ["pg-0", "pg-1", "pg-2"]);
        for (const p of pods) {
            assert.match(p.spec.nodeName, /^node-\d$/);
            assert.strictEqual(p.spec.shareProcessNamespace, true, "repmgrd's fence signals the postmaster");
            assert.deepStrictEqual(p.spec.containers.map((c: any) => [c.name, c.image]), [["postgres", stack.config("image")], ["repmgrd", stack.config("image")]]);
        }
        const primary = await stack.waitRepmgrHealthy();
        assert.strictEqual(primary, "pg-0", "ordinal 0 initialises the cluster");
        const members = stack.clusterShow(primary);
        console.log(`      repmgr cluster show on ${primary}: ${members.map(m => `${m.name} ${m.role} ${m.status}`).join(", ")}; ready ${seconds.toFixed(1)} s after apply`);
        assert.deepStrictEqual(members.map(m => m.role), ["primary", "standby", "standby"]);
        assert.strictEqual(stack.sql(primary, "SHOW synchronous_standby_names"), "ANY 1 (*)");
        assert.match(stack.exec(primary, ["repmgr", "--version"], "repmgrd"), /^repmgr 5\.3\./);
        const pgpool = getJson(["-n", stack.namespace, "get", "pods", "-l", "app.kubernetes.io/component=pgpool"]).items;
        assert.strictEqual(pgpool.length, stack.config("pgpoolReplicas"));
        assert.match(stack.exec(pgpool[0].metadata.name, ["bash", "-c", "pgpool --version 2>&1"], pgpool[0].spec.containers[0].name), /pgpool-II version 4\.3\./);
    });

    it("a client writes through pg-rw (pgpool) as the app user; pgpool sees the primary and both standbys up", async () => {
        const log = await runClient(stack, "pgpool-client", [
            "set -euo pipefail",
            "psql -XAtq -v ON_ERROR_STOP=1 -c 'CREATE TABLE IF NOT EXISTS via_pgpool(n int)' -c 'INSERT INTO via_pgpool VALUES (1)'",
            "echo \"user $(psql -XAt -c 'SELECT current_user')\"",
            // pgpool's own command: it answers only through pgpool.
            "psql -XAt -F ' ' -c 'SHOW pool_nodes' | awk '{print \"node\", $2, $4, $5, $7}'",
        ].join("\n"));
        console.log(`      through pg-rw: ${log.trim().split("\n").join(" | ")}`);
        assert.match(log, new RegExp(`^user ${stack.config("appUser")}$`, "m"));
        // status: pgpool's (attached; "waiting" until a child first connects), pg_status: its health check.
        const nodes = [...log.matchAll(/^node (\S+) (\S+) (\S+) (\S+)$/gm)]
            .map(m => `${m[1].split(".")[0]} ${m[2].replace("waiting", "up")} ${m[3]} ${m[4]}`).sort();
        assert.deepStrictEqual(nodes, ["pg-0 up up primary", "pg-1 up up standby", "pg-2 up up standby"]);
        assert.strictEqual(stack.sql("pg-0", "SELECT count(*) FROM via_pgpool"), "1", "written on the primary");
    });

    it("the primary pod deleted (default grace): repmgrd promotes a standby, pgpool routes writes to it, the old primary rejoins as a standby; none acknowledged is lost", async () => {
        const old = await stack.waitRepmgrHealthy();
        const writer = new Writer(stack, "repmgr-delete-primary");
        await writer.start();
        await writer.moreAcks(20);
        const uid = podUid(old);
        const t0 = Date.now();
        mustKubectl(["-n", stack.namespace, "delete", "pod", old, "--wait=false"]);
        const { promoted, seconds } = await promotedAfter(old, t0);
        const firstWrite = await writer.firstAckAfter(t0 + seconds * 1000) + seconds;
        await writer.moreAcks(20, 300);
        await eventually(`${old} re-created`, () => (podUid(old) !== uid ? true : undefined), 600);
        await stack.waitReady(600);
        assert.strictEqual(await stack.waitRepmgrHealthy(), promoted);
        const rejoined = (Date.now() - t0) / 1000;
        const r = await writer.stop();
        const gap = longestGap(r.acked, t0);
        const grace = stack.config("terminationGracePeriodSeconds");
        // When the preStop's fast shutdown had finished (1 s resolution): the rejoined server's log says.
        const shut = /database system was shut down at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) GMT/.exec(mustKubectl(["-n", stack.namespace, "logs", old, "-c", "postgres"]));
        const shutAfter = shut ? `, the old primary shut down ${((Date.parse(`${shut[1].replace(" ", "T")}Z`) - t0) / 1000).toFixed(0)} s after the delete` : "";
        console.log(`      repmgr primary ${old} deleted (grace ${grace} s): ${promoted} primary after ${seconds.toFixed(1)} s${shutAfter}, first write through pgpool ${firstWrite.toFixed(1)} s after the delete, `
            + `longest write gap ${gap.toFixed(1)} s, ${old} back as a standby after ${rejoined.toFixed(1)} s; acknowledged ${r.acked.length}, failed attempts ${r.failed}, lost ${r.lost.length}`);
        assert.strictEqual(stack.sql(old, "SELECT pg_is_in_recovery()"), "t", `${old} rejoined as a standby`);
        record("primary pod deleted (preStop hands over)", r, gap,
            `${old} → ${promoted}: promoted ${seconds.toFixed(1)} s${shutAfter}, first write ${firstWrite.toFixed(1)} s, ${old} standby again ${rejoined.toFixed(1)} s after the delete; ${r.failed} failed attempts`);
    });

    it("the primary's node dies: repmgrd promotes a standby, writes resume through pgpool, the old primary rejoins when its node returns; none acknowledged is lost", async () => {
        const old = await stack.waitRepmgrHealthy();
        const node = getJson(["-n", stack.namespace, "get", "pod", old]).spec.nodeName;
        const writer = new Writer(stack, "repmgr-node-death");
        await writer.start(node);
        await writer.moreAcks(20);
        const t0 = Date.now();
        killNode(node);
        const { promoted, seconds } = await promotedAfter(old, t0);
        const firstWrite = await writer.firstAckAfter(t0 + seconds * 1000) + seconds;
        await writer.moreAcks(20, 300);
        const writable = (Date.now() - t0) / 1000;
        restartNode(node);
        await eventually(`${node} Ready`, () => (nodeReady(node) ? true : undefined), 300);
        await stack.waitReady(900);
        assert.strictEqual(await stack.waitRepmgrHealthy(600), promoted);
        const rejoined = (Date.now() - t0) / 1000;
        const r = await writer.stop();
        const gap = longestGap(r.acked, t0);
        console.log(`      repmgr primary's node ${node} killed: ${promoted} primary after ${seconds.toFixed(1)} s, first write through pgpool ${firstWrite.toFixed(1)} s after the kill, `
            + `longest write gap ${gap.toFixed(1)} s (20 more commits ${writable.toFixed(1)} s), ${old} back as a standby after ${rejoined.toFixed(1)} s (node restarted); `
            + `acknowledged ${r.acked.length}, failed attempts ${r.failed}, lost ${r.lost.length}`);
        assert.strictEqual(stack.sql(old, "SELECT pg_is_in_recovery()"), "t", `${old} rejoined as a standby`);
        record(`primary's node killed (${node})`, r, gap,
            `${old} → ${promoted}: promoted ${seconds.toFixed(1)} s, first write ${firstWrite.toFixed(1)} s, ${old} standby again ${rejoined.toFixed(1)} s after the kill; ${r.failed} failed attempts`);
    });
});
