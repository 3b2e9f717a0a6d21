/**
 * Turns the raw stack config (strings, as Pulumi hands them over) into a validated
 * StackConfig, or throws one ConfigError naming every bad key, its value and what is allowed.
 * Runs before any resource is registered.
 */
import { configKeys, ConfigKey, StackConfig } from "./keys";
import { ConfigError, configNamespace, configNamer, findingProblems, problem } from "./problems";
import { closest } from "../specs/closest";
import { parameterProblems } from "../specs/postgresql-parameters";
import { foreignKeyProblems, topologyConfigs } from "./topologies";
import { ownedParameters } from "../specs/postgresql-conf";
import { sharedRules } from "../components/args/validation";

export { ConfigError, configNamespace, problem } from "./problems";

/** Pulumi passes every value as a string; typed keys are parsed here, and left as-is if they do not parse. */
function parseRaw(type: string, raw: unknown): unknown {
    if (typeof raw !== "string") return raw;
    switch (type) {
        case "integer": return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
        case "boolean": return raw === "true" ? true : raw === "false" ? false : raw;
        case "array":
        case "object":
            try { return JSON.parse(raw); } catch { return raw; }
        default: return raw;
    }
}

/** Rules that span several keys: the topology's own (config/topologies), then the shared ones (components/args/validation.ts). */
function crossKeyProblems(c: StackConfig, now: Date): string[] {
    return [
        ...topologyConfigs[c.topology].problems(c), ...foreignKeyProblems(c.topology, c),
        ...findingProblems(sharedRules(c, configNamer, now)),
    ];
}

/**
 * @param raw config as `{ "postgres-k8s:instances": "3", ... }` (pulumi.runtime.allConfig()) or
 *   with keys already stripped of the namespace; keys of other namespaces are ignored.
 * @param now the clock, for the restore target check.
 */
export function loadStackConfig(raw: Record<string, unknown>, now = new Date()): StackConfig {
    const problems: string[] = [];
    const values: Record<string, unknown> = {};
    for (const [fullKey, rawValue] of Object.entries(raw)) {
        const [ns, k] = fullKey.includes(":") ? fullKey.split(/:(.*)/s) : [configNamespace, fullKey];
        if (ns !== configNamespace) continue;
        if (!(k in configKeys)) {
            const guess = closest(k, Object.keys(configKeys));
            problems.push(problem(k, rawValue, guess
                ? `a known key: did you mean '${guess}'? (every key: README.md, "Stack config")`
                : `a known key (every key: README.md, "Stack config")`));
            continue;
        }
        values[k] = rawValue;
    }
    const config: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(configKeys) as [ConfigKey, (typeof configKeys)[ConfigKey]][]) {
        if (!(k in values)) {
            config[k] = spec.default;
            continue;
        }
        const parsed = parseRaw(spec.type, values[k]);
        const result = spec.schema.safeParse(parsed);
        if (result.success) config[k] = result.data;
        else problems.push(problem(k, parsed, spec.allowed));
    }
    if (config.postgresqlParameters !== undefined && config.image !== undefined) {
        for (const p of parameterProblems(config.postgresqlParameters as Record<string, string | number | boolean>, config.image as string, ownedParameters)) {
            problems.push(problem(`postgresqlParameters.${p.name}`, p.value, p.allowed));
        }
    }
    if (problems.length === 0) problems.push(...crossKeyProblems(config as StackConfig, now));
    if (problems.length > 0) throw new ConfigError(problems);
    return config as StackConfig;
}
