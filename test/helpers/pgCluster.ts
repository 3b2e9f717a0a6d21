/**
 * A test "StatefulSet": N pods sharing the WAL archive and backup volumes, a fake kubectl whose
 * `label` writes the pod's role label to a file, and the rw-Service proxy that routes by those
 * labels. `destroy()` stops every server and process it started, also after a failed test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chownToPostgres, makeDir, mustRun, RunResult, waitFor } from "./pgExec";
import { PgPod, PodConfig } from "./pgPod";
import { BackupCompression } from "../../specs/self-managed/backup";
import { ClusterContainers, clusterContainers, ContainerSpec } from "./pgSpec";
import { RwServiceProxy, freePort } from "./pgProxy";

export interface ClusterOptions {
    instances: number;
    archive?: boolean;
    /** Extra postgresql.conf parameters (e.g. synchronous replication). */
    parameters?: Record<string, string | number | boolean>;
    /** Extra environment for every container (test overrides such as short waits). */
    extraEnv?: Record<string, string>;
    /** Base backups the backup CronJob keeps (PG_BACKUP_RETAIN); default 10. */
    retain?: number;
    /** Base-backup compression (the CronJob's PG_BACKUP_COMPRESSION). Defaults to the spec's default. */
    compression?: BackupCompression;
    /** Name of the StatefulSet; pods are `<name>-<ordinal>`. */
    name?: string;
    /** The replicaMaxLagMB key (the readiness probe's bound). Defaults to the key's default. */
    replicaMaxLagMB?: number;
}

/** Every cluster not yet destroyed: bench/run.ts stops them when a benchmark fails. */
const liveClusters = new Set<PgCluster>();

export class PgCluster {
    readonly root: string;
    readonly labelsDir: string;
    readonly pods: PgPod[] = [];
    readonly proxy: RwServiceProxy;
    readonly containers: ClusterContainers;
    readonly name: string;
    private ports: Record<string, number> = {};
    private jobs = 0;
    private extraPods: PgPod[] = [];
    readonly passwords = { superuser: rand(), replication: rand(), app: rand() };
    shared!: { archiveDir: string; backupDir: string };

    private constructor(readonly o: ClusterOptions) {
        this.root = makeDir(fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-")), 0o755);
        this.labelsDir = makeDir(path.join(this.root, "labels"), 0o777);
        this.proxy = new RwServiceProxy(() => this.labelledPrimaryPorts());
        this.name = o.name ?? "pg";
        this.containers = clusterContainers({ cluster: this.name, namespace: "test", instances: o.instances, archive: o.archive ?? false, retain: o.retain ?? 10, compression: o.compression, replicaMaxLagMB: o.replicaMaxLagMB });
    }

    static async create(o: ClusterOptions): Promise<PgCluster> {
        const c = new PgCluster(o);
        liveClusters.add(c);
        await c.proxy.listen();
        // One RWX volume in the cluster: every pod and job sees the same archive and backups.
        c.shared = {
            archiveDir: makeDir(path.join(c.root, "archive")),
            backupDir: makeDir(path.join(c.root, "backups")),
        };
        for (let i = 0; i < o.instances; i++) c.ports[`${c.name}-${i}`] = await freePort();
        for (let i = 0; i < o.instances; i++) {
            c.pods.push(c.pod(`${c.name}-${i}`, c.ports[`${c.name}-${i}`], { main: c.containers.postgres, podInit: c.containers.bootstrap, sidecar: c.containers.labeller }));
        }
        return c;
    }

    /**
     * A cluster whose pods are all started, in ordinal order (ordinal 0 initialises, the others
     * clone). A pod that fails to start takes the cluster down with it: the caller never got it.
     */
    static async started(o: ClusterOptions): Promise<PgCluster> {
        const c = await PgCluster.create(o);
        try {
            for (const p of c.pods) await p.start();
        } catch (e) {
            await c.destroy();
            throw e;
        }
        return c;
    }

    private pod(name: string, port: number, containers: { main: ContainerSpec; init?: ContainerSpec; podInit?: ContainerSpec; sidecar?: ContainerSpec }): PgPod {
        const cfg: PodConfig = {
            name, port, root: path.join(this.root, name), shared: this.shared, peerPorts: this.ports,
            primaryServicePort: this.proxy.port, namespace: "test", archive: this.o.archive ?? false, ...containers,
            passwords: this.passwords, labelsDir: this.labelsDir, parameters: this.o.parameters ?? {}, extraEnv: this.o.extraEnv ?? {},
        };
        return new PgPod(cfg);
    }

    /** Runs one base-backup CronJob pod to completion (its exact command: backup, then prune). */
    async runBackupJob(extraEnv: Record<string, string> = {}): Promise<RunResult> {
        const job = this.pod(`${this.name}-backup-${++this.jobs}`, 0, { main: this.containers.backupJob });
        this.extraPods.push(job);
        return job.runMain(extraEnv);
    }

    /**
     * Runs one restore-drill CronJob pod to completion (its exact command and environment, on
     * its own scratch volume); the result file stands in for the termination message.
     */
    async runRestoreDrill(): Promise<RunResult & { resultFile: string }> {
        const job = this.pod(`${this.name}-restore-drill-${++this.jobs}`, await freePort(), { main: this.containers.restoreDrill });
        this.extraPods.push(job);
        const resultFile = path.join(job.dirs.runDir, "termination-log");
        return { ...(await job.runMain({ PG_DRILL_RESULT_FILE: resultFile, PG_DRILL_PORT: String(job.port) })), resultFile };
    }

    /** The point-in-time recovery instance's pod, on its own new data volume. */
    async restorePod(from: string, targetTime: string): Promise<PgPod> {
        const name = `${this.name}-restore-${++this.jobs}`;
        const p = this.pod(name, await freePort(), { main: this.containers.restoreServer, init: this.containers.restoreInit(from, targetTime) });
        this.extraPods.push(p);
        return p;
    }

    /** Ports of the pods labelled primary, as the rw Service's selector would pick them. */
    labelledPrimaryPorts(): number[] {
        return this.pods.filter(p => p.label() === "primary").map(p => p.port);
    }

    /** Writes a passfile for a test client (the app user through the rw Service). */
    clientConninfo(db = "appdb", user = "app"): string {
        const pass = path.join(this.root, "client.pgpass");
        const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/:/g, "\\:");
        fs.writeFileSync(pass, `*:*:*:${user}:${esc(this.passwords.app)}\n`, { mode: 0o600 });
        chownToPostgres(pass);
        return `host=127.0.0.1 port=${this.proxy.port} user=${user} dbname=${db} passfile=${pass} connect_timeout=3`;
    }

    /** psql as the app user over TCP through the rw Service (scram, password from its secret). */
    appSql(query: string): Promise<string> {
        return mustRun("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", this.clientConninfo(), "-c", query], { env: this.pods[0].env }).then(s => s.trim());
    }

    /** Waits until exactly `pod` carries the primary label, as the rw Service sees it. */
    async waitForPrimaryLabel(pod: PgPod, timeoutMs = 30000): Promise<void> {
        await waitFor(`${pod.name} to be the only pod labelled primary`, async () => {
            const ports = this.labelledPrimaryPorts();
            return ports.length === 1 && ports[0] === pod.port ? true : undefined;
        }, timeoutMs);
    }

    /** Names of the log files (server, entrypoint, labeller) that contain one of the passwords. */
    leakedPasswords(): string[] {
        const leaks: string[] = [];
        for (const p of [...this.pods, ...this.extraPods]) {
            for (const f of ["postgres.log", "labeller.log"].map(n => path.join(p.c.root, n)).filter(f => fs.existsSync(f))) {
                const text = fs.readFileSync(f, "utf8");
                if (Object.values(this.passwords).some(pw => text.includes(pw))) leaks.push(f);
            }
        }
        return leaks;
    }

    async destroy(): Promise<void> {
        liveClusters.delete(this);
        for (const p of [...this.pods, ...this.extraPods]) await p.destroy();
        await this.proxy.close();
        // Every scenario doubles as a check that no script or server log ever shows a password.
        const leaks = this.leakedPasswords();
        if (leaks.length) throw new Error(`password found in ${leaks.join(", ")}`);
        if (!process.env.PGK8S_KEEP_TEST_DIRS) fs.rmSync(this.root, { recursive: true, force: true });
    }

    /** Stops every cluster not yet destroyed (a benchmark that failed half-way). */
    static async destroyAll(): Promise<void> {
        for (const c of [...liveClusters]) await c.destroy();
    }
}

function rand(): string {
    // Includes ':' and '\\' so passfile escaping is exercised on every run.
    return `t:${require("crypto").randomBytes(12).toString("base64url")}\\x`;
}
