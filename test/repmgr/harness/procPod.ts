/**
 * A test "pod": its containers are processes run as the postgres user, each in its own process
 * group (so a container is killed or frozen with everything it started), restarted when they
 * exit as the kubelet would (restartPolicy Always, 1 s back-off) until the pod is stopped.
 * Like a container, each runs in its own PID and IPC namespaces unless the pod spec shares the
 * process namespace: one container cannot signal another's processes (a pg_ctl from a sidecar
 * fails as it would in the cluster), when its main process dies the kernel kills whatever it
 * left (pgpool children outlived a killed pgpool otherwise, holding its port so that no
 * restarted pgpool could listen), and its System V shared memory goes with it (pgpool leaves
 * 135 MB behind at every SIGKILL otherwise). A shared namespace is this machine's own.
 * Every mount path of the real container specs is a directory under the pod's root.
 */
import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn } from "child_process";
import { postgresUser, runAsPostgres, sleep } from "../../helpers/pgExec";

export interface TestContainer {
    name: string;
    command: string[];
    env: NodeJS.ProcessEnv;
    /** The container's exec liveness probe, run as the kubelet would: restart after failureThreshold failures. */
    liveness?: { command: string[]; initialDelaySeconds: number; periodSeconds: number; timeoutSeconds: number; failureThreshold: number };
}

export class ProcPod {
    private procs = new Map<string, ChildProcess>();
    private running = false;
    /** A frozen host's kubelet is frozen too: no probes run. */
    private frozen = false;
    readonly restarts: Record<string, number> = {};
    /** Liveness restarts per container, with the probe's last output. */
    readonly livenessKills: { container: string; at: number; output: string }[] = [];

    constructor(readonly name: string, readonly root: string, readonly containers: TestContainer[],
        private readonly shareProcessNamespace = false) {}

    logFile(container: string): string { return path.join(this.root, `${container}.log`); }

    log(container: string): string {
        const f = this.logFile(container);
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "";
    }

    start(): void {
        if (this.running) throw new Error(`${this.name} is already running`);
        this.running = true;
        for (const c of this.containers) this.run(c);
    }

    get isRunning(): boolean { return this.running; }

    private run(c: TestContainer): void {
        const log = fs.openSync(this.logFile(c.name), "a");
        const asPostgres = ["setpriv", `--reuid=${postgresUser.uid}`, `--regid=${postgresUser.gid}`, "--clear-groups", "--"];
        const isolate = this.shareProcessNamespace ? [] : ["unshare", "--pid", "--ipc", "--kill-child", "--"];
        const [cmd, ...args] = [...isolate, ...asPostgres, ...c.command];
        const child = spawn(cmd, args, {
            env: c.env, cwd: "/", detached: true, stdio: ["ignore", log, log],
        });
        fs.closeSync(log);
        this.procs.set(c.name, child);
        if (c.liveness) void this.probe(c, child);
        child.on("exit", async () => {
            if (this.procs.get(c.name) !== child) return;
            this.procs.delete(c.name);
            if (!this.running) return;
            this.restarts[c.name] = (this.restarts[c.name] ?? 0) + 1;
            await sleep(1000);
            if (this.running && !this.procs.has(c.name)) this.run(c);
        });
    }

    private async probe(c: TestContainer, child: ChildProcess): Promise<void> {
        const p = c.liveness!;
        await sleep(p.initialDelaySeconds * 1000);
        let failures = 0;
        while (this.running && this.procs.get(c.name) === child) {
            if (this.frozen) { await sleep(200); continue; }
            const [cmd, ...args] = p.command;
            const r = await runAsPostgres(cmd, args, { env: c.env, timeoutMs: p.timeoutSeconds * 1000 });
            if (this.procs.get(c.name) !== child) return;
            failures = r.code === 0 ? 0 : failures + 1;
            if (failures >= p.failureThreshold) {
                this.livenessKills.push({ container: c.name, at: Date.now(), output: r.stderr + r.stdout });
                try { process.kill(-child.pid!, "SIGKILL"); } catch { /* already gone */ }
                return;
            }
            await sleep(p.periodSeconds * 1000);
        }
    }

    private signalAll(signal: NodeJS.Signals): void {
        for (const p of this.procs.values()) {
            try { process.kill(-p.pid!, signal); } catch { /* group already gone */ }
        }
    }

    /** The node dies: every process of the pod gets SIGKILL and nothing restarts. */
    async kill(): Promise<void> {
        this.running = false;
        this.frozen = false;
        const exits = [...this.procs.values()].map(p => new Promise(r => p.exitCode !== null || p.signalCode !== null ? r(0) : p.once("exit", r)));
        this.signalAll("SIGCONT");
        this.signalAll("SIGKILL");
        await Promise.all(exits);
        this.procs.clear();
    }

    /** One container dies (SIGKILL of its processes, as a failed liveness probe ends in); the pod restarts it. */
    killContainer(name: string): void {
        const p = this.procs.get(name);
        if (!p) throw new Error(`${this.name}: container ${name} is not running`);
        process.kill(-p.pid!, "SIGKILL");
    }

    /** The host is gone from the network's point of view: every process stops (SIGSTOP). */
    freeze(): void { this.frozen = true; this.signalAll("SIGSTOP"); }

    thaw(): void { this.frozen = false; this.signalAll("SIGCONT"); }

    /** Container process ids (their process groups), for the test's own checks. */
    pid(container: string): number | undefined { return this.procs.get(container)?.pid; }

    async destroy(): Promise<void> {
        if (this.procs.size > 0 || this.running) await this.kill();
    }
}
