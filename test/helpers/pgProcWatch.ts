/**
 * Samples every process's command line and environment (what `ps` and `ps e` show) while a step
 * runs, and reports any that contained one of the given secrets.
 */
import * as fs from "fs";

export class ProcessWatch {
    private timer?: NodeJS.Timeout;
    private hits = new Set<string>();
    samples = 0;

    constructor(private secrets: string[]) {}

    private scan(): void {
        this.samples++;
        for (const pid of fs.readdirSync("/proc").filter(d => /^\d+$/.test(d))) {
            for (const f of ["cmdline", "environ"]) {
                let text: string;
                try { text = fs.readFileSync(`/proc/${pid}/${f}`, "latin1"); } catch { continue; }
                if (this.secrets.some(s => text.includes(s))) this.hits.add(`${pid}/${f}: ${text.replace(/\0/g, " ").slice(0, 200)}`);
            }
        }
    }

    start(everyMs = 20): void { this.timer = setInterval(() => this.scan(), everyMs); }

    stop(): string[] {
        clearInterval(this.timer);
        return [...this.hits];
    }
}
