/**
 * Pod scripts, read once so ConfigMaps carry exactly the files the tests run. The shell scripts
 * every self-managed topology shares (WAL archive, base backup, prune, restore, lib.sh, pre-stop)
 * sit in components/scripts; a topology's own in components/<topology>/scripts. The ConfigMap
 * holds them side by side in one flat directory (podPaths.scriptsDir), so a name may appear once.
 */
import * as fs from "fs";
import * as path from "path";

export const sharedScriptsDir = path.join(__dirname, "scripts");

/** The `.sh` files of the given folders as one map, file name to text, sorted by name. */
export function readScripts(dirs: string[]): Record<string, string> {
    const files = new Map<string, string>();
    for (const dir of dirs) {
        for (const f of fs.readdirSync(dir).filter(n => n.endsWith(".sh"))) {
            if (files.has(f)) throw new Error(`pod script ${f} is in both ${files.get(f)} and ${dir}: the ConfigMap is one flat directory`);
            files.set(f, dir);
        }
    }
    return Object.fromEntries([...files.keys()].sort().map(f => [f, fs.readFileSync(path.join(files.get(f)!, f), "utf8")]));
}
