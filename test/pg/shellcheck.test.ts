import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SCRIPTS_SRC } from "../helpers/pgPod";

describe("pod scripts: shellcheck", function () {
    this.timeout(60000);
    const scripts = fs.readdirSync(SCRIPTS_SRC).filter(f => f.endsWith(".sh")).sort();

    it("shellcheck is installed (scripts/install-test-deps.sh); this test never skips", () => {
        assert.doesNotThrow(() => execFileSync("shellcheck", ["--version"], { stdio: "pipe" }),
            "shellcheck is missing: run `bash scripts/install-test-deps.sh`");
    });

    it("every components/scripts/*.sh is clean, following lib.sh", () => {
        const contract = ["archive-wal", "base-backup", "bootstrap", "demote", "entrypoint", "init-primary", "lib", "pre-stop", "promote",
            "prune-backups", "rejoin", "restore", "restore-wal", "role", "role-labeller"].map(n => `${n}.sh`);
        assert.deepEqual(contract.filter(s => !scripts.includes(s)), [], "scripts of docs/pod-contract.md missing");
        const r = spawnSync("shellcheck", ["--external-sources", "--severity=style", ...scripts.map(s => path.join(SCRIPTS_SRC, s))], { encoding: "utf8" });
        assert.equal(r.error, undefined, String(r.error));
        assert.equal(r.status, 0, r.stdout + r.stderr);
    });

    it("every script is bash with strict mode, except the sourced lib.sh", () => {
        for (const s of scripts) {
            const text = fs.readFileSync(path.join(SCRIPTS_SRC, s), "utf8");
            assert.ok(text.startsWith("#!/usr/bin/env bash\n"), `${s}: shebang`);
            if (s !== "lib.sh") assert.match(text, /^set -euo pipefail$/m, `${s}: set -euo pipefail`);
            assert.ok(!/PGPASSWORD|password=/i.test(text.replace(/passfile=/g, "")), `${s}: passes a password outside the passfile`);
        }
    });
});
