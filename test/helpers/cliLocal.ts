/**
 * The CLI's transport over a PgCluster of real local PostgreSQL servers: `exec` runs the CLI's
 * exact command as the postgres user with the pod's environment (pod paths mapped to the test
 * directories), a stand-in kubelet restarts a container that exits (after demote.sh) unless its
 * "node" is down, and the backup and restore-drill CronJobs run their real containers.
 */
import { mapPaths } from "./pgEnv";
import { PgCluster } from "./pgCluster";
import { PgPod } from "./pgPod";
import { runAsPostgres } from "./pgExec";
import { ClusterAccess, ExecResult, JobAccess, JobInfo, PodInfo } from "../../cli/types";
import * as fs from "fs";

interface LocalJob { info: JobInfo; log: string }

export class LocalAccess implements ClusterAccess, JobAccess {
    readonly namespace = "test";
    /** Pods whose node is down: not restarted, reported not Ready on a NotReady node. */
    readonly down = new Set<string>();
    /** Pods Kubernetes still reports Ready on a Ready node (it has not noticed they died). */
    readonly staleReady = new Set<string>();
    /** Input fed to execInteractive (the `psql` command); its output lands in `interactiveOutput`. */
    interactiveInput = "";
    interactiveOutput = "";
    private jobsByName = new Map<string, LocalJob>();
    private kubelet: NodeJS.Timeout;
    private starting = new Set<string>();

    constructor(private c: PgCluster) {
        this.kubelet = setInterval(() => {
            for (const p of c.pods) {
                if (p.running || this.down.has(p.name) || this.starting.has(p.name)) continue;
                this.starting.add(p.name);
                void p.start().catch(() => undefined).finally(() => this.starting.delete(p.name));
            }
        }, 300);
    }

    stop(): void { clearInterval(this.kubelet); }

    private pod(name: string): PgPod {
        const p = this.c.pods.find(x => x.name === name);
        if (!p) throw new Error(`pods "${name}" not found`);
        return p;
    }

    async pods(cluster: string, component: "database" | "restore" = "database"): Promise<PodInfo[]> {
        if (cluster !== this.c.name || component !== "database") return [];
        return this.c.pods.map(p => {
            const stale = this.staleReady.has(p.name);
            return {
                name: p.name, node: "local", phase: "Running", roleLabel: p.label() ?? "", restarts: 0,
                ready: stale || (p.running && !this.down.has(p.name)), nodeReady: stale || !this.down.has(p.name),
            };
        });
    }

    async exec(pod: string, command: string[], stdin?: string): Promise<ExecResult> {
        const p = this.pod(pod);
        if (!p.running || this.down.has(pod)) return { code: 1, stdout: "", stderr: `container postgres of pod ${pod} is not running` };
        const [cmd, ...args] = command.map(a => mapPaths(a, p.dirs));
        return runAsPostgres(cmd, args, { env: p.env, input: stdin, timeoutMs: 300000 });
    }

    async execInteractive(pod: string, command: string[]): Promise<number> {
        const r = await this.exec(pod, command, this.interactiveInput);
        this.interactiveOutput = r.stdout + r.stderr;
        return r.code;
    }

    async createJobFromCronJob(cronJob: string, jobName: string): Promise<string> {
        const run = cronJob === `${this.c.name}-backup` ? () => this.c.runBackupJob()
            : cronJob === `${this.c.name}-restore-drill` ? () => this.c.runRestoreDrill()
            : undefined;
        if (!run) throw new Error(`cronjobs.batch "${cronJob}" not found`);
        const job: LocalJob = { info: { name: jobName, created: new Date().toISOString(), state: "active", pods: [{ name: `${jobName}-x`, phase: "Running" }] }, log: "" };
        this.jobsByName.set(jobName, job);
        void run().then(r => {
            const message = "resultFile" in r && fs.existsSync(r.resultFile as string) ? fs.readFileSync(r.resultFile as string, "utf8") : undefined;
            job.log = r.stdout + r.stderr;
            job.info = { ...job.info, state: r.code === 0 ? "succeeded" : "failed", failureReason: r.code === 0 ? undefined : "BackoffLimitExceeded",
                pods: [{ name: `${jobName}-x`, phase: r.code === 0 ? "Succeeded" : "Failed", exitCode: r.code, terminationMessage: message }] };
        });
        return jobName;
    }

    async job(name: string): Promise<JobInfo | undefined> { return this.jobsByName.get(name)?.info; }

    async jobs(labelSelector: string): Promise<JobInfo[]> {
        const drill = labelSelector.includes("restore-drill");
        return [...this.jobsByName.values()].filter(j => j.info.name.includes("restore-drill") === drill).map(j => j.info).reverse();
    }

    async logs(pod: string): Promise<string> {
        const j = [...this.jobsByName.values()].find(x => x.info.pods.some(p => p.name === pod));
        if (!j) throw new Error(`pods "${pod}" not found`);
        return j.log;
    }
}
