/**
 * The repmgr topology on this machine: N PostgreSQL "pods" (postgres + repmgrd containers) and a
 * pgpool "pod", each with its own loopback address (127.R.R.10+i, pgpool 127.R.R.100), all on one
 * port as in Kubernetes. Containers, environment and config files come from the very builders
 * the components use (specs/repmgr); only hosts and directories are mapped.
 */
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { randomBytes } from "crypto";
import { spawn } from "child_process";
import { pgpoolConfigFiles, repmgrConfigFiles } from "../../../specs/repmgr/config-files";
import { repmgrNodes, peersValue } from "../../../specs/repmgr/nodes";
import { defaultPgpoolHealthCheck, PgpoolHealthCheck } from "../../../specs/repmgr/pgpool-conf";
import { defaultRepmgrTiming, RepmgrNode, RepmgrTiming } from "../../../specs/repmgr/repmgr-conf";
import { repmgrStatefulSetSpec } from "../../../specs/repmgr/statefulset";
import { pgpoolDeploymentSpec } from "../../../specs/repmgr/pgpool-deployment";
import { EnvVar } from "../../../specs/self-managed/pod-env";
import { VolumeMount } from "../../../specs/self-managed/volumes";
import { ExecProbe } from "../../../specs/self-managed/probes";
import { chownToPostgres, makeDir, mustRun, PG_BIN, runAsPostgres, waitFor } from "../../helpers/pgExec";
import { freePort } from "../../helpers/pgProxy";
import { ProcPod, TestContainer } from "./procPod";

const SCRIPT_DIRS = [path.resolve(__dirname, "../../../components/scripts"), path.resolve(__dirname, "../../../components/repmgr/scripts")];
const users = { superuser: "postgres", replicationUser: "replicator", appUser: "app", appDatabase: "appdb" };
const image = "postgres-k8s/repmgr:test";
const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } };
/** Small, fast servers: the machine is shared. */
const TEST_PARAMETERS = { shared_buffers: "16MB", max_connections: 60, wal_keep_size: "256MB" };

export interface RepmgrClusterOptions {
    instances: number;
    parameters?: Record<string, string | number | boolean>;
    timing?: RepmgrTiming;
    healthCheck?: PgpoolHealthCheck;
}

type Mapped = { mountPath: string; dir: string }[];

/** Replaces every mount path in `value` (a whole path component, longest first, one pass) with its test directory. */
function mapPaths(value: string, mounts: Mapped): string {
    const sorted = [...mounts].sort((a, b) => b.mountPath.length - a.mountPath.length);
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`(?<![\\w./-])(${sorted.map(m => escape(m.mountPath)).join("|")})(?=/|$|[^\\w.-])`, "g");
    return value.replace(pattern, p => sorted.find(m => m.mountPath === p)!.dir);
}

function writeFile(p: string, content: string, mode: number): void {
    fs.writeFileSync(p, content);
    fs.chmodSync(p, mode);
    chownToPostgres(p);
}

/** Runs a command as root (the test runs as root; iptables needs it). */
function runAsRoot(cmd: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { stdio: "ignore" });
        child.on("error", reject);
        child.on("exit", code => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`))));
    });
}

function rand(): string { return randomBytes(18).toString("base64url"); }

/** A /24 of loopback addresses no other test run uses, and one port free on all of them. */
async function pickNetwork(count: number): Promise<{ prefix: string; port: number }> {
    for (;;) {
        const prefix = `127.${100 + randomBytes(1)[0] % 150}.${randomBytes(1)[0]}`;
        const port = await freePort();
        const addrs = [...Array.from({ length: count }, (_, i) => `${prefix}.${10 + i}`), `${prefix}.100`];
        if ((await Promise.all(addrs.map(a => canListen(a, port)))).every(Boolean)) return { prefix, port };
    }
}

function canListen(host: string, port: number): Promise<boolean> {
    return new Promise(resolve => {
        const s = net.createServer();
        s.once("error", () => resolve(false));
        s.listen(port, host, () => s.close(() => resolve(true)));
    });
}

export class RepmgrCluster {
    readonly root: string;
    readonly passwords = { superuser: rand(), replication: rand(), app: rand(), pgpool: rand(), pcp: rand() };
    readonly pods: ProcPod[] = [];
    pgpool!: ProcPod;
    nodes!: RepmgrNode[];
    port!: number;
    pgpoolHost!: string;
    pcpPort!: number;
    private archiveDir!: string;
    private backupDir!: string;

    private constructor(readonly o: RepmgrClusterOptions) {
        this.root = makeDir(fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-repmgr-")), 0o755);
    }

    static async create(o: RepmgrClusterOptions): Promise<RepmgrCluster> {
        const c = new RepmgrCluster(o);
        const net = await pickNetwork(o.instances);
        c.port = net.port;
        c.pgpoolHost = `${net.prefix}.100`;
        c.pcpPort = await freePort();
        c.archiveDir = makeDir(path.join(c.root, "archive"));
        c.backupDir = makeDir(path.join(c.root, "backups"));
        // The nodes of the manifests, with the pods' DNS names replaced by their test addresses.
        c.nodes = repmgrNodes({ statefulSet: "pg", headlessService: "pg-hl", namespace: "test", instances: o.instances, port: c.port })
            .map((n, i) => ({ ...n, host: `${net.prefix}.${10 + i}` }));
        for (let i = 0; i < o.instances; i++) c.pods.push(c.postgresPod(i));
        c.pgpool = c.pgpoolPod();
        return c;
    }

    private statefulSet() {
        return repmgrStatefulSetSpec({
            cluster: "pg", namespace: "test", instances: this.o.instances, image, port: this.port, resources,
            antiAffinity: "preferred", topologyKey: "kubernetes.io/hostname", terminationGracePeriodSeconds: 60,
            configMap: "config", scriptsConfigMap: "scripts",
            secrets: { superuser: "s", replication: "r", app: "a", pgpool: "p" }, users, repmgrDatabase: "repmgr",
            pgpoolCheckUser: "pgpool", configChecksumSource: "", dataClaim: { size: "1Gi" }, backupClaim: "backup",
        });
    }

    /** Directories for a container's mounts: one per volume, the backup volume's subPaths shared by all pods. */
    private mountDirs(podRoot: string, mounts: VolumeMount[]): Mapped {
        return [...mounts.map(m => {
            if (m.name === "backup") return { mountPath: m.mountPath, dir: m.subPath === "wal" ? this.archiveDir : this.backupDir };
            const mode = m.name === "data" || m.name === "secrets" || m.name === "run" ? 0o700 : 0o755;
            return { mountPath: m.mountPath, dir: makeDir(path.join(podRoot, m.name), mode) };
        })];
    }

    private containerOf(spec: { name: string; command: string[]; env: EnvVar[]; livenessProbe?: ExecProbe }, mounts: Mapped, podName: string, extra: NodeJS.ProcessEnv): TestContainer {
        const env: NodeJS.ProcessEnv = { PATH: `${PG_BIN}:/usr/sbin:/usr/local/bin:/usr/bin:/bin`, LANG: "C.UTF-8" };
        for (const v of spec.env) {
            if (v.valueFrom && v.valueFrom.fieldRef.fieldPath !== "metadata.name" && v.valueFrom.fieldRef.fieldPath !== "metadata.namespace") {
                throw new Error(`env ${v.name}: unsupported ${JSON.stringify(v.valueFrom)}`);
            }
            env[v.name] = v.valueFrom ? (v.valueFrom.fieldRef.fieldPath === "metadata.name" ? podName : "test") : mapPaths(v.value ?? "", mounts);
        }
        Object.assign(env, extra);
        env.HOME = env.PG_RUN_DIR ?? env.PGPOOL_RUN_DIR;
        const probe = spec.livenessProbe;
        const liveness = probe && {
            command: probe.exec.command.map(a => mapPaths(a, mounts)), initialDelaySeconds: probe.initialDelaySeconds ?? 0,
            periodSeconds: probe.periodSeconds, timeoutSeconds: probe.timeoutSeconds, failureThreshold: probe.failureThreshold,
        };
        return { name: spec.name, command: spec.command.map(a => mapPaths(a, mounts)), env, liveness };
    }

    private postgresPod(ordinal: number): ProcPod {
        const name = `pg-${ordinal}`;
        const podRoot = makeDir(path.join(this.root, name), 0o755);
        const spec = this.statefulSet().template.spec;
        const mounts = this.mountDirs(podRoot, spec.containers[0].volumeMounts);
        const dir = (mountPath: string) => mounts.find(m => m.mountPath === mountPath)!.dir;
        const files = repmgrConfigFiles({
            nodes: this.nodes, listenAddresses: this.nodes[ordinal].host,
            parameters: { ...TEST_PARAMETERS, ...this.o.parameters }, archive: { timeoutSeconds: 60 },
            podCidrs: ["127.0.0.0/8"], superuser: users.superuser, replicationUser: users.replicationUser,
            repmgrDatabase: "repmgr", timing: this.o.timing ?? defaultRepmgrTiming,
        });
        const configDir = dir("/etc/postgres-k8s/config");
        for (const [f, text] of Object.entries(files)) writeFile(path.join(configDir, f), mapPaths(text, mounts), 0o444);
        this.copyScripts(dir("/opt/postgres-k8s/scripts"));
        const secrets = dir("/etc/postgres-k8s/secrets");
        for (const [file, pw] of Object.entries({ "superuser-password": this.passwords.superuser, "replication-password": this.passwords.replication, "app-password": this.passwords.app, "pgpool-password": this.passwords.pgpool })) {
            writeFile(path.join(secrets, file), pw, 0o400);
        }
        // PG_PEERS: the same members in the same order, at their test addresses.
        const extra = { PG_PEERS: peersValue(this.nodes), PG_PRIMARY_WAIT_SECONDS: "120" };
        return new ProcPod(name, podRoot, spec.containers.map(c => this.containerOf(c, mounts, name, extra)), spec.shareProcessNamespace);
    }

    private pgpoolPod(): ProcPod {
        const podRoot = makeDir(path.join(this.root, "pgpool"), 0o755);
        const spec = pgpoolDeploymentSpec({
            cluster: "pg", replicas: 1, image, port: this.port, resources, antiAffinity: "preferred", topologyKey: "kubernetes.io/hostname",
            configMap: "pgpool-config", scriptsConfigMap: "scripts", secrets: { app: "a", pgpool: "p", pcp: "c" },
            appUser: users.appUser, checkUser: "pgpool", pcpUser: "pcpadmin", configChecksumSource: "",
        }).template.spec;
        const container = spec.containers[0];
        const mounts = this.mountDirs(podRoot, container.volumeMounts);
        const dir = (mountPath: string) => mounts.find(m => m.mountPath === mountPath)!.dir;
        const files = pgpoolConfigFiles({
            nodes: this.nodes, listenAddresses: this.pgpoolHost, port: this.port, pcpPort: this.pcpPort, podCidrs: ["127.0.0.0/8"],
            checkUser: "pgpool", healthCheck: this.o.healthCheck ?? defaultPgpoolHealthCheck, numInitChildren: 16, maxPool: 2, loadBalance: true,
        });
        for (const [f, text] of Object.entries(files)) writeFile(path.join(dir("/etc/pgpool-k8s/config"), f), mapPaths(text, mounts), 0o444);
        this.copyScripts(dir("/opt/postgres-k8s/scripts"));
        const secrets = dir("/etc/pgpool-k8s/secrets");
        for (const [file, pw] of Object.entries({ "app-password": this.passwords.app, "pgpool-password": this.passwords.pgpool, "pcp-password": this.passwords.pcp })) {
            writeFile(path.join(secrets, file), pw, 0o400);
        }
        return new ProcPod("pgpool", podRoot, [this.containerOf(container, mounts, "pgpool-0", { PGPOOL_PCP_PORT: String(this.pcpPort) })]);
    }

    private copyScripts(dest: string): void {
        for (const src of SCRIPT_DIRS) {
            for (const f of fs.readdirSync(src).filter(f => f.endsWith(".sh"))) writeFile(path.join(dest, f), fs.readFileSync(path.join(src, f), "utf8"), 0o555);
        }
    }

    pgdata(i: number): string { return path.join(this.pods[i].root, "data", "pgdata"); }
    runDir(i: number): string { return path.join(this.pods[i].root, "run"); }
    scriptsDir(i: number): string { return path.join(this.pods[i].root, "scripts"); }
    env(i: number): NodeJS.ProcessEnv { return this.pods[i].containers[0].env; }

    /** psql over pod i's unix socket as the superuser (peer auth), or undefined when it does not answer. */
    async sql(i: number, query: string, db = "postgres"): Promise<string> {
        return (await mustRun("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", this.runDir(i), "-p", String(this.port), "-U", "postgres", "-d", db, "-c", query],
            { env: this.env(i), timeoutMs: 10000 })).trim();
    }

    async trySql(i: number, query: string, db = "postgres"): Promise<string | undefined> {
        try { return await this.sql(i, query, db); } catch { return undefined; }
    }

    /** Role of pod i: primary, standby, or down. */
    async role(i: number): Promise<"primary" | "standby" | "down"> {
        const r = await this.trySql(i, "SELECT pg_is_in_recovery()");
        return r === "f" ? "primary" : r === "t" ? "standby" : "down";
    }

    /** Runs one of pod i's scripts as postgres with the postgres container's environment. */
    script(i: number, name: string, args: string[] = []) {
        return runAsPostgres(path.join(this.scriptsDir(i), name), args, { env: this.env(i), timeoutMs: 120000 });
    }

    /** Starts pod 0, then the others, then pgpool; resolves when pgpool routes writes. */
    async start(): Promise<void> {
        this.pods[0].start();
        await waitFor("pg-0 to be a registered primary", async () =>
            (await this.trySql(0, "SELECT count(*) FROM repmgr.nodes WHERE type = 'primary' AND active", "repmgr")) === "1" ? true : undefined, 30000, 500);
        for (const p of this.pods.slice(1)) p.start();
        await waitFor("every standby to stream and be registered", async () => {
            const n = await this.trySql(0, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'");
            const r = await this.trySql(0, "SELECT count(*) FROM repmgr.nodes WHERE type = 'standby' AND active", "repmgr");
            return n === String(this.pods.length - 1) && r === n ? true : undefined;
        }, 180000, 500);
        this.pgpool.start();
        await waitFor("pgpool to accept a write", async () => {
            try { await this.appSql("SELECT 1"); return true; } catch { return undefined; }
        }, 60000, 500);
    }

    /** Libpq connection string of the app user through pgpool (scram; password from a passfile). */
    clientConninfo(): string {
        const pass = path.join(this.root, "client.pgpass");
        if (!fs.existsSync(pass)) writeFile(pass, `*:*:*:app:${this.passwords.app}\n`, 0o600);
        return `host=${this.pgpoolHost} port=${this.port} user=app dbname=appdb passfile=${pass} connect_timeout=3`;
    }

    appSql(query: string): Promise<string> {
        return mustRun("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", this.clientConninfo(), "-c", query],
            { env: this.env(0), timeoutMs: 15000 }).then(s => s.trim());
    }

    /** Runs a pcp command (pcp_node_info, pcp_detach_node, ...) against the pgpool; its output. */
    pcp(command: string, args: string[]): Promise<string> {
        const pcppass = path.join(this.root, "pcppass");
        if (!fs.existsSync(pcppass)) writeFile(pcppass, `localhost:${this.pcpPort}:pcpadmin:${this.passwords.pcp}\n`, 0o600);
        return mustRun(command, ["-h", "localhost", "-p", String(this.pcpPort), "-U", "pcpadmin", "-w", ...args],
            { env: { ...this.env(0), PCPPASSFILE: pcppass }, timeoutMs: 10000 });
    }

    /** pgpool's view of the backends through pcp: node id -> [status, role]. */
    async pgpoolNodes(): Promise<{ status: string; role: string }[]> {
        const out: { status: string; role: string }[] = [];
        for (let i = 0; i < this.nodes.length; i++) {
            const text = await this.pcp("pcp_node_info", ["-v", "-n", String(i)]);
            const field = (name: string) => (text.match(new RegExp(`^${name}\\s*:\\s*(\\S+)`, "m")) ?? [])[1] ?? "?";
            out.push({ status: field("Status Name"), role: field("Role") });
        }
        return out;
    }

    private cutOff = new Set<number>();

    /**
     * The host of pod i is gone from the network: packets to and from its address are dropped
     * (iptables rules on this test's own address only), so new connections time out and open ones
     * stall, as with a crashed node or a partition. Combined with freeze() of its processes.
     */
    async cutNetwork(i: number): Promise<void> {
        for (const rule of this.dropRules(i)) await runAsRoot("iptables", ["-I", ...rule]);
        this.cutOff.add(i);
    }

    async restoreNetwork(i: number): Promise<void> {
        if (!this.cutOff.delete(i)) return;
        for (const rule of this.dropRules(i)) await runAsRoot("iptables", ["-D", ...rule]);
    }

    private dropRules(i: number): string[][] {
        const comment = ["-m", "comment", "--comment", `pgk8s-test ${path.basename(this.root)}`];
        // INPUT, not OUTPUT: a sender must not learn of the loss (OUTPUT drops fail send() at once);
        // SYNs go unanswered and data on open connections is never acknowledged, as on a real network.
        return [["INPUT", "-d", `${this.nodes[i].host}/32`, ...comment, "-j", "DROP"], ["INPUT", "-s", `${this.nodes[i].host}/32`, ...comment, "-j", "DROP"]];
    }

    /** Every password the cluster uses: none may appear in a log. */
    leakedPasswords(): string[] {
        const leaks: string[] = [];
        for (const p of [...this.pods, this.pgpool]) {
            for (const f of fs.readdirSync(p.root).filter(f => f.endsWith(".log"))) {
                const text = fs.readFileSync(path.join(p.root, f), "utf8");
                if (Object.values(this.passwords).some(pw => text.includes(pw))) leaks.push(path.join(p.root, f));
            }
        }
        return leaks;
    }

    async destroy(): Promise<void> {
        for (const i of [...this.cutOff]) await this.restoreNetwork(i);
        await this.pgpool?.destroy();
        for (const [i, p] of this.pods.entries()) {
            await p.destroy();
            // A server repmgr started itself (node rejoin) runs in its own session.
            if (fs.existsSync(path.join(this.pgdata(i), "postmaster.pid"))) {
                await runAsPostgres("pg_ctl", ["-D", this.pgdata(i), "-m", "immediate", "-w", "stop"], { env: this.env(i) });
            }
        }
        const leaks = this.leakedPasswords();
        if (!process.env.PGK8S_KEEP_TEST_DIRS && leaks.length === 0) fs.rmSync(this.root, { recursive: true, force: true });
        if (leaks.length) throw new Error(`password found in ${leaks.join(", ")}`);
    }
}
