/**
 * The repmgr topology on real nodes (kubelet, containerd, runc, CNI bridge, kube-proxy, CoreDNS;
 * scripts/cluster-up.sh --real-nodes 3): repmgr 5.3 + repmgrd and pgpool-II 4.3 in the image
 * images/repmgr.sh builds from the same Debian packages the real-process tests run. The dev stack
 * switched to `topology: repmgr` (three instances, `ANY 1 (*)` synchronous replication so no
 * acknowledged commit may be lost) is applied as `pulumi up` would; a client pod writes through
 * pg-rw (pgpool) while the primary pod is deleted: repmgrd must promote a standby on its own,
 * pgpool must route the writes to it, the old primary must come back as a standby, and every
 * acknowledged commit must be there. Figures go to docs/repmgr.md. The primary's node dying is
 * repmgr-node-death.nodes.ts.wip: it fails when the node takes a CoreDNS replica with it (see
 * docs/repmgr.md, "Known limits").
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { getJson, kubectl, mustKubectl } from "../helpers/kube";
import { clusterSetupRow, imageCache, realClusterDown, realClusterUp } from "../helpers/realNodes";
import { eventually } from "../helpers/realStack";
import { recordFailover, repmgrDevStack, RepmgrStack } from "../helpers/repmgrStack";
import { formatErrors, longestGap, runClient, Writer } from "../helpers/writerPod";
import { Figures } from "./figures";

const realNodes = 3;
const figures = new Figures("repmgr.md");

let stack: RepmgrStack;

function podUid(pod: string): string | undefined {
    const r = kubectl(["-n", stack.namespace, "get", "pod", pod, "-o", "jsonpath={.metadata.uid}"]);
    return r.status === 0 ? r.stdout : undefined;
}

describe("real nodes: the repmgr topology (repmgr 5.3, repmgrd, pgpool 4.3 from Debian's packages)", function () {
    this.timeout(60 * 60_000);

    before(() => {
        const t = realClusterUp(realNodes);
        figures.setup.push(
            `| this run: images (0 when cached; the repmgr image cold: ${fs.readFileSync(path.join(imageCache, "repmgr.time"), "utf8").trim().split(" ")[1]} s) | ${t.imagesSeconds.toFixed(1)} |`,
            clusterSetupRow(t, realNodes),
        );
        stack = repmgrDevStack();
    });
    after(function () {
        figures.write();
        realClusterDown();
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
        // Each standby cloned into its staging directory and published it at the first attempt.
        const restarts = (c: string) => stack.pods().map(p => p.status.containerStatuses.find((s: any) => s.name === c).restartCount);
        console.log(`      container restarts while coming up: postgres ${restarts("postgres").join(", ")}; repmgrd ${restarts("repmgrd").join(", ")}`);
        // A restart is reported with why the previous container ended and its last log lines.
        const previous = (c: string) => stack.pods().flatMap(p => {
            const st = p.status.containerStatuses.find((s: any) => s.name === c);
            if (!st.restartCount) return [];
            const log = kubectl(["-n", stack.namespace, "logs", p.metadata.name, "-c", c, "--previous", "--tail=15"]);
            return [`${p.metadata.name} ${c}: ${JSON.stringify(st.lastState?.terminated ?? st.lastState)}\n${(log.stdout || log.stderr).trimEnd()}`];
        }).join("\n");
        assert.deepStrictEqual(restarts("postgres"), [0, 0, 0], `postgres container restarts:\n${previous("postgres")}`);
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
        const { promoted, seconds } = await stack.promotedAfter(old, t0);
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
        // The log's stamp has whole seconds: a shutdown in the delete's own second reads as up to 1 s before it.
        const shutSeconds = shut ? Math.max(0, Math.round((Date.parse(`${shut[1].replace(" ", "T")}Z`) - t0) / 1000)) : undefined;
        const shutAfter = shutSeconds === undefined ? "" : `, the old primary shut down ${shutSeconds === 0 ? "within a second of" : `${shutSeconds} s after`} the delete`;
        console.log(`      repmgr primary ${old} deleted (grace ${grace} s): ${promoted} primary after ${seconds.toFixed(1)} s${shutAfter}, first write through pgpool ${firstWrite.toFixed(1)} s after the delete, `
            + `longest write gap ${gap.toFixed(1)} s, ${old} back as a standby after ${rejoined.toFixed(1)} s; acknowledged ${r.acked.length}, failed attempts ${r.failed}, lost ${r.lost.length}`);
        // What a long write gap needs explained: pgpool restarts and every probe failure since.
        const pgpoolRestarts = getJson(["-n", stack.namespace, "get", "pods", "-l", "app.kubernetes.io/component=pgpool"]).items
            .map((p: any) => `${p.metadata.name} ${p.status.containerStatuses[0].restartCount}`).join(", ");
        const probeFailures = kubectl(["-n", stack.namespace, "get", "events", "--field-selector", "reason=Unhealthy", "--sort-by", ".lastTimestamp",
            "-o", "jsonpath={range .items[*]}{.lastTimestamp} {.involvedObject.name} x{.count}: {.message}{\"\\n\"}{end}"]).stdout.trim().split("\n").slice(-20);
        console.log(`      pgpool restarts: ${pgpoolRestarts}; probe failures (last 20):\n${probeFailures.map(l => `        ${l}`).join("\n")}`);
        console.log(`      the writer's errors (times after the delete):\n${formatErrors(r.errors, t0)}`);
        assert.strictEqual(stack.sql(old, "SELECT pg_is_in_recovery()"), "t", `${old} rejoined as a standby`);
        recordFailover(figures, "primary pod deleted (preStop hands over)", r, gap,
            `${old} → ${promoted}: promoted ${seconds.toFixed(1)} s${shutAfter}, first write ${firstWrite.toFixed(1)} s, ${old} standby again ${rejoined.toFixed(1)} s after the delete; ${r.failed} failed attempts`);
    });
});
