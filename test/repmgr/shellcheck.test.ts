import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const REPMGR_SCRIPTS = path.resolve(__dirname, "../../components/repmgr/scripts");

describe("repmgr pod scripts: shellcheck and strict mode", function () {
    this.timeout(60000);
    const scripts = fs.readdirSync(REPMGR_SCRIPTS).filter(f => f.endsWith(".sh")).sort();

    it("has the scripts docs/repmgr.md describes", () => {
        const contract = ["pgpool-alive", "pgpool-entrypoint", "pgpool-ready", "repmgr-entrypoint", "repmgr-fence", "repmgr-init-primary", "repmgr-lib",
            "repmgr-pre-stop", "repmgr-promote", "repmgr-reload", "repmgr-restart", "repmgr-switchover", "repmgrd-run"].map(n => `${n}.sh`);
        assert.deepEqual(scripts, contract);
    });

    it("every script is clean (shellcheck --severity=style, following lib.sh and repmgr-lib.sh)", () => {
        const r = spawnSync("shellcheck", ["--external-sources", "--severity=style", ...scripts.map(s => path.join(REPMGR_SCRIPTS, s))], { encoding: "utf8" });
        assert.equal(r.error, undefined, String(r.error));
        assert.equal(r.status, 0, r.stdout + r.stderr);
    });

    it("every script is bash in strict mode (except the sourced repmgr-lib.sh) and passes no password outside a file", () => {
        for (const s of scripts) {
            const text = fs.readFileSync(path.join(REPMGR_SCRIPTS, s), "utf8");
            assert.ok(text.startsWith("#!/usr/bin/env bash\n"), `${s}: shebang`);
            if (s !== "repmgr-lib.sh") assert.match(text, /^set -euo pipefail$/m, `${s}: set -euo pipefail`);
            assert.ok(!/PGPASSWORD|password=/i.test(text.replace(/passfile=/g, "")), `${s}: passes a password outside a file`);
        }
    });
});
