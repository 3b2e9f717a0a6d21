/**
 * A test "StatefulSet": N pods sharing the WAL archive and backup volumes, a fake kubectl whose
 * `label` writes the pod's role label to a file, and the rw-Service proxy that routes by those
 * labels. `destroy()` stops every server and process it started, also after a failed test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PodEnvOptions } from "../../specs/pod-env";
import { chownToPostgres, makeDir, mustRun, waitFor } from "./pgExec";
import { PgPod, PodConfig } from "./pgPod";
import { RwServiceProxy, freePort } from "./pgProxy";

export interface ClusterOptions {
    instances: number;
    archive?: boolean;
    backups?: boolean;
    /** Extra postgresql.conf parameters (e.g. synchronous replication). */
    parameters?: Record<string, string | number | boolean>;
    /** Extra environment (e.g. PG_BACKUP_KEEP), as the components would set it. */
    extraEnv?: Record<string, string>;
    /** Name of the StatefulSet; pods are `<name>-<ordinal>`. */
    name?: string;
    /** Mount this cluster's archive and backup volumes (a recovery instance reads them). */
    volumesFrom?: PgCluster;
}

const liveClusters = new Set<PgCluster>();

export class PgCluster {
    readonly root: string;
    readonly labelsDir: string;
    readonly pods: PgPod[] = [];
    readonly proxy: RwServiceProxy;
    readonly spec: PodEnvOptions;
    readonly passwords = { superuser: rand(), replication: rand(), app: rand() };
    shared!: { archiveDir: string; backupDir: string };

    private constructor(readonly o: ClusterOptions) {
        this.root = makeDir(fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-")), 0o755);
        this.labelsDir = makeDir(path.join(this.root, "labels"), 0o777);
        this.proxy = new RwServiceProxy(() => this.labelledPrimaryPorts());
        const name = o.name ?? "pg";
        this.spec = {
            statefulSet: name, headlessService: `${name}-hl`, primaryService: `${name}-rw`, namespace: "test",
            instances: o.instances, port: 5432, superuser: "postgres", replicationUser: "replicator",
            appUser: "app", appDatabase: "appdb", roleLabel: "postgres-k8s.io/role",
            archive: o.archive ?? false, backups: o.backups ?? false,
        };
    }

    static async create(o: ClusterOptions): Promise<PgCluster> {
        const c = new PgCluster(o);
        liveClusters.add(c);
        await c.proxy.listen();
        const shared = o.volumesFrom ? o.volumesFrom.shared : {
            archiveDir: makeDir(path.join(c.root, "archive")),
            backupDir: makeDir(path.join(c.root, "backups")),
        };
        c.shared = shared;
        const ports: number[] = [];
        for (let i = 0; i < o.instances; i++) ports.push(await freePort());
        const peerPorts = Object.fromEntries(ports.map((p, i) => [`${c.spec.statefulSet}-${i}`, p]));
        for (let i = 0; i < o.instances; i++) {
            const cfg: PodConfig = {
                name: `${c.spec.statefulSet}-${i}`, port: ports[i], root: path.join(c.root, `pod-${i}`),
                shared, peerPorts, primaryServicePort: c.proxy.port, spec: c.spec, passwords: c.passwords,
                labelsDir: c.labelsDir, parameters: o.parameters ?? {}, extraEnv: o.extraEnv ?? {},
            };
            c.pods.push(new PgPod(cfg));
        }
        return c;
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

    async destroy(): Promise<void> {
        liveClusters.delete(this);
        for (const p of this.pods) await p.destroy();
        await this.proxy.close();
        if (!process.env.PGK8S_KEEP_TEST_DIRS) fs.rmSync(this.root, { recursive: true, force: true });
    }

    /** Safety net for a test that forgot (or failed before) its own cleanup. */
    static async destroyAll(): Promise<void> {
        for (const c of [...liveClusters]) await c.destroy();
    }
}

function rand(): string {
    // Includes ':' and '\\' so passfile escaping is exercised on every run.
    return `t:${require("crypto").randomBytes(12).toString("base64url")}\\x`;
}
