/**
 * The schedule of a CloudNativePG ScheduledBackup: six fields, seconds first, read by the shared
 * field parser (specs/cron.ts). A five-field CronJob schedule such as `0 3 * * *` is accepted by
 * the operator too, but means "minute 3 of every hour" there, so only six fields are allowed here.
 */
import { sixFieldCronProblems } from "../cron";

export { sixFieldCronProblems };

export function isSixFieldCron(schedule: string): boolean {
    return sixFieldCronProblems(schedule).length === 0;
}
