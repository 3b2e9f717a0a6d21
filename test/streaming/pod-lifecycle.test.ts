/**
 * Day-one pod lifecycle of the streaming pods: what a pod gives an operator and PostgreSQL
 * (psql that works, a real /dev/shm), checked on the rendered specs and on real PostgreSQL.
 */
import { strict as assert } from "assert";
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { statefulSetSpec } from "../../specs/streaming/statefulset";
import { PgCluster, runAsPostgres, sleep, waitFor } from "../helpers/pg";
import { containerCommand } from "../helpers/pgEnv";
import { postgresUser } from "../helpers/pgExec";
import { testUsers } from "../helpers/pgSpec";

const sts = () => statefulSetSpec({
    cluster: "pg", namespace: "db", instances: 2, image: "postgres:15.18", kubectlImage: "k:1", port: 5432,
    resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
    antiAffinity: "preferred", topologyKey: "kubernetes.io/hostname", terminationGracePeriodSeconds: 60,
    serviceAccount: "sa", configMap: "c", scriptsConfigMap: "s", secrets: { superuser: "s", replication: "r", app: "a" },
    users: testUsers, configChecksumSource: "", dataClaim: { size: "1Gi" }, replicaMaxLagMB: 64,
});

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
        c = await PgCluster.create({ instances: 1 });
        await c.pods[0].start();
    });
    after(async () => { await c?.destroy(); });

    it("plain `psql` with the container's environment reaches the local server as the superuser", async () => {
        const r = await runAsPostgres("psql", ["-X", "-A", "-t", "-c", "SELECT current_user || ' ' || (inet_server_port() IS NULL)"], { env: c.pods[0].env });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout.trim(), "postgres true");   // the unix socket: no server port
    });
});

/**
 * Runs a container command as PID 1 of a new pid namespace, as the runtime does: PID 1 gets
 * TERM/INT only if it handles them. Returns the host pid of that PID 1 and its exit.
 */
function asContainerInit(command: string[], env: NodeJS.ProcessEnv): { pid: () => number; exited: Promise<number | null>; kill: () => void } {
    const child = spawn("unshare", ["--pid", "--fork", "--kill-child",
        "setpriv", `--reuid=${postgresUser.uid}`, `--regid=${postgresUser.gid}`, "--clear-groups", ...command], { env, stdio: "ignore" });
    const exited = new Promise<number | null>(resolve => child.on("exit", code => resolve(code)));
    const pid = () => Number(execFileSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).trim().split("\n")[0]);
    // --kill-child: killing unshare kills the namespace's PID 1 too.
    return { pid, exited, kill: () => { child.kill("SIGKILL"); } };
}

const within = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<"still running">(resolve => setTimeout(() => resolve("still running"), ms))]);

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

    it("entrypoint.sh waiting for a primary to clone from exits within seconds of TERM", async () => {
        await c.pods[0].stop();
        const p = c.pods[1];
        const [cmd, ...args] = containerCommand(c.containers.postgres, p.dirs);
        const proc = asContainerInit([cmd, ...args], p.env);
        try {
            await sleep(4000);   // past its first look for a primary, into the wait
            process.kill(proc.pid(), "SIGINT");
            assert.equal(await within(proc.exited, 10000), 143, "the entrypoint did not stop on INT");
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

    it("entrypoint.sh refuses with a message that says how to fix the ownership, and touches nothing", async () => {
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
