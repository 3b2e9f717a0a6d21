/**
 * Figures the real-node tier measures, printed and written into a page of docs/ (docs/real-node.md
 * unless told) between the `figures` markers (the rest of the page is prose kept by hand).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../helpers/stack-config";

export interface ScenarioFigure {
    scenario: string;
    stack: string;
    /** Write outage: the longest time without an acknowledged commit around the event, s. */
    outageSeconds?: number;
    acked?: number;
    lost?: number;
    note?: string;
}

const begin = "<!-- figures:begin (written by npm run test:nodes) -->";
const end = "<!-- figures:end -->";

export class Figures {
    constructor(private readonly page = "real-node.md") {}

    readyAfterApply: { stack: string; seconds: number }[] = [];
    scenarios: ScenarioFigure[] = [];
    setup: string[] = [];
    resources: string[] = [];

    table(): string {
        const f = (n?: number) => (n === undefined ? "" : n.toFixed(1));
        // A section with no rows is left out (a file may measure only some of them).
        const section = (head: string[], rows: string[]) => (rows.length ? [...head, ...rows, ""] : []);
        const lines = [
            `Last run: ${new Date().toISOString().replace(/\.\d+Z$/, "Z")} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB.`,
            "",
            ...section(["| set-up | seconds |", "|---|---|"], this.setup),
            ...section(["| stack | apply → every pod Ready (s) |", "|---|---|"], this.readyAfterApply.map(r => `| ${r.stack} | ${r.seconds.toFixed(1)} |`)),
            ...section(["| scenario | stack | write outage (s) | acknowledged commits | lost | note |", "|---|---|---|---|---|---|"],
                this.scenarios.map(s => `| ${s.scenario} | ${s.stack} | ${f(s.outageSeconds)} | ${s.acked ?? ""} | ${s.lost ?? ""} | ${s.note ?? ""} |`)),
            ...this.resources,
        ];
        return lines.join("\n").trimEnd();
    }

    write(): void {
        const table = this.table();
        console.log(`\nreal-node figures (docs/${this.page}):\n${table}\n`);
        const file = path.join(repoRoot, "docs", this.page);
        const text = fs.readFileSync(file, "utf8");
        const a = text.indexOf(begin);
        const b = text.indexOf(end);
        if (a < 0 || b < a) throw new Error(`${file}: figures markers missing`);
        fs.writeFileSync(file, `${text.slice(0, a + begin.length)}\n${table}\n${text.slice(b)}`);
    }
}
