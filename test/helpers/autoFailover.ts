/**
 * The auto-failover controller (components/streaming/scripts/auto-failover.sh) run as a process
 * beside a PgCluster, as its Deployment runs it: the postgres user, the pod scripts, and a
 * stand-in kubectl (cliLocal.ts) that answers its pod and node queries and runs its execs in the
 * local "pods". Used by the controller's tests and by `npm run bench`.
 */
import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn } from "child_process";
import { LocalAccess } from "./cliLocal";
import { PgCluster } from "./pgCluster";
import { postgresUser, waitFor } from "./pgExec";
import { waitForReplay } from "./pgWal";
import { WriteLoop } from "./pgWriter";

export const CONTROLLER_SCRIPT = path.resolve(__dirname, "../../components/streaming/scripts/auto-failover.sh");

export class FailoverController {
    readonly logFile: string;
    private constructor(private readonly child: ChildProcess, logFile: string) { this.logFile = logFile; }

    /** Starts the loop (every `intervalSeconds`, failing over after `checks` checks) and waits for its first check. */
    static async start(c: PgCluster, access: LocalAccess, intervalSeconds: number, checks: number): Promise<FailoverController> {
        const logFile = path.join(c.root, "auto-failover.log");
        const log = fs.openSync(logFile, "a");
        const child = spawn("bash", [CONTROLLER_SCRIPT], {
            uid: postgresUser.uid, gid: postgresUser.gid, cwd: "/", stdio: ["ignore", log, log],
            env: {
                PATH: process.env.PATH, POD_NAMESPACE: "test", PG_FAILOVER_PODS: c.pods.map(p => p.name).join(" "),
                PG_ROLE_LABEL: "postgres-k8s.io/role", PG_KUBECTL: access.fakeKubectl(), PG_SCRIPTS_DIR: c.pods[0].dirs.scriptsDir,
                PG_RUN_DIR: c.root, PG_FAILOVER_INTERVAL_SECONDS: String(intervalSeconds), PG_FAILOVER_CHECKS: String(checks),
            },
        });
        fs.closeSync(log);
        await waitFor("the controller's first check", async () => (fs.existsSync(path.join(c.root, "auto-failover.alive")) ? true : undefined));
        return new FailoverController(child, logFile);
    }

    log(): string { return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8") : ""; }

    stop(): void { this.child.kill("SIGTERM"); }
}

/** Pods whose PostgreSQL answers as primary now. */
export async function primaries(c: PgCluster): Promise<string[]> {
    const out: string[] = [];
    for (const p of c.pods) if (p.running && (await p.run("role.sh")).stdout.trim() === "primary") out.push(p.name);
    return out;
}

export interface NodeLossFailover {
    promoted: string;
    /** From the node's loss to a new primary answering, and to the read-write label on it. */
    promotedMs: number;
    labelledMs: number;
    longestGapMs: number;
    acked: number;
    /** Acknowledged commits missing on the new primary (asynchronous replication: RPO > 0). */
    lost: number;
}

/**
 * Under a client write loop through the read-write Service stand-in, the primary pg-0's node is
 * lost (pg-0 crashes and nothing restarts it; its node reports NotReady) until the controller
 * promotes a replica and writes resume; the node is not brought back.
 */
export async function loseThePrimarysNode(c: PgCluster, access: LocalAccess): Promise<NodeLossFailover> {
    const w = new WriteLoop(c);
    w.start(240);
    try {
        await waitFor("writes before the loss", async () => (w.ackedCount() >= 50 ? true : undefined));
        for (const p of c.pods.slice(1)) await waitForReplay(p, c.pods[0]);
        const lostAt = Date.now();
        access.down.add("pg-0");
        await c.pods[0].crash();
        const promoted = await waitFor("a new primary", async () => {
            const ps = await primaries(c);
            return ps.length === 1 && ps[0] !== "pg-0" ? ps[0] : undefined;
        }, 120000, 100);
        const promotedMs = Date.now() - lostAt;
        const target = c.pods.find(p => p.name === promoted)!;
        await c.waitForPrimaryLabel(target);
        const labelledMs = Date.now() - lostAt;
        const before = w.ackedCount();
        await waitFor("writes after the failover", async () => (w.ackedCount() >= before + 20 ? true : undefined), 60000, 100);
        const r = await w.stop();
        const present = new Set((await target.sql("SELECT id FROM acked", "appdb")).split("\n").filter(Boolean).map(Number));
        return { promoted, promotedMs, labelledMs, longestGapMs: r.longestGapMs, acked: r.acked.length, lost: r.acked.filter(id => !present.has(id)).length };
    } finally {
        w.kill();
    }
}
