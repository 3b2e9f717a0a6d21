/** PodDisruptionBudget arithmetic (both percentages round up, as the disruption controller does). */

function percent(v: unknown): number | undefined {
    const m = typeof v === "string" ? /^(-?\d+)%$/.exec(v) : null;
    return m ? Number(m[1]) : undefined;
}

/**
 * True when the budget sets neither field. The disruption controller then computes an expected
 * pod count of 0 and allows no eviction at all (pkg/controller/disruption: `expectedCount <= 0`
 * gives `disruptionsAllowed = 0`), so such a budget blocks every drain instead of protecting.
 */
export function setsNoBound(spec: any): boolean {
    return spec?.maxUnavailable === undefined && spec?.minAvailable === undefined;
}

/** How many of `replicas` pods the budget lets be evicted at once. */
export function allowedDisruptions(spec: any, replicas: number): number {
    if (spec?.maxUnavailable !== undefined) {
        const p = percent(spec.maxUnavailable);
        return p === undefined ? Number(spec.maxUnavailable) : Math.ceil((replicas * p) / 100);
    }
    if (spec?.minAvailable !== undefined) {
        const p = percent(spec.minAvailable);
        return replicas - (p === undefined ? Number(spec.minAvailable) : Math.ceil((replicas * p) / 100));
    }
    // Neither field: the controller allows no eviction (see setsNoBound).
    return 0;
}

export interface BudgetBounds {
    /** minAvailable percentages above this block drains on small workloads. */
    maxMinAvailablePercent: number;
    /** maxUnavailable percentages below this round to too little on large workloads. */
    minMaxUnavailablePercent: number;
}

/** Problems visible from the budget alone, whatever it selects. */
export function budgetProblems(spec: any, bounds: BudgetBounds): string[] {
    const found: string[] = [];
    if (setsNoBound(spec)) {
        found.push("sets neither minAvailable nor maxUnavailable, so the disruption controller allows no eviction");
    }
    const max = spec?.maxUnavailable;
    if (max !== undefined) {
        const p = percent(max);
        if (p === undefined ? Number(max) <= 0 : p <= 0 || p < bounds.minMaxUnavailablePercent) {
            found.push(`maxUnavailable ${max} ${p === undefined || p <= 0 ? "allows no eviction" : `is below ${bounds.minMaxUnavailablePercent}%`}`);
        }
    }
    const min = spec?.minAvailable;
    const p = percent(min);
    if (p !== undefined && (p >= 100 || p > bounds.maxMinAvailablePercent)) {
        found.push(`minAvailable ${min} ${p >= 100 ? "allows no eviction" : `is above ${bounds.maxMinAvailablePercent}%`}`);
    }
    return found;
}
