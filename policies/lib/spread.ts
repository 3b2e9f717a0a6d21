import { Labels, LabelSelector, selectorKeys, selectorMatches } from "./selectors";

export const HOSTNAME_KEY = "kubernetes.io/hostname";
export const ZONE_KEY = "topology.kubernetes.io/zone";
export const REGION_KEY = "topology.kubernetes.io/region";
/**
 * Failure domains at least as wide as a zone, with the deprecated beta keys some nodes still
 * carry: pods kept apart on any of them are in different zones, hence on different nodes.
 */
const ZONE_OR_WIDER = [ZONE_KEY, REGION_KEY, "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region"];

/** How pods of one workload must be kept apart. */
export interface SpreadConfig {
    /** Accept preferredDuringScheduling terms (and ScheduleAnyway spread constraints). */
    allowPreferred: boolean;
    /** A term on the zone or region key also satisfies the per-node requirement (it is stricter). */
    allowZoneTopology: boolean;
    /** Also require spreading across zones. */
    requireZoneSpread: boolean;
    /** Count topologySpreadConstraints with maxSkew 1 like anti-affinity terms. */
    acceptTopologySpread: boolean;
    /** Label keys that change at runtime (role labels): a selector using them does not count. */
    unstableLabelKeys: string[];
}

type Strength = "required" | "preferred";

/** One scheduling rule that keeps the workload's own pods apart on a topology key. */
interface SpreadTerm {
    topologyKey: string;
    strength: Strength;
    /** Why the term does not count, if it does not. */
    rejected?: string;
}

function describeSelector(selector: LabelSelector | undefined): string {
    return JSON.stringify(selector ?? null);
}

/** The pod this template makes: its labels, and its namespace (read only when a term names namespaces). */
export interface OwnPod {
    labels: Labels;
    namespace: () => string | undefined;
}

interface AffinityTerm {
    labelSelector?: LabelSelector;
    namespaces?: string[];
    namespaceSelector?: LabelSelector;
}

/**
 * Why the term does not look in the pod's own namespace, if it does not. `namespaces` and
 * `namespaceSelector` add up; with neither the term looks in the pod's own namespace. A
 * namespace selector is judged on the label every namespace carries, its name.
 */
function missesOwnNamespace(term: AffinityTerm, own: OwnPod): string | undefined {
    const listed = term.namespaces ?? [];
    if (listed.length === 0 && !term.namespaceSelector) {
        return undefined;
    }
    const namespace = own.namespace() ?? "default";
    if (listed.includes(namespace) || selectorMatches(term.namespaceSelector, { "kubernetes.io/metadata.name": namespace })) {
        return undefined;
    }
    const where = [
        ...(listed.length > 0 ? [`namespaces ${JSON.stringify(listed)}`] : []),
        ...(term.namespaceSelector ? [`namespaceSelector ${describeSelector(term.namespaceSelector)}`] : []),
    ].join(" and ");
    return `it looks in ${where}, not "${namespace}"`;
}

function judge(term: AffinityTerm, own: OwnPod, cfg: SpreadConfig): string | undefined {
    const selector = term.labelSelector;
    const elsewhere = missesOwnNamespace(term, own);
    if (elsewhere) {
        return elsewhere;
    }
    const unstable = selectorKeys(selector).filter(k => cfg.unstableLabelKeys.includes(k));
    if (unstable.length > 0) {
        return `its selector uses the runtime label "${unstable[0]}"`;
    }
    if (!selectorMatches(selector, own.labels)) {
        return `its selector ${describeSelector(selector)} does not match the pod template's labels`;
    }
    return undefined;
}

function collectTerms(spec: any, own: OwnPod, cfg: SpreadConfig): SpreadTerm[] {
    const terms: SpreadTerm[] = [];
    const anti = spec.affinity?.podAntiAffinity;
    for (const t of anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
        terms.push({ topologyKey: t.topologyKey, strength: "required", rejected: judge(t, own, cfg) });
    }
    for (const w of anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
        const t = w.podAffinityTerm ?? {};
        terms.push({ topologyKey: t.topologyKey, strength: "preferred", rejected: judge(t, own, cfg) });
    }
    if (cfg.acceptTopologySpread) {
        for (const c of spec.topologySpreadConstraints ?? []) {
            const strength: Strength = c.whenUnsatisfiable === "ScheduleAnyway" ? "preferred" : "required";
            // Spread constraints always count pods of the pod's own namespace.
            const rejected = c.maxSkew !== 1 ? `its maxSkew is ${c.maxSkew}, not 1` : judge({ labelSelector: c.labelSelector }, own, cfg);
            terms.push({ topologyKey: c.topologyKey, strength, rejected });
        }
    }
    return terms;
}

/** Checks that some accepted term covers one of `keys`; returns the problem, if any. */
function coverage(terms: SpreadTerm[], keys: string[], what: string, cfg: SpreadConfig): string | undefined {
    const onKey = terms.filter(t => keys.includes(t.topologyKey));
    const usable = onKey.filter(t => t.rejected === undefined);
    if (usable.some(t => t.strength === "required" || cfg.allowPreferred)) {
        return undefined;
    }
    if (usable.length > 0) {
        return `has only a preferred anti-affinity term on ${what}; a required term ` +
            "(requiredDuringSchedulingIgnoredDuringExecution) is needed here";
    }
    const why = onKey.map(t => t.rejected).find(r => r !== undefined);
    return `has no pod anti-affinity term on ${what} that selects its own pods` + (why ? ` (one is ignored: ${why})` : "");
}

/**
 * Problems with how a pod template keeps its replicas apart, as message fragments
 * ("has no pod anti-affinity term on ..."); empty when it is spread well enough.
 */
export function spreadProblems(spec: any, own: OwnPod, cfg: SpreadConfig): string[] {
    const terms = collectTerms(spec, own, cfg);
    const nodeKeys = cfg.allowZoneTopology ? [HOSTNAME_KEY, ...ZONE_OR_WIDER] : [HOSTNAME_KEY];
    const nodeWhat = cfg.allowZoneTopology ? `"${HOSTNAME_KEY}", "${ZONE_KEY}" or "${REGION_KEY}"` : `"${HOSTNAME_KEY}"`;
    const problems = [coverage(terms, nodeKeys, nodeWhat, cfg)];
    if (cfg.requireZoneSpread) {
        problems.push(coverage(terms, ZONE_OR_WIDER, `"${ZONE_KEY}" or "${REGION_KEY}"`, cfg));
    }
    return problems.filter((p): p is string => p !== undefined);
}

export const SPREAD_DEFAULTS: SpreadConfig = {
    allowPreferred: false,
    allowZoneTopology: false,
    requireZoneSpread: false,
    acceptTopologySpread: false,
    unstableLabelKeys: ["postgres-k8s.io/role", "cnpg.io/instanceRole", "role", "spilo-role"],
};

export const spreadSchema = {
    allowPreferred: { type: "boolean", default: false, description: "Accept preferred (soft) anti-affinity." },
    allowZoneTopology: { type: "boolean", default: false, description: "A zone or region term satisfies the per-node rule." },
    requireZoneSpread: { type: "boolean", default: false, description: "Also require spreading across zones." },
    acceptTopologySpread: { type: "boolean", default: false, description: "Count topologySpreadConstraints with maxSkew 1." },
    unstableLabelKeys: {
        type: "array", items: { type: "string" }, default: SPREAD_DEFAULTS.unstableLabelKeys,
        description: "Label keys that change at runtime; selectors using them do not count.",
    },
} as const;
