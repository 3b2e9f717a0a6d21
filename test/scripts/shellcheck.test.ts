/** The project's own shell (tool builds, local cluster, CI entry point) is shellcheck-clean. */
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
        ].sort();
        const r = spawnSync("shellcheck", ["--external-sources", ...files], { cwd: repoRoot, encoding: "utf8" });
        assert.equal(r.error, undefined, String(r.error));
        assert.equal(r.status, 0, r.stdout + r.stderr);
        for (const f of files.filter(f => !f.endsWith("tools-env.sh"))) {
            assert.match(fs.readFileSync(path.join(repoRoot, f), "utf8"), /^set -euo pipefail$/m, `${f}: set -euo pipefail`);
        }
    });
});
