import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/**
 * Reads a policy's config and fills in defaults. The engine applies schema defaults when a
 * config file is given, but not when there is none, so every policy reads through this.
 */
export function withDefaults<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
    return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/** Schema fragment for a list of strings. */
export function stringList(description: string, defaults: string[]): PolicyConfigJSONSchema {
    return { type: "array", items: { type: "string" }, default: defaults, description };
}
