/** Runs a Job from a CronJob and follows it to completion, reporting each change (backup, restore-drill). */
import { JobAccess, JobInfo } from "./types";

export type Progress = (line: string) => void;

/** Job name for a manual run: `<cronjob>-manual-<utc time>`, within the 63-character limit. */
export function manualJobName(cronJob: string, now: Date): string {
    const stamp = now.toISOString().replace(/[-:TZ.]/g, "").slice(0, 14);
    return `${cronJob.slice(0, 63 - "-manual-".length - stamp.length)}-manual-${stamp}`;
}

/** One line per observed change of the Job or its pods. */
export function describeJob(j: JobInfo): string {
    const pods = j.pods.map(p => `${p.name} ${p.phase}${p.exitCode !== undefined ? ` (exit ${p.exitCode})` : ""}`).join(", ");
    return `job ${j.name}: ${j.state}${j.failureReason ? ` (${j.failureReason})` : ""}${pods ? `; pods: ${pods}` : "; no pod yet"}`;
}

export async function runJobFromCronJob(jobs: JobAccess, cronJob: string, now: Date, progress: Progress,
    o: { pollMs?: number; timeoutMs?: number } = {}): Promise<JobInfo> {
    const name = await jobs.createJobFromCronJob(cronJob, manualJobName(cronJob, now));
    progress(`created job ${name} from cronjob ${cronJob}`);
    const deadline = Date.now() + (o.timeoutMs ?? 6 * 3600_000);
    let last = "";
    for (;;) {
        const j = await jobs.job(name);
        if (!j) throw new Error(`job ${name} disappeared`);
        const line = describeJob(j);
        if (line !== last) progress(line);
        last = line;
        if (j.state !== "active") return j;
        if (Date.now() > deadline) throw new Error(`job ${name} still running after ${Math.round((o.timeoutMs ?? 0) / 1000)}s; follow it with kubectl -n ${jobs.namespace} get job ${name}`);
        await new Promise(r => setTimeout(r, o.pollMs ?? 2000));
    }
}
