/** Schedules: the CronJobs' five-field cron (or macro), the ScheduledBackup's six fields, and backup retention. */
import { isSixFieldCron } from "../../../specs/cnpg/cron";
import { cronJobScheduleWords, isCronJobSchedule } from "../../../specs/cron";
import { check, matching } from "./check";

export const schedules = {
    backupSchedule: check(isCronJobSchedule, cronJobScheduleWords),
    restoreDrill: check<string>(s => s === "" || isCronJobSchedule(s), `'' (no drill) or ${cronJobScheduleWords}`),
    scheduledBackupSchedule: check(isSixFieldCron, "a six-field cron expression, seconds first, such as '0 0 3 * * *'"),
    backupRetentionPolicy: matching(/^[1-9][0-9]*[dwm]$/, "a number of days, weeks or months such as '30d', '4w' or '3m'"),
};
