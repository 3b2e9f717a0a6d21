/** "Did you mean ...?" for misspelt names: the candidate at the smallest edit distance. */

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * The candidate closest to `word` (case-insensitive), or undefined when none is close enough
 * to be a plausible typo: at most a third of the word's length away, and at least 1.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    const w = word.toLowerCase();
    let best: { c: string; d: number } | undefined;
    for (const c of candidates) {
        const d = editDistance(w, c.toLowerCase());
        if (!best || d < best.d) best = { c, d };
    }
    return best && best.d <= Math.max(1, Math.floor(w.length / 3)) ? best.c : undefined;
}
