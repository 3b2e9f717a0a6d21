/** The pod scripts in components/scripts, read once so ConfigMaps carry exactly the files the tests run. */
import * as fs from "fs";
import * as path from "path";

export const scriptsDir = path.join(__dirname, "scripts");

export function readScripts(dir = scriptsDir): Record<string, string> {
    return Object.fromEntries(fs.readdirSync(dir)
        .filter(f => f.endsWith(".sh"))
        .sort()
        .map(f => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}
