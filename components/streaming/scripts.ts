/** The streaming topology's pod scripts: the shared ones plus components/streaming/scripts. */
import * as path from "path";
import { readScripts, sharedScriptsDir } from "../scripts";

export const streamingScriptsDir = path.join(__dirname, "scripts");

export function streamingScripts(): Record<string, string> {
    return readScripts([sharedScriptsDir, streamingScriptsDir]);
}
