/**
 * Bootstrap of the streaming pods in the `bootstrap` init container (bootstrap.sh): the spec
 * (no probe covers it, Parallel pod management, least-privilege access to the marker), and on
 * real PostgreSQL the cluster's "initialised" marker that makes a second initdb impossible, the
 * postgres container that never initdbs or clones, and a clone that stops at once on TERM.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { execFileSync } from "child_process";
import { EnvVar } from "../../specs/self-managed/pod-env";
import { VolumeMount } from "../../specs/self-managed/volumes";
import { bootstrapTimeoutMinutes, statefulSetTimeouts } from "../../specs/rollout-timeouts";
import { instanceRoleRules } from "../../specs/streaming/rbac";
import { initMarkerConfigMapName } from "../../specs/streaming/statefulset";
import { PgCluster, PgPod, sleep, waitFor } from "../helpers/pg";
import { asContainerInit, within } from "../helpers/containerInit";
import { containerCommand } from "../helpers/pgEnv";
import { freePort } from "../helpers/pgProxy";
import { streamingSpec } from "../helpers/pgSpec";

const sts = (backupClaim?: string) => streamingSpec({ instances: 3, backupClaim });

describe("streaming StatefulSet: bootstrap in an init container", () => {
    it("the last init container runs bootstrap.sh with the postgres container's mounts, the kubectl and the marker's name", () => {
        for (const claim of [undefined, "backup"]) {
            const spec = sts(claim).template.spec;
            const inits = spec.initContainers!;
            const boot = inits[inits.length - 1] as Record<string, unknown> & { name: string; image: string; command: string[]; resources: unknown; env: EnvVar[]; volumeMounts: VolumeMount[] };
            const postgres = spec.containers.find(c => c.name === "postgres")!;
            assert.equal(boot.name, "bootstrap");
            assert.deepEqual(boot.command, ["bash", "/opt/postgres-k8s/scripts/bootstrap.sh"]);
            assert.equal(boot.image, postgres.image);
            assert.deepEqual(boot.resources, postgres.resources);
            assert.ok(inits.findIndex(c => c.name === "kubectl") < inits.length - 1, "kubectl must be copied in before the bootstrap");
            for (const m of postgres.volumeMounts) assert.ok(boot.volumeMounts.some(b => b.mountPath === m.mountPath && b.subPath === m.subPath), `bootstrap lacks ${m.mountPath}`);
            assert.ok(boot.volumeMounts.some(m => m.mountPath === "/opt/postgres-k8s/tools" && m.readOnly));
            assert.deepEqual(boot.env.find(e => e.name === "PG_INIT_MARKER_CONFIGMAP"), { name: "PG_INIT_MARKER_CONFIGMAP", value: "pg-initialised" });
            assert.ok(!("startupProbe" in boot) && !("livenessProbe" in boot) && !("readinessProbe" in boot));
        }
    });

    it("the postgres container only starts the server: entrypoint.sh; pods are managed in Parallel", () => {
        const s = sts();
        assert.deepEqual(s.template.spec.containers.find(c => c.name === "postgres")!.command, ["bash", "/opt/postgres-k8s/scripts/entrypoint.sh"]);
        assert.equal(s.podManagementPolicy, "Parallel");
    });

    it("Pulumi's customTimeouts grow with the data volume: 10 min + 1 min per 2 GiB", () => {
        assert.equal(bootstrapTimeoutMinutes("1Gi"), 11);
        assert.equal(bootstrapTimeoutMinutes("500Gi"), 260);
        assert.equal(bootstrapTimeoutMinutes("2Ti"), 1034);
        assert.deepEqual(statefulSetTimeouts("50Gi"), { create: "35m", update: "35m" });
        assert.throws(() => bootstrapTimeoutMinutes("0"), /storage size '0' is not a Kubernetes quantity above zero/);
    });

    it("the instance Role reaches the marker ConfigMap by name, get and patch only (no create, no list)", () => {
        assert.equal(initMarkerConfigMapName("pg"), "pg-initialised");
        assert.deepEqual(instanceRoleRules(["pg-0"], "pg-initialised")[1],
            { apiGroups: [""], resources: ["configmaps"], resourceNames: ["pg-initialised"], verbs: ["get", "patch"] });
    });
});

const systemId = (p: PgPod) => p.systemId();
const markerFile = (c: PgCluster) => path.join(c.labelsDir, "configmap.pg-initialised.initialised");
const isEmpty = (dir: string) => !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
/** What losing a pod's PersistentVolumeClaim leaves: a new, empty volume. */
const loseVolume = (p: PgPod) => { fs.rmSync(p.pgdata, { recursive: true, force: true }); };

describe("real PostgreSQL: the cluster's initialised marker", function () {
    this.timeout(300000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.started({ instances: 2, extraEnv: { PG_PRIMARY_WAIT_SECONDS: "3" } });
    });
    after(async () => { await c?.destroy(); });

    it("ordinal 0 records it after its initdb, with the new cluster's system identifier", async () => {
        const marker = fs.readFileSync(markerFile(c), "utf8");
        assert.match(marker, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by pg-0, database system identifier \d+$/);
        assert.ok(marker.endsWith(` ${await systemId(c.pods[0])}`));
    });

    it("ordinal 0 whose volume was lost refuses a second initdb while a replica holds the data, and says what to do", async () => {
        const [p0, p1] = c.pods;
        await p0.crash();
        loseVolume(p0);
        const r = await p0.startExpectingFailure();
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /refusing to initdb: this cluster was initialised \(initialised=.* by pg-0, database system identifier \d+ in ConfigMap pg-initialised\)/);
        assert.match(r.stderr, /peers answering: pg-1 \(replica\)/);
        assert.match(r.stderr, /promote it \(promote\.sh/);
        assert.match(r.stderr, /kubectl patch configmap pg-initialised --type json/);
        assert.ok(isEmpty(p0.pgdata), "something was initialised");
        // What the message says: promote the replica; ordinal 0 then clones it.
        await p1.mustRunScript("promote.sh", ["--force"]);
        await p0.start();
        assert.equal(await p0.role(), "replica");
        assert.equal(await systemId(p0), await systemId(p1));
    });

    it("refuses as well when no peer answers at all", async () => {
        const [p0, p1] = c.pods;
        await p0.crash();
        await p1.crash();
        loseVolume(p0);
        const r = await p0.startExpectingFailure();
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /refusing to initdb: .*peers answering: none/);
        assert.ok(isEmpty(p0.pgdata));
    });

    it("an existing primary data directory without the marker (a cluster older than it) records it at its next start", async () => {
        const p1 = c.pods[1];
        fs.rmSync(markerFile(c));
        await p1.start();
        assert.equal(await p1.role(), "primary");
        assert.match(fs.readFileSync(markerFile(c), "utf8"), new RegExp(`by pg-1, database system identifier ${await systemId(p1)}$`));
    });
});

describe("real PostgreSQL: no initdb without the marker's answer", function () {
    this.timeout(120000);
    let c: PgCluster;
    before(async () => { c = await PgCluster.create({ instances: 1 }); });
    after(async () => { await c?.destroy(); });

    it("ordinal 0 refuses initdb while the API server cannot be asked", async () => {
        const p0 = c.pods[0];
        fs.writeFileSync(path.join(c.labelsDir, "api-down"), "");
        const r = await p0.startExpectingFailure();
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /could not read the cluster's initialised marker \(ConfigMap pg-initialised\): refusing to initdb/);
        assert.ok(isEmpty(p0.pgdata));
        fs.rmSync(path.join(c.labelsDir, "api-down"));
        await p0.start();
        assert.equal(await p0.role(), "primary");
    });

    it("the postgres container alone (a container restart) never initdbs an empty data directory", async () => {
        const p0 = c.pods[0];
        await p0.crash();
        loseVolume(p0);
        fs.rmSync(markerFile(c));
        const r = await p0.run("entrypoint.sh", [], {}, 60000);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /is empty: the bootstrap init container did not prepare it\. Delete the pod/);
        assert.ok(isEmpty(p0.pgdata));
    });
});

describe("real PostgreSQL: the postgres container restarting alone after a failover elsewhere", function () {
    this.timeout(240000);
    let c: PgCluster;
    before(async () => { c = await PgCluster.started({ instances: 2 }); });
    after(async () => { await c?.destroy(); });

    it("entrypoint.sh (no init container runs) rewinds the former primary and starts it as a replica", async () => {
        const [p0, p1] = c.pods;
        await p0.sql("CREATE TABLE before_failover(x int)", "appdb");
        await p0.crash();
        await p1.mustRunScript("promote.sh", ["--force"]);
        await p1.sql("CREATE TABLE after_failover(x int)", "appdb");
        await p0.start({}, 120000, true);
        assert.equal(await p0.role(), "replica");
        assert.match(p0.log(), /this data directory was a primary but pg-1 is primary now: rejoining as a replica/);
        await waitFor("pg-0 to replay pg-1's table", async () =>
            (await p0.sql("SELECT count(*) FROM pg_tables WHERE tablename = 'after_failover'", "appdb")) === "1" ? true : undefined);
    });
});

/** A TCP relay to `port` that passes at most `bytesPerTick` bytes each 100 ms in each direction. */
async function slowRelay(port: number, bytesPerTick: number): Promise<{ port: number; close: () => void }> {
    const sockets = new Set<net.Socket>();
    const pipe = (from: net.Socket, to: net.Socket) => {
        let budget = bytesPerTick;
        const tick = setInterval(() => { budget = bytesPerTick; from.resume(); }, 100);
        from.on("data", (d: Buffer) => {
            to.write(d);
            budget -= d.length;
            if (budget <= 0) from.pause();
        });
        from.on("close", () => { clearInterval(tick); to.destroy(); });
        from.on("error", () => to.destroy());
    };
    const server = net.createServer(client => {
        const upstream = net.connect(port, "127.0.0.1");
        sockets.add(client); sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
    });
    const relayPort = await freePort();
    await new Promise<void>(r => server.listen(relayPort, "127.0.0.1", () => r()));
    return { port: relayPort, close: () => { sockets.forEach(s => s.destroy()); server.close(); } };
}

describe("real PostgreSQL: a clone in progress stops on TERM", function () {
    this.timeout(240000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.create({ instances: 2 });
        await c.pods[0].start();
    });
    after(async () => { await c?.destroy(); });

    it("bootstrap.sh as PID 1 of its container stops pg_basebackup and exits within seconds, publishing nothing", async () => {
        const p1 = c.pods[1];
        // 256 KiB/s from the primary: the clone of a fresh cluster (~30 MB) takes minutes.
        const relay = await slowRelay(c.pods[0].port, 25 * 1024);
        const bootEnv = p1.envOf(c.containers.bootstrap);
        const env = { ...bootEnv, PG_PEERS: bootEnv.PG_PEERS!.replace(`pg-0=127.0.0.1:${c.pods[0].port}`, `pg-0=127.0.0.1:${relay.port}`) };
        assert.notEqual(env.PG_PEERS, bootEnv.PG_PEERS);
        const [cmd, ...args] = containerCommand(c.containers.bootstrap, p1.dirs);
        const proc = asContainerInit([cmd, ...args], env);
        try {
            const staging = `${p1.pgdata}.cloning`;
            let exited: number | null | undefined;
            void proc.exited.then(code => (exited = code));
            await waitFor("the clone to be under way", async () => {
                if (exited !== undefined) throw new Error(`bootstrap.sh exited ${exited} before cloning`);
                return fs.existsSync(staging) && fs.readdirSync(staging).length > 3 ? true : undefined;
            }, 60000);
            await sleep(1000);
            assert.ok(!fs.existsSync(p1.pgdata) || isEmpty(p1.pgdata), "the clone finished before the TERM: relay too fast");
            process.kill(proc.pid(), "SIGTERM");
            assert.equal(await within(proc.exited, 10000), 143, "bootstrap.sh did not stop on TERM while cloning");
        } finally {
            proc.kill();
            relay.close();
        }
        assert.ok(isEmpty(p1.pgdata), "a partial clone was published as PGDATA");
        const left = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n").filter(l => l.includes("pg_basebackup") && l.includes(`port=${relay.port}`));
        assert.deepEqual(left, [], "pg_basebackup outlived the container's PID 1");
        // The next start discards the staging directory and clones for real.
        await p1.start();
        assert.equal(await p1.role(), "replica");
    });
});
