/**
 * The scripts ConfigMap's files in one flat temporary directory, as the pod mounts them: the
 * shared scripts and the topology's own side by side, so `source lib.sh` resolves for shellcheck
 * and the real-PostgreSQL tests exactly as in the pod. Removed when the process exits.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export function stageScripts(scripts: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "postgres-k8s-scripts-"));
    fs.chmodSync(dir, 0o755);
    for (const [name, text] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, name), text, { mode: 0o555 });
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
}
