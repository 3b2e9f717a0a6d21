/** How a stack config key is declared (type, schema, default, allowed values), and the schemas keys share. */
import { z } from "zod";
import { barmanBackupId } from "../specs/cnpg/cluster";
import { selfManagedBackupId } from "../specs/self-managed/backup";
import { isPinnedImage } from "../specs/image-reference";
import { parseQuantity } from "../policies/lib/quantity";

/** Kubernetes quantity, e.g. `10Gi`, `500m`, `1.5`. */
export const quantityPattern = /^([+]?[0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
export const dnsLabelPattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const roleNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;
export const labelSelectorPattern = /^([A-Za-z0-9][-A-Za-z0-9_./]*=[-A-Za-z0-9_.]*)(,[A-Za-z0-9][-A-Za-z0-9_./]*=[-A-Za-z0-9_.]*)*$/;
export const cidrPattern = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$|^[0-9a-fA-F:]+\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
/** Five-field cron, as Kubernetes CronJob accepts (no seconds field, no macros). */
export const cronFieldPattern = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
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

export const isCron = (s: string) => {
    const f = s.trim().split(/\s+/);
    return f.length === 5 && f.every((x, i) => cronFieldPattern.test(x) && cronFieldInRange(x, cronBounds[i]));
};
export const cronAllowed = "a five-field cron expression such as '0 3 * * *' (minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6)";

export type ConfigType = "string" | "integer" | "boolean" | "array";

export interface KeySpec<S extends z.ZodTypeAny> {
    /** Pulumi.yaml type; `object` keys cannot be typed there (Pulumi's project schema has no object type). */
    type: ConfigType | "object";
    schema: S;
    default: z.infer<S>;
    /** What is allowed, in words, for the error message. */
    allowed: string;
    description: string;
}

export function key<S extends z.ZodTypeAny>(spec: KeySpec<S>): KeySpec<S> {
    return spec;
}

export const enumOf = <T extends string>(values: readonly [T, ...T[]]) => z.enum(values);
export const quantity = z.string().regex(quantityPattern);
/** A quantity above zero: a volume of size 0 can never be bound or written. */
export const positiveQuantity = quantity.refine(q => (parseQuantity(q) ?? 0) > 0);
export const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

/** A pinned image: a tag other than `latest`, or a sha256 digest. */
export const pinnedImage = z.string().refine(isPinnedImage);

export const parameterName = z.string().regex(/^[a-z_][a-z0-9_.]*$/);
// Each entry is then checked on its own against PostgreSQL's catalogue (specs/postgresql-parameters/).
export const parameters = z.record(parameterName, z.union([z.string(), z.number(), z.boolean()]));

/** Backup ids `restoreFrom` may name: the self-managed backup Job's, and Barman's (cnpg). */
export const backupIdPatterns = { selfManaged: selfManagedBackupId, barman: barmanBackupId };
