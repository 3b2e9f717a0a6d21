/** `backup`: runs the base-backup CronJob now, follows it, prints the new backup's id. */
import { objectName } from "../specs/names";
import { JobAccess, JobInfo } from "./types";
import { Progress, runJobFromCronJob } from "./jobs";

export interface BackupRun { job: JobInfo; backupId?: string; log: string }

/** Pure: the backup id base-backup.sh prints as its last stdout line. */
export function backupIdFromLog(log: string): string | undefined {
    return log.trim().split("\n").map(l => l.trim()).reverse().find(l => /^[0-9]{8}T[0-9]{9}Z$/.test(l));
}

export async function runBackup(jobs: JobAccess, cluster: string, now: Date, progress: Progress, pollMs?: number): Promise<BackupRun> {
    const job = await runJobFromCronJob(jobs, objectName(cluster, "backup"), now, progress, { pollMs });
    const pod = job.pods.find(p => p.phase === "Succeeded") ?? job.pods[job.pods.length - 1];
    const log = pod ? await jobs.logs(pod.name, "base-backup").catch(e => `(no log: ${(e as Error).message})`) : "";
    return { job, backupId: backupIdFromLog(log), log };
}
