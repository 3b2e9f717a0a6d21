/** `restore-drill`: runs the restore-drill CronJob now; and the last drill's result for `status`. */
import { objectName } from "../specs/names";
import { clusterLabel } from "../specs/labels";
import { JobAccess, JobInfo } from "./types";
import { Progress, runJobFromCronJob } from "./jobs";

/** What restore-drill.sh writes as its termination message. */
export interface DrillResult {
    job?: string;
    time: string;
    backup: string;
    durationSeconds: number;
    result: "pass" | "fail";
    expectedWal?: string;
    reachedWal?: string;
    tablesChecked?: number;
    indexesChecked?: number;
    reasons: string[];
}

/** Pure: the result of one drill Job, from its pod's termination message, or from the Job's state. */
export function drillResultOf(j: JobInfo): DrillResult | undefined {
    for (const p of j.pods) {
        if (!p.terminationMessage) continue;
        try {
            const r = JSON.parse(p.terminationMessage.trim().split("\n").pop()!);
            if (r.kind === "restore-drill" && (r.result === "pass" || r.result === "fail")) return { ...r, job: j.name };
        } catch { /* not the drill's message */ }
    }
    if (j.state === "active") return undefined;
    // A Job that ended without a result (killed, deadline, image pull...) is a failed drill.
    return {
        job: j.name, time: j.created, backup: "", durationSeconds: 0, result: j.state === "succeeded" ? "pass" : "fail",
        reasons: j.state === "succeeded" ? [] : [`job ${j.name} failed without a drill result (${j.failureReason ?? "no reason given"})`],
    };
}

export const drillSelector = (cluster: string) => `${clusterLabel}=${cluster},app.kubernetes.io/component=restore-drill`;

/** The newest finished drill's result. */
export async function lastDrill(jobs: JobAccess, cluster: string): Promise<DrillResult | undefined> {
    for (const j of await jobs.jobs(drillSelector(cluster))) {
        const r = drillResultOf(j);
        if (r) return r;
    }
    return undefined;
}

export async function runRestoreDrill(jobs: JobAccess, cluster: string, now: Date, progress: Progress, pollMs?: number): Promise<DrillResult> {
    const j = await runJobFromCronJob(jobs, objectName(cluster, "restoreDrill"), now, progress, { pollMs });
    const r = drillResultOf(j);
    if (!r) throw new Error(`job ${j.name} ended without a result`);
    return r;
}

export function renderDrill(r: DrillResult): string {
    const lines = [`restore drill ${r.result.toUpperCase()}: backup ${r.backup || "-"}, ${r.durationSeconds}s, at ${r.time}`];
    if (r.reachedWal || r.expectedWal) lines.push(`recovery reached ${r.reachedWal || "-"} (archive up to ${r.expectedWal || "-"})`);
    if (r.tablesChecked !== undefined) lines.push(`amcheck: ${r.tablesChecked} tables, ${r.indexesChecked} indexes`);
    for (const reason of r.reasons) lines.push(`reason: ${reason}`);
    return lines.join("\n");
}
