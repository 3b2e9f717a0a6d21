/** Schedules: the CronJobs' five-field cron, the ScheduledBackup's six fields, and backup retention. */
import { isSixFieldCron } from "../../../specs/cnpg/cron";
import { check, matching } from "./check";

/** One five-field cron field, as Kubernetes CronJob accepts (no seconds field, no macros). */
const cronFieldPattern = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
/** Bounds of minute, hour, day of month, month and day of week (robfig/cron, which Kubernetes uses). */
const cronBounds: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];

/** Every number of a cron field inside its bounds, ranges ascending, steps at least 1. */
function cronFieldInRange(field: string, [min, max]: [number, number]): boolean {
    return field.split(",").every(part => {
        const [range, step] = part.split("/");
        if (step !== undefined && Number(step) < 1) return false;
        if (range === "*") return true;
        const [from, to = from] = range.split("-").map(Number);
        return min <= from && from <= to && to <= max;
    });
}

function isCron(s: string): boolean {
    const f = s.trim().split(/\s+/);
    return f.length === 5 && f.every((x, i) => cronFieldPattern.test(x) && cronFieldInRange(x, cronBounds[i]));
}

const cronAllowed = "a five-field cron expression such as '0 3 * * *' (minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6)";

export const schedules = {
    backupSchedule: check(isCron, cronAllowed),
    restoreDrill: check<string>(s => s === "" || isCron(s), `'' (no drill) or ${cronAllowed}`),
    scheduledBackupSchedule: check(isSixFieldCron, "a six-field cron expression, seconds first, such as '0 0 3 * * *'"),
    backupRetentionPolicy: matching(/^[1-9][0-9]*[dwm]$/, "a number of days, weeks or months such as '30d', '4w' or '3m'"),
};
