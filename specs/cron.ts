/**
 * Cron schedules, parsed as robfig/cron v3 does (github.com/robfig/cron/v3, parser.go), one
 * field parser for both layouts the program writes:
 * - a CronJob's `spec.schedule`: Kubernetes validates it with robfig's standard parser
 *   (`cron.ParseStandard`: five fields, or a macro such as `@daily`) and refuses a `TZ=` or
 *   `CRON_TZ=` prefix (pkg/apis/batch/validation: the CronJob's timeZone field sets the zone);
 * - a CloudNativePG ScheduledBackup's `schedule`: six fields, seconds first (specs/cnpg/cron.ts).
 */

interface CronField { name: string; min: number; max: number; names?: string[] }

const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const second: CronField = { name: "second", min: 0, max: 59 };
const standardFields: CronField[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12, names: months },
    { name: "day of week", min: 0, max: 6, names: days },
];

/**
 * The macros of robfig's standard parser, written exactly so (lowercase, nothing around them).
 * `@every <duration>` is refused: it counts from whenever the controller started, not from the clock.
 */
export const cronMacros = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"] as const;

function value(text: string, f: CronField): number | undefined {
    if (/^\d+$/.test(text)) return Number(text);
    const i = f.names?.indexOf(text.toUpperCase()) ?? -1;
    // Names count from the field's minimum (JAN = 1, SUN = 0), as robfig/cron's tables do.
    return i >= 0 ? i + f.min : undefined;
}

/** Why one comma-separated part of a field is invalid, or undefined. `N/step` means N-max/step. */
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

/** Problems with the whitespace-separated fields of `schedule` read as `layout`; empty when they are valid. */
function fieldProblems(schedule: string, layout: CronField[], count: string): string[] {
    const parts = schedule.trim().split(/\s+/);
    if (parts.length !== layout.length) {
        return [`${parts.length} fields, but ${count} are needed (${layout.map(f => f.name.replace(/ /g, "-")).join(" ")})`];
    }
    const out: string[] = [];
    parts.forEach((text, i) => {
        for (const part of text.split(",")) {
            const p = partProblem(part, layout[i]);
            if (p) out.push(`${layout[i].name}: ${p}`);
        }
    });
    return out;
}

/** Problems with a CronJob schedule (five fields or a macro) as Kubernetes validates it; empty when it is valid. */
export function cronJobScheduleProblems(schedule: string): string[] {
    if (/^(CRON_)?TZ=/.test(schedule.trim())) return ["a TZ= or CRON_TZ= prefix (Kubernetes refuses it in spec.schedule)"];
    if (schedule.startsWith("@")) {
        return (cronMacros as readonly string[]).includes(schedule) ? [] : [`'${schedule}' is not one of ${cronMacros.join(", ")}`];
    }
    return fieldProblems(schedule, standardFields, "five");
}

export function isCronJobSchedule(schedule: string): boolean {
    return cronJobScheduleProblems(schedule).length === 0;
}

/** Problems with a six-field schedule (seconds first); empty when it is valid. */
export function sixFieldCronProblems(schedule: string): string[] {
    return fieldProblems(schedule, [second, ...standardFields], "six");
}

/** The words for a CronJob schedule in both sides' messages. */
export const cronJobScheduleWords =
    "a five-field cron expression such as '0 3 * * *' (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, " +
    "day of week 0-6 or SUN-SAT; '*', '?', ranges, lists and '/' steps) or one of " + cronMacros.join(", ");
