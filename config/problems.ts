/** Config errors: one message per problem, naming the key, the value and what is allowed. */
import { RunError } from "@pulumi/pulumi";

export const configNamespace = "postgres-k8s";

/** A RunError: the Pulumi CLI prints its message alone, without a stack trace. */
export class ConfigError extends RunError {
    constructor(public readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "ConfigError";
    }
}

export function show(value: unknown): string {
    return typeof value === "string" ? `'${value}'` : JSON.stringify(value);
}

export function problem(k: string, value: unknown, allowed: string): string {
    return `Invalid config ${configNamespace}:${k} = ${show(value)}; allowed: ${allowed}.`;
}
