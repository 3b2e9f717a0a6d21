/**
 * The schedule of a CloudNativePG ScheduledBackup: six fields, seconds first, parsed by
 * robfig/cron v1 (`cron.Parse`, with an optional day of week). A five-field CronJob schedule such
 * as `0 3 * * *` is accepted by the operator too, but means "minute 3 of every hour" there, so
 * only six fields are allowed here.
 */

interface CronField { name: string; min: number; max: number; names?: string[] }

const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const fields: CronField[] = [
    { name: "second", min: 0, max: 59 },
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12, names: months },
    { name: "day of week", min: 0, max: 6, names: days },
];

function value(text: string, f: CronField): number | undefined {
    if (/^\d+$/.test(text)) return Number(text);
    const i = f.names?.indexOf(text.toUpperCase()) ?? -1;
    // Names count from the field's minimum (JAN = 1, SUN = 0), as robfig/cron's tables do.
    return i >= 0 ? i + f.min : undefined;
}

/** Why one comma-separated part of a field is invalid, or undefined. */
function partProblem(part: string, f: CronField): string | undefined {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) return `'${part}' is not a value, range or step`;
    const [, base, step] = m;
    if (step !== undefined && Number(step) === 0) return `step 0 in '${part}'`;
    if (base === "*" || base === "?") return undefined;
    const bounds = base.split("-");
    if (bounds.length > 2) return `'${base}' is not a value or a range`;
    const values = bounds.map(b => value(b, f));
    if (values.some(v => v === undefined || v < f.min || v > f.max)) {
        return `'${base}' is outside ${f.min}-${f.max}${f.names ? ` (or ${f.names[0]}-${f.names[f.names.length - 1]})` : ""}`;
    }
    if (values.length === 2 && values[0]! > values[1]!) return `range '${base}' runs backwards`;
    return undefined;
}

/** Problems with a six-field schedule; empty when it is valid. */
export function sixFieldCronProblems(schedule: string): string[] {
    const parts = schedule.trim().split(/\s+/);
    if (parts.length !== 6) {
        return [`${parts.length} fields, but six are needed (second minute hour day-of-month month day-of-week)`];
    }
    const out: string[] = [];
    parts.forEach((text, i) => {
        for (const part of text.split(",")) {
            const p = partProblem(part, fields[i]);
            if (p) out.push(`${fields[i].name}: ${p}`);
        }
    });
    return out;
}

export function isSixFieldCron(schedule: string): boolean {
    return sixFieldCronProblems(schedule).length === 0;
}
