// The pack runs from its compiled copy (bin/, built by `npm ci` and `npm test`): a source edited
// since then would be silently ignored by every preview, so the pack refuses to start instead.
import * as fs from "fs";
import * as path from "path";

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" || e.name === "bin" ? [] : sources(p);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
    });
}

/** Throws when `entry` (a compiled file in <pack>/bin) is older than a TypeScript source of the pack. */
export function assertCompiledPackIsCurrent(entry: string): void {
    const binDir = path.dirname(entry);
    if (path.extname(entry) !== ".js" || path.basename(binDir) !== "bin") return;
    const packDir = path.dirname(binDir);
    const built = fs.statSync(entry).mtimeMs;
    const stale = sources(packDir).filter(f => fs.statSync(f).mtimeMs > built);
    if (stale.length > 0) {
        throw new Error(`the compiled policy pack (${binDir}) is older than ${stale.map(f => path.relative(packDir, f)).join(", ")}: run \`npm run build:policies\``);
    }
}
