/** Kubernetes resource quantities ("500m", "1Gi", "1e3") as numbers in base units. */

const SUFFIXES: Record<string, number> = {
    n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The quantity's value, or undefined when it is not a valid quantity. */
export function parseQuantity(q: string | number): number | undefined {
    if (typeof q === "number") {
        return q;
    }
    const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(q.trim());
    if (!m || !(m[2] in SUFFIXES)) {
        return undefined;
    }
    return Number(m[1]) * SUFFIXES[m[2]];
}
