/**
 * Measures a failover of the real processes: when the standbys' repmgrd first missed the primary
 * (its log, 1 s resolution), when pgpool detached it (its log, ms), when a standby left recovery
 * (polled every 100 ms), when the first write through pgpool was acknowledged, and how many
 * acknowledged commits are missing on the new primary.
 */
import { execFileSync } from "child_process";
import { sleep, waitFor } from "../../helpers/pgExec";
import { WriteLoop, WriteTarget } from "../../helpers/pgWriter";
import { RepmgrCluster } from "./repmgrCluster";

export interface FailoverTimeline {
    /** ms after the fault; undefined when the log has no such line. */
    detectionMs?: number;
    pgpoolDetachMs?: number;
    promotionMs: number;
    firstWriteMs: number;
    /** Longest time without an acknowledged write around the fault. */
    longestGapMs: number;
    acked: number;
    lost: number;
    newPrimary: number;
}

let writers = 0;

/** A write loop through pgpool whose ids no other loop of the run uses. */
export function startWriter(c: RepmgrCluster, name: string, maxSeconds = 300): WriteLoop {
    const w = new WriteLoop(writeTarget(c), name);
    w.start(maxSeconds, ++writers * 1_000_000);
    return w;
}

/**
 * Waits until `w` has more than 5 acknowledged writes (the cluster takes writes before a fault);
 * a timeout reports the cluster's state.
 */
export async function awaitWrites(c: RepmgrCluster, w: WriteLoop, what: string, timeoutMs = 30000): Promise<void> {
    await waitFor(what, async () => (w.ackedCount() > 5 ? true : undefined), timeoutMs, 100)
        .catch(async (e: Error) => { throw new Error(`${e.message}\n${await clusterState(c, w)}`); });
}

export function writeTarget(c: RepmgrCluster): WriteTarget {
    return { root: c.root, pods: [{ env: c.env(0) }], clientConninfo: () => c.clientConninfo(), appSql: q => c.appSql(q) };
}

/**
 * Lines of `text` stamped at or after `since` (less the stamp's resolution) that match `re`: the
 * first one's time (ms since epoch).
 */
function firstLogTime(text: string, re: RegExp, stamp: RegExp, since: number, resolutionMs: number): number | undefined {
    for (const line of text.split("\n")) {
        if (!re.test(line)) continue;
        const m = line.match(stamp);
        if (!m) continue;
        const t = Date.parse(m[1].replace(" ", "T") + "Z");
        if (t >= since - resolutionMs) return t;
    }
    return undefined;
}

const repmgrStamp = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\]/;
const pgpoolStamp = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}):/;

export function repmgrDetection(c: RepmgrCluster, since: number): number | undefined {
    const times = c.pods.map(p => firstLogTime(p.log("repmgrd"), /unable to (ping|connect to upstream)|upstream node .* (not available|is down)/i, repmgrStamp, since, 999))
        .filter((t): t is number => t !== undefined);
    return times.length ? Math.min(...times) : undefined;
}

export function pgpoolDetach(c: RepmgrCluster, since: number): number | undefined {
    return firstLogTime(c.pgpool.log("pgpool"), /starting degeneration|failover: set new primary|degenerate backend request/i, pgpoolStamp, since, 0);
}

/** The pod (other than `old`) that is primary now; polls every 100 ms. */
export async function awaitNewPrimary(c: RepmgrCluster, old: number, timeoutMs = 120000): Promise<{ pod: number; at: number }> {
    return waitFor(`a new primary other than pg-${old}`, async () => {
        for (let i = 0; i < c.pods.length; i++) {
            if (i !== old && c.pods[i].isRunning && (await c.role(i)) === "primary") return { pod: i, at: Date.now() };
        }
        return undefined;
    }, timeoutMs, 100);
}

/** Runs `fault` against the primary `old` under a write loop and measures the failover it causes. */
export async function measureFailover(c: RepmgrCluster, old: number, name: string, fault: () => Promise<void>): Promise<FailoverTimeline> {
    // Ends with stop(); its own limit only guards against a test that never stops it.
    const w = startWriter(c, name, 900);
    await awaitWrites(c, w, "the write loop's first acknowledged writes");
    const t0 = Date.now();
    await fault();
    const promoted = await awaitNewPrimary(c, old);
    // A commit on the new primary waits for a synchronous standby (ANY 1): for the other standby's
    // follow or the old primary's rejoin, which is bounded by 4 min on a loaded machine (see
    // awaitStandbyOf). The time it took is printed with the timeline, never asserted.
    const first = await waitFor("an acknowledged write after the fault", async () => w.acks().find(([, t]) => t > promoted.at - 50)?.[1], 240000, 100)
        .catch(async (e: Error) => { throw new Error(`${e.message} (fault at ${new Date(t0).toISOString()}, pg-${promoted.pod} primary at ${new Date(promoted.at).toISOString()})\n${await clusterState(c, w)}`); });
    await sleep(1000);
    const result = await w.stop();
    const present = new Set((await c.sql(promoted.pod, "SELECT id FROM acked", "appdb")).split("\n").filter(Boolean).map(Number));
    const detection = repmgrDetection(c, t0);
    const detach = pgpoolDetach(c, t0);
    return {
        detectionMs: detection === undefined ? undefined : Math.max(0, detection - t0),
        pgpoolDetachMs: detach === undefined ? undefined : detach - t0,
        promotionMs: promoted.at - t0,
        firstWriteMs: first - t0,
        longestGapMs: result.longestGapMs,
        acked: result.acked.length,
        lost: result.acked.filter(id => !present.has(id)).length,
        newPrimary: promoted.pod,
    };
}

/**
 * What a failed wait reports: the write loop's last attempts, pgpool's view, each member's role,
 * its standbys and the sessions waiting for one (a synchronous commit with no standby hangs),
 * and the last lines of every log.
 */
export async function clusterState(c: RepmgrCluster, w: WriteLoop): Promise<string> {
    const at = (ms?: number) => (ms === undefined ? "none" : new Date(ms).toISOString());
    const failures = w.failures();
    const lines = [
        `write loop: running ${w.running}, last acknowledged attempt ${at(w.acks().pop()?.[1])}, ${failures.length} failed; the last ones:`,
        ...failures.slice(-5).map(f => `    ${at(f.at)} ${f.error}`),
        `pgpool: ${JSON.stringify(await c.pgpoolNodes().catch(e => String(e).split("\n")[0]))}`,
    ];
    for (let i = 0; i < c.pods.length; i++) {
        const q = (sql: string) => c.trySql(i, sql).then(r => r ?? "(no answer)");
        lines.push(`pg-${i}: ${await c.role(i)}; standbys ${await q("SELECT string_agg(application_name || ' ' || state || ' ' || sync_state, ', ') FROM pg_stat_replication")}; ` +
            `waiting ${await q("SELECT string_agg(wait_event || ': ' || left(query, 60), ', ') FROM pg_stat_activity WHERE wait_event_type = 'IPC' AND wait_event = 'SyncRep'")}`);
    }
    const tail = (text: string, n = 12) => text.trimEnd().split("\n").slice(-n).map(l => `    ${l}`).join("\n");
    for (const [i, p] of c.pods.entries()) for (const name of ["postgres", "repmgrd"]) lines.push(`pg-${i} ${name}:\n${tail(p.log(name))}`);
    // The liveness probe's pcp calls would fill the tail.
    const pgpoolLog = c.pgpool.log("pgpool").split("\n").filter(l => !/pcp_main|PCP process/.test(l)).join("\n");
    lines.push(`pgpool:\n${tail(pgpoolLog, 40)}`, `pgpool's processes (pgpool titles each child with what it does):\n${pgpoolProcesses(c)}`);
    return lines.join("\n");
}

/** ps lines of the pgpool container's processes: state, kernel wait channel, title. */
function pgpoolProcesses(c: RepmgrCluster): string {
    const group = c.pgpool.pid("pgpool");
    if (group === undefined) return "    (not running)";
    const ps = execFileSync("ps", ["-e", "-o", "pgid=,pid=,stat=,wchan:24=,args="], { encoding: "utf8" });
    return ps.split("\n").filter(l => l.trim().split(/\s+/)[0] === String(group)).map(l => `    ${l.trim()}`).join("\n");
}

/** The pgpool restarts its liveness probe made, with the probe's output, for a test's after(). */
export function printLivenessKills(c: RepmgrCluster | undefined): void {
    for (const k of c?.pgpool.livenessKills ?? []) console.log(`      pgpool restarted by its liveness probe at ${new Date(k.at).toISOString()}: ${k.output.trim()}`);
}

export function formatTimeline(what: string, t: FailoverTimeline): string {
    const s = (ms?: number) => (ms === undefined ? "n/a" : `${(ms / 1000).toFixed(1)} s`);
    return `${what}: detection ${s(t.detectionMs)} (±1 s), pgpool detach ${s(t.pgpoolDetachMs)}, promotion ${s(t.promotionMs)}, ` +
        `first write ${s(t.firstWriteMs)}, longest write gap ${s(t.longestGapMs)}, acknowledged ${t.acked}, lost ${t.lost} (new primary pg-${t.newPrimary})`;
}
