/** Config errors: one message per problem, naming the key, the value and what is allowed. */
import { RunError } from "@pulumi/pulumi";
import type { Finding, Namer } from "../components/args/validation";

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

/** The shared rules (components/args/validation.ts) name the config keys themselves. */
export const configNamer: Namer = { name: k => k, on: k => `${k} is true` };

/** Findings of the shared rules, worded as config problems. */
export function findingProblems(findings: Finding[]): string[] {
    return findings.map(f => problem(f.field, f.value, f.allowed));
}
