/**
 * Day-one pod lifecycle of the streaming pods: what a pod gives an operator and PostgreSQL
 * (psql that works, a real /dev/shm), checked on the rendered specs and on real PostgreSQL.
 */
import { strict as assert } from "assert";
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PgCluster, runAsPostgres, sleep, waitFor } from "../helpers/pg";
import { containerCommand } from "../helpers/pgEnv";
import { postgresUser } from "../helpers/pgExec";
import { asContainerInit, execInContainer, within } from "../helpers/containerInit";
import { streamingSpec } from "../helpers/pgSpec";

const sts = () => streamingSpec();

describe("streaming pods: /dev/shm", () => {
    it("the postgres container mounts a memory-backed emptyDir at /dev/shm (the runtime's is 64 MiB)", () => {
        const spec = sts().template.spec;
        const postgres = spec.containers.find(c => c.name === "postgres")!;
        const mount = postgres.volumeMounts.find(m => m.mountPath === "/dev/shm");
        assert.ok(mount, "no /dev/shm mount");
        assert.deepEqual(spec.volumes.find(v => v.name === mount.name), { name: mount.name, emptyDir: { medium: "Memory" } });
    });
});

describe("real PostgreSQL: psql in the postgres container", function () {
    this.timeout(120000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.started({ instances: 1 });
    });
    after(async () => { await c?.destroy(); });

    it("plain `psql` with the container's environment reaches the local server as the superuser", async () => {
        const r = await runAsPostgres("psql", ["-X", "-A", "-t", "-c", "SELECT current_user || ' ' || (inet_server_port() IS NULL)"], { env: c.pods[0].env });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout.trim(), "postgres true");   // the unix socket: no server port
    });
});

describe("real PostgreSQL: the pod's PID 1 scripts stop on TERM", function () {
    this.timeout(180000);
    let c: PgCluster;
    before(async () => {
        // A 60 s label interval: a labeller that only stops when its sleep ends would take that long.
        c = await PgCluster.create({ instances: 2, extraEnv: { PG_LABEL_INTERVAL_SECONDS: "60", PG_PRIMARY_WAIT_SECONDS: "300" } });
        await c.pods[0].start();
    });
    after(async () => { await c?.destroy(); });

    it("role-labeller.sh exits within seconds of TERM instead of waiting out the grace period", async () => {
        const p = c.pods[0];
        const heartbeat = path.join(p.dirs.runDir, "labeller.alive");
        fs.rmSync(heartbeat, { force: true });
        const proc = asContainerInit(["bash", path.join(p.dirs.scriptsDir, "role-labeller.sh")], { ...p.env, PG_LABEL_INTERVAL_SECONDS: "60" });
        await waitFor("the labeller's first pass", async () => (fs.existsSync(heartbeat) ? true : undefined), 30000);
        try {
            process.kill(proc.pid(), "SIGTERM");
            assert.equal(await within(proc.exited, 10000), 0, "the labeller did not stop on TERM");
        } finally {
            proc.kill();
        }
    });

    it("bootstrap.sh (the init container) waiting for a primary to clone from exits within seconds of INT", async () => {
        await c.pods[0].stop();
        const p = c.pods[1];
        const [cmd, ...args] = containerCommand(c.containers.bootstrap, p.dirs);
        const proc = asContainerInit([cmd, ...args], p.envOf(c.containers.bootstrap));
        try {
            await sleep(4000);   // past its first look for a primary, into the wait
            process.kill(proc.pid(), "SIGINT");
            assert.equal(await within(proc.exited, 10000), 143, "bootstrap.sh did not stop on INT");
        } finally {
            proc.kill();
        }
        assert.ok(!fs.existsSync(p.pgdata) || fs.readdirSync(p.pgdata).length === 0, "nothing was published as PGDATA");
    });
});

describe("real PostgreSQL: a data volume the postgres user cannot write (hostPath, NFS)", function () {
    this.timeout(120000);
    let c: PgCluster;
    before(async () => { c = await PgCluster.create({ instances: 1 }); });
    after(async () => { await c?.destroy(); });

    it("bootstrap.sh refuses with a message that says how to fix the ownership, and touches nothing", async () => {
        const p = c.pods[0];
        const mount = path.dirname(p.pgdata);
        fs.chownSync(mount, 0, 0);   // what the kubelet leaves on a hostPath or NFS volume: no fsGroup
        fs.chmodSync(mount, 0o755);
        const r = await p.startExpectingFailure();
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /the data volume \S+ \(owner 0:0\) is not writable by uid \d+: the kubelet applies no fsGroup to hostPath and NFS volumes/);
        assert.match(r.stderr, /install -d -o \d+ -g \d+ -m 0700 <hostPath>\/<cluster>-<ordinal>/);
        assert.match(r.stderr, /all_squash,anonuid=\d+,anongid=\d+/);
        assert.deepEqual(fs.readdirSync(mount), []);
    });
});

describe("real processes: the passfile written by two PID 1s sharing the run directory", function () {
    this.timeout(120000);
    let c: PgCluster;
    before(async () => { c = await PgCluster.create({ instances: 1 }); });
    after(async () => { await c?.destroy(); });

    it("never collides: each container's PID 1 writes its own temporary file (mktemp, not .pgpass.$$)", async () => {
        const p = c.pods[0];
        const loop = `set -euo pipefail; source '${path.join(p.dirs.scriptsDir, "lib.sh")}'; for _ in $(seq 300); do write_passfile; done`;
        // The postgres container and the labeller are both PID 1 of their own pid namespace: $$ is 1 in both.
        const writers = [0, 1].map(() => asContainerInit(["bash", "-c", loop], p.env));
        try {
            assert.deepEqual(await Promise.all(writers.map(w => within(w.exited, 90000))), [0, 0]);
        } finally {
            writers.forEach(w => w.kill());
        }
        const lines = fs.readFileSync(path.join(p.dirs.runDir, "pgpass"), "utf8").trim().split("\n");
        assert.deepEqual(lines.map(l => l.split(":")[3]), ["replicator", "postgres"]);
        assert.deepEqual(fs.readdirSync(p.dirs.runDir).filter(f => f.startsWith(".pgpass")), []);
    });
});

describe("real PostgreSQL: the preStop hook in a container whose main process is postgres", function () {
    this.timeout(180000);
    let c: PgCluster;
    before(async () => {
        c = await PgCluster.create({ instances: 1 });
        const init = await c.pods[0].runPodInit();
        assert.equal(init.code, 0, init.stderr);
    });
    after(async () => { await c?.destroy(); });

    /** The postgres container as the runtime runs it (entrypoint.sh execs postgres as PID 1); resolves once it answers. */
    async function container(extraEnv: Record<string, string> = {}) {
        const p = c.pods[0];
        const [cmd, ...args] = containerCommand(c.containers.postgres, p.dirs);
        const env = { ...p.env, ...extraEnv };
        const init = asContainerInit([cmd, ...args], env);
        await waitFor("postgres to answer", async () => ((await p.run("role.sh")).code === 0 ? true : undefined), 60000);
        return { init, env };
    }
    /** The host pid of the postmaster's child whose pid inside the container is `nsPid`. */
    const hostPid = (postmaster: number, nsPid: number) => {
        for (const pid of execFileSync("pgrep", ["-P", String(postmaster)], { encoding: "utf8" }).trim().split("\n").map(Number)) {
            const ns = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^NSpid:\s+\d+\s+(\d+)$/m);
            if (ns && Number(ns[1]) === nsPid) return pid;
        }
        throw new Error(`no child of ${postmaster} is ${nsPid} in its pid namespace`);
    };
    const clusterState = async () =>
        (await runAsPostgres("pg_controldata", ["-D", c.pods[0].pgdata], { env: c.pods[0].env })).stdout.match(/Database cluster state:\s+(.*)/)![1];

    it("exits 0, not killed with the container (exit 137), and the shutdown is clean", async () => {
        const p = c.pods[0];
        const { init, env } = await container();
        try {
            const hook = execInContainer(init, ["bash", path.join(p.dirs.scriptsDir, "pre-stop.sh")], env);
            const r = await within(hook.done, 30000);
            assert.notEqual(r, "still running");
            if (r !== "still running") assert.deepEqual([r.code, r.signal], [0, null], `pre-stop.sh: ${r.stderr}`);
            assert.equal(await within(init.exited, 30000), 0, "postgres did not stop");
        } finally {
            init.kill();
        }
        assert.equal(await clusterState(), "shut down");
    });

    it("falls back to an immediate shutdown when the fast one hangs past PG_STOP_TIMEOUT_SECONDS", async () => {
        const p = c.pods[0];
        const { init, env } = await container({ PG_STOP_TIMEOUT_SECONDS: "3" });
        // A backend that cannot act on the fast shutdown's SIGTERM (stopped): the fast shutdown waits for it forever.
        const stuck = spawn("psql", ["-X", "-h", p.dirs.runDir, "-p", String(p.port), "-U", "postgres", "-c", "SELECT pg_sleep(600)"], { env: p.env, uid: postgresUser.uid, gid: postgresUser.gid, stdio: "ignore" });
        try {
            const backend = Number(await waitFor("the sleeping backend", async () =>
                (await p.sql("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(600)%' AND pid <> pg_backend_pid()")) || undefined));
            process.kill(hostPid(init.pid(), backend), "SIGSTOP");
            const hook = execInContainer(init, ["bash", path.join(p.dirs.scriptsDir, "pre-stop.sh")], env);
            const r = await within(hook.done, 30000);
            if (r === "still running") assert.fail("pre-stop.sh did not return");
            assert.deepEqual([r.code, r.signal], [0, null], `pre-stop.sh: ${r.stderr}`);
            assert.match(r.stderr, /fast shutdown requested \(immediate shutdown after 3s\)/);
            // 3 s, then SIGQUIT; the postmaster SIGKILLs a child that ignores it after 5 s.
            assert.notEqual(await within(init.exited, 40000), "still running", "the immediate fallback did not stop postgres");
        } finally {
            init.kill();
            stuck.kill("SIGKILL");
        }
        assert.equal(await clusterState(), "in production");   // immediate: no shutdown checkpoint
    });
});
