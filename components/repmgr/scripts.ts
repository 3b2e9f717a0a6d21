/** The repmgr topology's pod scripts: the shared ones plus components/repmgr/scripts. */
import * as path from "path";
import { readScripts, sharedScriptsDir } from "../scripts";

export const repmgrScriptsDir = path.join(__dirname, "scripts");

export function repmgrScripts(): Record<string, string> {
    return readScripts([sharedScriptsDir, repmgrScriptsDir]);
}
