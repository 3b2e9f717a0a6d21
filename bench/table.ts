/** Formats benchmark rows as a fixed-width text table. */
export function renderTable(header: string[], rows: string[][]): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
    const line = (cells: string[]) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
    return [line(header), "|" + widths.map(w => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}

export const seconds = (ms: number) => (ms / 1000).toFixed(2) + " s";

/** A throughput ratio (raw time / measured time) as a percentage. */
export const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;
