/**
 * `switchover --to <pod>` and `failover [--to <pod>]`: the procedures of docs/failover.md, run
 * through exec with their safety checks. `planSwitchover` and `planFailover` decide from the
 * gathered status alone (pure); the pod scripts check again on their side (promote.sh refuses
 * while a primary answers and when another replica has more WAL).
 */
import { InstanceStatus } from "./status";
import { lsnValue } from "./sql";
import { ClusterAccess } from "./types";
import { Progress } from "./jobs";
import { scriptCommand } from "./sql";

export type Plan = { ok: true; primary?: string; target: string; notes: string[] } | { ok: false; refusal: string };

const names = (xs: InstanceStatus[]) => xs.map(x => x.pod.name).join(", ");

export function planSwitchover(instances: InstanceStatus[], to: string): Plan {
    const target = instances.find(i => i.pod.name === to);
    if (!target) return { ok: false, refusal: `${to} is not an instance of this cluster (instances: ${names(instances)})` };
    const primaries = instances.filter(i => i.role === "primary");
    if (primaries.length !== 1) {
        return { ok: false, refusal: primaries.length === 0
            ? "no instance answers as primary: a switchover needs a running primary (use failover)"
            : `more than one primary answers (${names(primaries)}): resolve that first (docs/failover.md)` };
    }
    const primary = primaries[0];
    if (target === primary) return { ok: false, refusal: `${to} is already the primary` };
    if (target.role !== "replica") return { ok: false, refusal: `${to} does not answer (${target.error ?? "unreachable"}): it cannot take over` };
    if (!target.pod.ready) return { ok: false, refusal: `${to} is not Ready` };
    const link = primary.state!.replicas.find(r => r.name === to);
    if (!link || link.state !== "streaming") {
        return { ok: false, refusal: `${to} is not streaming from ${primary.pod.name} (${link?.state ?? "not connected"}): it could not receive the primary's last WAL` };
    }
    return { ok: true, primary: primary.pod.name, target: to, notes: [`${to} streams from ${primary.pod.name}, ${link.lagBytes} bytes behind`] };
}

export function planFailover(instances: InstanceStatus[], to: string | undefined, force: boolean): Plan {
    const primaries = instances.filter(i => i.role === "primary");
    if (primaries.length) return { ok: false, refusal: `${names(primaries)} still answers as primary: use switchover (a failover is for a lost primary)` };
    // A pod Kubernetes still reports Ready (or on a Ready node) that does not answer us may still
    // be running and accepting writes from clients that reach it: no lease fences it.
    const unreachable = instances.filter(i => i.role === "unreachable");
    const maybeAlive = unreachable.filter(i => i.pod.ready || (i.pod.phase === "Running" && i.pod.nodeReady !== false && i.pod.roleLabel === "primary"));
    if (maybeAlive.length && !force) {
        return { ok: false, refusal: `${names(maybeAlive)} does not answer but Kubernetes reports it running: it may still be a primary for clients that reach it. ` +
            "Make sure it is stopped (its node is down, or delete the pod) and retry, or pass --force" };
    }
    const replicas = instances.filter(i => i.role === "replica" && i.state);
    if (!replicas.length) return { ok: false, refusal: "no replica answers: nothing can be promoted" };
    const best = replicas.reduce((a, b) => (lsnValue(b.state!.walLsn) > lsnValue(a.state!.walLsn) ? b : a));
    const notes = replicas.map(r => `${r.pod.name} has WAL up to ${r.state!.walLsn}`);
    if (to === undefined) return { ok: true, target: best.pod.name, notes: [...notes, `promoting the most advanced replica, ${best.pod.name}`] };
    const chosen = replicas.find(r => r.pod.name === to);
    if (!chosen) return { ok: false, refusal: `${to} is not a replica that answers (replicas: ${names(replicas)})` };
    if (lsnValue(chosen.state!.walLsn) < lsnValue(best.state!.walLsn) && !force) {
        return { ok: false, refusal: `${best.pod.name} has more WAL (${best.state!.walLsn}) than ${to} (${chosen.state!.walLsn}): promote ${best.pod.name}, or pass --force to lose what only it has` };
    }
    return { ok: true, target: to, notes };
}

/** Polls until `pod` answers with `role` through exec. */
async function waitForRole(access: ClusterAccess, pod: string, role: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await access.exec(pod, scriptCommand("role.sh"))).stdout.trim() !== role) {
        if (Date.now() > deadline) throw new Error(`${pod} did not answer as ${role} within ${timeoutMs / 1000}s`);
        await new Promise(r => setTimeout(r, 1000));
    }
}

/** Polls until the API shows exactly `pod` labelled primary (the read-write Service follows that label). */
export async function waitForPrimaryLabel(access: ClusterAccess, cluster: string, pod: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const labelled = (await access.pods(cluster)).filter(p => p.roleLabel === "primary").map(p => p.name);
        if (labelled.length === 1 && labelled[0] === pod) return;
        if (Date.now() > deadline) throw new Error(`the primary label is on [${labelled.join(", ")}], not on ${pod}, after ${timeoutMs / 1000}s`);
        await new Promise(r => setTimeout(r, 1000));
    }
}

async function mustExec(access: ClusterAccess, pod: string, command: string[], what: string): Promise<void> {
    const r = await access.exec(pod, command);
    if (r.code !== 0) throw new Error(`${what} failed on ${pod}: ${(r.stderr || r.stdout).trim().split("\n").pop()}`);
}

export interface RunOptions { timeoutMs: number }

export async function runSwitchover(access: ClusterAccess, cluster: string, plan: Extract<Plan, { ok: true }>, progress: Progress, o: RunOptions): Promise<void> {
    const old = plan.primary!;
    progress(`demoting ${old} (demote.sh: standby.signal, fast shutdown; its container restarts as a replica)`);
    await mustExec(access, old, scriptCommand("demote.sh"), "demote.sh");
    progress(`waiting for ${old} to come back as a replica`);
    await waitForRole(access, old, "replica", o.timeoutMs);
    progress(`promoting ${plan.target} (promote.sh --switchover ${old}: checks it holds all of ${old}'s WAL)`);
    await mustExec(access, plan.target, scriptCommand("promote.sh", ["--switchover", old]), "promote.sh");
    progress(`waiting for the primary label (read-write Service) to move to ${plan.target}`);
    await waitForPrimaryLabel(access, cluster, plan.target, o.timeoutMs);
    progress(`switchover complete: ${plan.target} is the primary, ${old} a replica`);
}

export async function runFailover(access: ClusterAccess, cluster: string, plan: Extract<Plan, { ok: true }>, force: boolean, progress: Progress, o: RunOptions): Promise<void> {
    progress(`promoting ${plan.target} (promote.sh${force ? " --force" : ""}: refuses while a primary answers or another replica has more WAL)`);
    await mustExec(access, plan.target, scriptCommand("promote.sh", force ? ["--force"] : []), "promote.sh");
    progress(`waiting for the primary label (read-write Service) to move to ${plan.target}`);
    await waitForPrimaryLabel(access, cluster, plan.target, o.timeoutMs);
    progress(`failover complete: ${plan.target} is the primary; the old primary rejoins as a replica when it restarts (pg_rewind)`);
}
