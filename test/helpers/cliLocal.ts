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
import * as path from "path";
import { chownToPostgres, makeDir } from "./pgExec";

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

    private stateDir?: string;

    constructor(private c: PgCluster) {
        this.kubelet = setInterval(() => {
            this.writeState();
            for (const p of c.pods) {
                if (p.running || this.down.has(p.name) || this.starting.has(p.name)) continue;
                this.starting.add(p.name);
                void p.start().catch(() => undefined).finally(() => this.starting.delete(p.name));
            }
        }, 300);
    }

    stop(): void { clearInterval(this.kubelet); }

    /**
     * A stand-in kubectl for processes such as the auto-failover controller: `get pod` and `get
     * node` with the controller's jsonpath queries answered from this transport's view (pod
     * readiness, container running, node readiness, role label), and `exec POD -c postgres --
     * CMD` run as the postgres user with the pod's environment, its /opt/postgres-k8s/scripts
     * mapped to the pod's scripts directory; refused like the API server when the container is down.
     */
    fakeKubectl(): string {
        const dir = this.stateDir = makeDir(path.join(this.c.root, "kube"), 0o755);
        makeDir(path.join(dir, "pods"), 0o755);
        makeDir(path.join(dir, "nodes"), 0o755);
        for (const p of this.c.pods) {
            const env = Object.entries(p.env).map(([k, v]) => `export ${k}='${String(v).replace(/'/g, "'\\''")}'`).join("\n");
            this.script(path.join(dir, `exec-${p.name}`), `${env}\nfrom=/opt/postgres-k8s/scripts to='${p.dirs.scriptsDir}'\nargs=("\${@//"$from"/"$to"}")\nexec "\${args[@]}"\n`);
        }
        this.writeState();
        const kubectl = path.join(dir, "kubectl");
        this.script(kubectl, [
            'args=(); while (($#)); do case "$1" in --) args+=("$@"); break ;; -n|-c) shift 2 ;; --request-timeout=*) shift ;; *) args+=("$1"); shift ;; esac; done',
            'set -- "${args[@]}"',
            `state=${dir}`,
            'case "$1 $2" in',
            '  "get pod") [[ -f "$state/pods/$3" ]] || { echo "Error from server (NotFound): pods \"$3\" not found" >&2; exit 1; }',
            '    IFS="|" read -r node ready phase started < "$state/pods/$3"',
            `    if [[ "$*" == *labels* ]]; then cat ${this.c.labelsDir}/"$3" 2>/dev/null || true; else printf '%s|%s|%s|%s' "$node" "$ready" "$phase" "$started"; fi ;;`,
            '  "get node") cat "$state/nodes/$3" ;;',
            '  "exec "*) pod="$2"; shift 3; [[ "$(cut -d"|" -f4 "$state/pods/$pod")" != "" ]] || { echo "error: unable to upgrade connection: container not found (\"postgres\")" >&2; exit 1; }',
            '    exec "$state/exec-$pod" "$@" ;;',
            '  *) echo "fake kubectl: unsupported: $*" >&2; exit 2 ;;',
            'esac',
        ].join("\n") + "\n");
        return kubectl;
    }

    private script(file: string, body: string): void {
        fs.writeFileSync(file, "#!/usr/bin/env bash\nset -euo pipefail\n" + body, { mode: 0o555 });
        chownToPostgres(file);
    }

    /** The API server's view, as files the stand-in kubectl reads (written atomically). */
    private writeState(): void {
        if (!this.stateDir) return;
        for (const p of this.c.pods) {
            const down = this.down.has(p.name);
            const stale = this.staleReady.has(p.name);
            const node = `node-${p.name}`;
            const line = `${node}|${stale || (p.running && !down) ? "True" : "False"}|Running|${p.running && !down ? "2026-01-01T00:00:00Z" : stale ? "2026-01-01T00:00:00Z" : ""}\n`;
            for (const [f, v] of [[path.join(this.stateDir, "pods", p.name), line], [path.join(this.stateDir, "nodes", node), down && !stale ? "False" : "True"]]) {
                fs.writeFileSync(f + ".tmp", v);
                fs.renameSync(f + ".tmp", f);
            }
        }
    }

    private pod(name: string): PgPod {
        const p = this.c.pods.find(x => x.name === name);
        if (!p) throw new Error(`pods "${name}" not found`);
        return p;
    }

    async clusters(): Promise<string[]> { return [this.c.name]; }

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
