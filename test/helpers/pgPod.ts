/**
 * One test "pod": a temp directory per mount path of specs/self-managed/paths.ts, the rendered
 * config, the password files and the very scripts of the scripts ConfigMap (components/scripts
 * plus components/streaming/scripts). Its containers, taken from the real specs (pgSpec.ts), are processes run as the postgres user: the main container's command
 * (entrypoint.sh, which execs postgres, or the restore server), an optional init container
 * and an optional sidecar (role-labeller.sh).
 */
import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn } from "child_process";
import { renderPostgresqlConf } from "../../specs/postgresql-conf";
import { renderPgHba } from "../../specs/pg-hba";
import { secretFiles } from "../../specs/self-managed/paths";
import { containerCommand, containerEnv, mapPaths, PodContext, PodDirs } from "./pgEnv";
import { ContainerSpec, testUsers } from "./pgSpec";
import { stageScripts } from "./podScripts";
import { streamingScripts } from "../../components/streaming/scripts";
import { chownToPostgres, makeDir, mustRun, postgresUser, runAsPostgres, RunResult, sleep, waitFor } from "./pgExec";

/** The scripts ConfigMap's files, staged in one directory as the pod mounts them. */
export const SCRIPTS_SRC = stageScripts(streamingScripts());

export interface PodConfig {
    name: string;
    port: number;
    root: string;
    shared: { archiveDir: string; backupDir: string };
    peerPorts: Record<string, number>;
    primaryServicePort: number;
    namespace: string;
    archive: boolean;
    main: ContainerSpec;
    /** An init container the test runs itself (runInit), e.g. the restore's. */
    init?: ContainerSpec;
    /** An init container every start() runs to completion first, as the kubelet does when a pod starts (bootstrap.sh). */
    podInit?: ContainerSpec;
    sidecar?: ContainerSpec;
    passwords: { superuser: string; replication: string; app: string };
    labelsDir: string;
    parameters: Record<string, string | number | boolean>;
    extraEnv: Record<string, string>;
}

/** Small, fast servers: the machine is shared. */
const TEST_PARAMETERS = { shared_buffers: "16MB", max_connections: 40, wal_keep_size: "256MB" };

export class PgPod {
    readonly dirs: PodDirs;
    readonly env: NodeJS.ProcessEnv;
    readonly logFile: string;
    private entrypoint?: ChildProcess;
    private entrypointExit?: Promise<number>;
    private labeller?: ChildProcess;

    constructor(readonly c: PodConfig) {
        const d = (n: string, mode = 0o700) => makeDir(path.join(c.root, n), mode);
        makeDir(c.root, 0o755);
        const dataMount = d("data");
        this.dirs = {
            dataMount, pgdata: path.join(dataMount, "pgdata"), configDir: d("config", 0o755),
            scriptsDir: d("scripts", 0o755), secretsDir: d("secrets"), runDir: d("run"),
            toolsDir: d("tools", 0o755), archiveDir: c.shared.archiveDir, backupDir: c.shared.backupDir,
        };
        this.logFile = path.join(c.root, "postgres.log");
        this.ctx = { podName: c.name, namespace: c.namespace, port: c.port, dirs: this.dirs, peerPorts: c.peerPorts, primaryServicePort: c.primaryServicePort };
        this.env = this.envOf(c.main);
        this.writeFiles();
    }

    private readonly ctx: PodContext;

    /** A container's environment plus the test's overrides (e.g. a 1 s label interval). */
    envOf(container: ContainerSpec): NodeJS.ProcessEnv {
        return { ...containerEnv(container, this.ctx), PG_LABEL_INTERVAL_SECONDS: "1", ...this.c.extraEnv };
    }

    get name(): string { return this.c.name; }
    get port(): number { return this.c.port; }
    get pgdata(): string { return this.dirs.pgdata; }

    private writeFile(p: string, content: string, mode: number): void {
        fs.writeFileSync(p, content);
        fs.chmodSync(p, mode);
        chownToPostgres(p);
    }

    private writeFiles(): void {
        const { c, dirs } = this;
        this.writeFile(path.join(dirs.configDir, "postgresql.conf"), renderPostgresqlConf({
            port: c.port, listenAddresses: "127.0.0.1", socketDir: dirs.runDir, scriptsDir: dirs.scriptsDir,
            parameters: { ...TEST_PARAMETERS, ...c.parameters },
            archive: c.archive ? { timeoutSeconds: 60 } : undefined,
        }), 0o444);
        this.writeFile(path.join(dirs.configDir, "pg_hba.conf"), renderPgHba({
            superuser: testUsers.superuser, replicationUser: testUsers.replicationUser,
            memberCidrs: ["127.0.0.1/32"], clientCidrs: ["127.0.0.1/32"],
        }), 0o444);
        for (const f of fs.readdirSync(SCRIPTS_SRC).filter(f => f.endsWith(".sh"))) {
            this.writeFile(path.join(dirs.scriptsDir, f), fs.readFileSync(path.join(SCRIPTS_SRC, f), "utf8"), 0o555);
        }
        for (const [k, file] of Object.entries(secretFiles)) {
            this.writeFile(path.join(dirs.secretsDir, file), c.passwords[k as keyof typeof secretFiles], 0o400);
        }
        // Stand-in for the static kubectl (fake-kubectl.sh): one "API server" per test cluster.
        const fake = fs.readFileSync(path.join(__dirname, "fake-kubectl.sh"), "utf8");
        this.writeFile(path.join(dirs.toolsDir, "kubectl"), `#!/usr/bin/env bash\napi=${c.labelsDir}\n${fake}`, 0o555);
    }

    /** Runs one of the pod's scripts as postgres with the pod's environment. */
    run(script: string, args: string[] = [], extraEnv: Record<string, string> = {}, timeoutMs = 300000): Promise<RunResult> {
        return runAsPostgres(path.join(this.dirs.scriptsDir, script), args, { env: { ...this.env, ...extraEnv }, timeoutMs });
    }

    async mustRunScript(script: string, args: string[] = [], extraEnv: Record<string, string> = {}): Promise<string> {
        const r = await this.run(script, args, extraEnv);
        if (r.code !== 0) throw new Error(`${this.name}: ${script} ${args.join(" ")} exited ${r.code}\n${r.stderr}${r.stdout}`);
        return r.stdout;
    }

    /** psql over the pod's unix socket as the superuser (peer auth). */
    sql(query: string, db = "postgres"): Promise<string> {
        return mustRun("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", this.dirs.runDir, "-p", String(this.port), "-U", "postgres", "-d", db, "-c", query], { env: this.env }).then(s => s.trim());
    }

    /** Runs the main container's readinessProbe command, as the kubelet would: exit 0 is Ready. */
    readiness(): Promise<RunResult> {
        const probe = this.c.main.readinessProbe;
        if (!probe) throw new Error(`${this.name}: the main container has no readinessProbe`);
        // The spec's container port (5432) is this pod's own port here, as for PG_PORT.
        const [cmd, ...args] = probe.exec.command.map(a => (a === "5432" ? String(this.port) : mapPaths(a, this.dirs)));
        return runAsPostgres(cmd, args, { env: this.env, timeoutMs: 30000 });
    }

    /** Runs the main container's command to completion (a Job's container). */
    runMain(extraEnv: Record<string, string> = {}): Promise<RunResult> {
        const [cmd, ...args] = containerCommand(this.c.main, this.dirs);
        return runAsPostgres(cmd, args, { env: { ...this.env, ...extraEnv }, timeoutMs: 300000 });
    }

    /** Runs the init container's command to completion. */
    runInit(): Promise<RunResult> {
        if (!this.c.init) throw new Error(`${this.name} has no init container`);
        const [cmd, ...args] = containerCommand(this.c.init, this.dirs);
        return runAsPostgres(cmd, args, { env: this.envOf(this.c.init), timeoutMs: 300000 });
    }

    /** Runs the pod-start init container (bootstrap.sh) to completion, its output in the pod's log. */
    async runPodInit(extraEnv: Record<string, string> = {}, timeoutMs = 300000): Promise<RunResult> {
        if (!this.c.podInit) return { code: 0, stdout: "", stderr: "" };
        const [cmd, ...args] = containerCommand(this.c.podInit, this.dirs);
        const r = await runAsPostgres(cmd, args, { env: { ...this.envOf(this.c.podInit), ...extraEnv }, timeoutMs });
        fs.appendFileSync(this.logFile, r.stdout + r.stderr);
        return r;
    }

    /**
     * Starts the pod as the kubelet does: the bootstrap init container to completion, then the
     * main container (entrypoint.sh, which execs postgres) and the sidecar; resolves when
     * PostgreSQL answers. `containerRestart`: the main container alone, as after its crash.
     */
    async start(extraEnv: Record<string, string> = {}, timeoutMs = 120000, containerRestart = false): Promise<void> {
        if (this.entrypoint) throw new Error(`${this.name} is already running`);
        if (!containerRestart) {
            const init = await this.runPodInit(extraEnv, timeoutMs);
            if (init.code !== 0) throw new Error(`${this.name}: the bootstrap init container exited ${init.code}\n${this.log()}`);
        }
        const log = fs.openSync(this.logFile, "a");
        const [cmd, ...args] = containerCommand(this.c.main, this.dirs);
        const child = spawn(cmd, args, {
            env: { ...this.env, ...extraEnv }, cwd: "/", uid: postgresUser.uid, gid: postgresUser.gid, stdio: ["ignore", log, log],
        });
        fs.closeSync(log);
        this.entrypoint = child;
        this.entrypointExit = new Promise(r => child.on("exit", (code, sig) => { this.entrypoint = undefined; r(code ?? (sig ? 128 : -1)); }));
        if (!this.labeller && this.c.sidecar) this.startSidecar(this.c.sidecar);
        let exited: number | undefined;
        void this.entrypointExit.then(c => (exited = c));
        await waitFor(`${this.name} to accept connections`, async () => {
            if (exited !== undefined) throw new Error(`${this.name}: entrypoint exited ${exited}\n${this.log()}`);
            // Ready only once entrypoint.sh has exec'd postgres (same pid): a temporary init
            // server on the same socket must not count.
            if (this.postmasterPid() !== child.pid) return undefined;
            return (await this.run("role.sh")).code === 0 ? true : undefined;
        }, timeoutMs);
    }

    /** Starts the pod expecting its bootstrap init container to refuse; resolves with its exit code and log. */
    async startExpectingFailure(extraEnv: Record<string, string> = {}): Promise<RunResult> {
        if (!this.c.podInit) throw new Error(`${this.name} has no bootstrap init container`);
        return this.runPodInit(extraEnv, 120000);
    }

    private startSidecar(sidecar: ContainerSpec): void {
        const log = fs.openSync(path.join(this.c.root, "labeller.log"), "a");
        const [cmd, ...args] = containerCommand(sidecar, this.dirs);
        this.labeller = spawn(cmd, args, {
            env: this.envOf(sidecar), cwd: "/", uid: postgresUser.uid, gid: postgresUser.gid, stdio: ["ignore", log, log],
        });
        fs.closeSync(log);
    }

    postmasterPid(): number | undefined {
        const f = path.join(this.pgdata, "postmaster.pid");
        try { return Number(fs.readFileSync(f, "utf8").split("\n")[0]); } catch { return undefined; }
    }

    log(): string { return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8") : ""; }

    label(): string | undefined {
        const f = path.join(this.c.labelsDir, this.name);
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8").trim() : undefined;
    }

    /** The database system identifier of a data directory (default: this pod's PGDATA). */
    async systemId(dir = this.pgdata): Promise<string> {
        return (await mustRun("pg_controldata", ["-D", dir], { env: this.env })).match(/Database system identifier:\s+(\d+)/)![1];
    }

    async role(): Promise<string> { return (await this.mustRunScript("role.sh")).trim(); }

    /** Clean stop through the preStop hook; waits until the container process is gone. */
    async stop(): Promise<void> {
        await this.mustRunScript("pre-stop.sh");
        await this.awaitExit();
    }

    /** Simulates a crash: immediate shutdown, no checkpoint, no WAL shipped after this instant. */
    async crash(): Promise<void> {
        await mustRun("pg_ctl", ["-D", this.pgdata, "-m", "immediate", "-w", "stop"], { env: this.env });
        await this.awaitExit();
    }

    /** Waits until the main container's process has exited (e.g. after demote.sh). */
    async awaitExit(): Promise<void> {
        if (!this.entrypointExit || !this.entrypoint) return;
        await Promise.race([this.entrypointExit, sleep(30000)]);
    }

    get running(): boolean { return this.entrypoint !== undefined; }

    async destroy(): Promise<void> {
        this.labeller?.kill("SIGTERM");
        this.labeller = undefined;
        if (fs.existsSync(path.join(this.pgdata, "postmaster.pid"))) {
            await runAsPostgres("pg_ctl", ["-D", this.pgdata, "-m", "immediate", "-w", "stop"], { env: this.env });
        }
        this.entrypoint?.kill("SIGKILL");
        await this.awaitExit();
    }
}
