/** The `config:` block of Pulumi.yaml, derived from config/keys.ts (a test keeps the file equal to it). */
import { configKeys } from "./keys";

export interface ProjectConfigEntry {
    type: string;
    items?: { type: string };
    description: string;
    default: unknown;
}

/**
 * Every key with its type and default, so the CLI checks them too. Pulumi's project schema has no
 * object type (a declaration needs one), so `object` keys are left out and checked by the program.
 */
export function projectConfigBlock(): Record<string, ProjectConfigEntry> {
    return Object.fromEntries(Object.entries(configKeys)
        .filter(([, spec]) => spec.type !== "object")
        .map(([k, spec]) => [k, {
            description: spec.description,
            type: spec.type,
            ...(spec.type === "array" ? { items: { type: "string" } } : {}),
            default: spec.default,
        }]));
}
