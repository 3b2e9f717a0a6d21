/** How a stack config key is declared (type, schema, default, allowed values), and the schemas keys share. */
import { z } from "zod";
import type { Check } from "../components/args/checks";

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

/**
 * The schema and words of a key whose rule is one of the component's checks
 * (components/args/checks/): `type` parses the value, the check decides.
 */
export function checked<S extends z.ZodTypeAny>(type: S, c: Check<z.infer<S>>) {
    return { schema: type.refine(v => c.holds(v)), allowed: c.allowed };
}

/** postgresqlParameters' values; its names are checked by `names.postgresqlParameters`. */
export const parameters = z.record(z.union([z.string(), z.number(), z.boolean()]));
