/**
 * Turns the raw stack config (strings, as Pulumi hands them over) into a validated
 * StackConfig, or throws one ConfigError naming every bad key, its value and what is allowed.
 * Runs before any resource is registered.
 */
import { configKeys, ConfigKey, StackConfig } from "./keys";
import { ConfigError, configNamespace, problem } from "./problems";
import { parseQuantity } from "../policies/lib/quantity";
import { closest } from "./closest";
import { catalogueMajors, imageMajor, memoryParameterBytes, parameterProblems } from "./postgresql-parameters";
import { foreignKeyProblems, topologyConfigs } from "./topologies";
import { defaultParameters, ownedParameters } from "../specs/postgresql-conf";

/** What a drill's scratch server needs besides shared_buffers: its processes, WAL replay, amcheck. */
const drillHeadroomBytes = 256 * 1024 ** 2;

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

/** Rules that span several keys: the topology's own (config/topologies), then the shared ones. */
function crossKeyProblems(c: StackConfig, now: Date): string[] {
    const out: string[] = [...topologyConfigs[c.topology].problems(c), ...foreignKeyProblems(c.topology, c)];
    // The API server refuses a pod whose request is above its limit: say so before anything is created.
    const pairs = [["cpuRequest", "cpuLimit"], ["memoryRequest", "memoryLimit"], ["backupCpuRequest", "backupCpuLimit"], ["backupMemoryRequest", "backupMemoryLimit"]] as const;
    for (const [request, limit] of pairs) {
        if (parseQuantity(c[request])! > parseQuantity(c[limit])!) {
            out.push(problem(request, c[request], `at most ${limit} (${c[limit]})`));
        }
    }
    if (c.storageMode === "hostPath") {
        if (!c.hostPath) out.push(problem("hostPath", c.hostPath, "an absolute path when storageMode is 'hostPath'"));
        if (!c.hostPathNode) out.push(problem("hostPathNode", c.hostPathNode, "a node name when storageMode is 'hostPath'"));
        if (c.antiAffinity === "required" && c.instances > 1) {
            out.push(problem("antiAffinity", c.antiAffinity,
                "'preferred' when storageMode is 'hostPath' with more than one instance (all hostPath volumes sit on one node)"));
        }
    }
    if (c.storageMode === "nfs") {
        if (!c.nfsServer) out.push(problem("nfsServer", c.nfsServer, "a host name or address when storageMode is 'nfs'"));
        if (!c.nfsPath) out.push(problem("nfsPath", c.nfsPath, "an absolute export path when storageMode is 'nfs'"));
    }
    if (c.restoreDrill && !c.backupEnabled) {
        out.push(problem("restoreDrill", c.restoreDrill, "'' unless backupEnabled is true (a drill restores the base backups)"));
    }
    if (c.restoreDrill && c.backupEnabled) {
        const sharedBuffers = c.postgresqlParameters.shared_buffers ?? defaultParameters.shared_buffers;
        const bytes = memoryParameterBytes("shared_buffers", sharedBuffers, imageMajor(c.image) ?? catalogueMajors[0]);
        if (bytes !== undefined && parseQuantity(c.backupMemoryLimit)! < bytes + drillHeadroomBytes) {
            out.push(problem("backupMemoryLimit", c.backupMemoryLimit,
                `at least shared_buffers (${sharedBuffers}) plus 256Mi when restoreDrill is set: the drill starts a scratch PostgreSQL with the cluster's postgresql.conf`));
        }
    }
    if (c.restoreFrom && !c.backupEnabled) {
        out.push(problem("restoreFrom", c.restoreFrom, "'' unless backupEnabled is true (a restore reads the backup volume)"));
    }
    if (c.restoreFrom || c.restoreTargetTime) {
        const t = c.restoreTargetTime;
        const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
        if (!c.restoreFrom) {
            out.push(problem("restoreFrom", c.restoreFrom, "'latest' or a backup id when restoreTargetTime is set"));
        } else if (!rfc3339.test(t) || Number.isNaN(Date.parse(t))) {
            out.push(problem("restoreTargetTime", t, "an RFC 3339 time such as '2026-11-22T10:00:00Z'"));
        } else if (Date.parse(t) > now.getTime()) {
            out.push(problem("restoreTargetTime", t, `a time in the past (now is ${now.toISOString()})`));
        }
    }
    return out;
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
