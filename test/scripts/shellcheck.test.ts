/** The project's own shell (tool builds, local cluster, image recipes, CI entry point) is shellcheck-clean. */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../helpers/stack-config";

describe("scripts/*.sh and .ci/run: shellcheck", function () {
    this.timeout(60_000);
    it("every script is clean and runs in strict mode", () => {
        const files = [
            ...fs.readdirSync(path.join(repoRoot, "scripts")).filter(f => f.endsWith(".sh")).map(f => path.join("scripts", f)),
            path.join(".ci", "run"),
            // Image recipes (sourced by scripts/images-build.sh) and the real-node tier's client loop.
            ...fs.readdirSync(path.join(repoRoot, "images")).filter(f => f.endsWith(".sh")).map(f => path.join("images", f)),
            ...fs.readdirSync(path.join(repoRoot, "images", "lib")).filter(f => f.endsWith(".sh")).map(f => path.join("images", "lib", f)),
            ...fs.readdirSync(path.join(repoRoot, "test", "nodes")).filter(f => f.endsWith(".sh")).map(f => path.join("test", "nodes", f)),
        ].sort();
        // Sourced files set no shell options of their own.
        const sourced = (f: string) => f.endsWith("-env.sh") || f.startsWith("images");
        const r = spawnSync("shellcheck", ["--external-sources", ...files], { cwd: repoRoot, encoding: "utf8" });
        assert.equal(r.error, undefined, String(r.error));
        assert.equal(r.status, 0, r.stdout + r.stderr);
        for (const f of files.filter(f => !sourced(f))) {
            assert.match(fs.readFileSync(path.join(repoRoot, f), "utf8"), /^set -euo pipefail$/m, `${f}: set -euo pipefail`);
        }
    });
});
