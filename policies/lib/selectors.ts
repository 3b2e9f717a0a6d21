/** Kubernetes label selector semantics (metav1.LabelSelector and the plain map of a Service). */

export type Labels = Record<string, string>;

export interface LabelSelectorRequirement {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | string;
    values?: string[];
}

export interface LabelSelector {
    matchLabels?: Labels;
    matchExpressions?: LabelSelectorRequirement[];
}

function requirementMatches(r: LabelSelectorRequirement, labels: Labels): boolean {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
        case "In":
            return has && (r.values ?? []).includes(labels[r.key]);
        case "NotIn":
            return !has || !(r.values ?? []).includes(labels[r.key]);
        case "Exists":
            return has;
        case "DoesNotExist":
            return !has;
        default:
            // An operator the API server would reject selects nothing.
            return false;
    }
}

/**
 * True when `selector` selects a pod with `labels`. An empty selector selects every pod; an
 * absent one selects none (PodAffinityTerm semantics; callers with other semantics decide first).
 */
export function selectorMatches(selector: LabelSelector | undefined | null, labels: Labels): boolean {
    if (!selector) {
        return false;
    }
    const matchLabels = selector.matchLabels ?? {};
    for (const key of Object.keys(matchLabels)) {
        if (labels[key] !== matchLabels[key]) {
            return false;
        }
    }
    return (selector.matchExpressions ?? []).every(r => requirementMatches(r, labels));
}

/** A Service's selector is a plain map; an empty or absent one selects nothing (manual Endpoints). */
export function mapSelectorMatches(selector: Labels | undefined | null, labels: Labels): boolean {
    const keys = Object.keys(selector ?? {});
    return keys.length > 0 && keys.every(k => labels[k] === selector![k]);
}

/** Label keys a selector depends on. */
export function selectorKeys(selector: LabelSelector | undefined | null): string[] {
    if (!selector) {
        return [];
    }
    return [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map(r => r.key)];
}
