/**
 * scripts/tools-check-version.sh, the check tools-build.sh runs on every binary it builds. On a
 * cold cache it used to fail on a binary that printed exactly the expected line: `cmd | grep -q`
 * under pipefail, grep exiting at the first match and the writer dying of SIGPIPE. A fake binary
 * that prints the expected line and then far more than a pipe buffer reproduces that race on
 * every run.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../helpers/stack-config";

const check = path.join(repoRoot, "scripts", "tools-check-version.sh");

describe("scripts/tools-check-version.sh", function () {
    this.timeout(60_000);
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-vcheck-")); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function fakeBinary(name: string, body: string): string {
        const file = path.join(dir, name);
        fs.writeFileSync(file, `#!/usr/bin/env bash\nset -euo pipefail\n${body}\n`, { mode: 0o755 });
        return file;
    }
    const run = (...args: string[]) => spawnSync("bash", [check, ...args], { encoding: "utf8" });

    it("accepts a binary that prints the version first and then 4 MiB more (the SIGPIPE case)", () => {
        const bin = fakeBinary("etcd", `echo "etcd Version: 3.5.21"\nhead -c 4194304 /dev/zero | tr '\\0' 'x'\necho`);
        for (let i = 0; i < 5; i++) {
            const r = run(bin, "--version", "etcd Version: 3.5.21");
            assert.equal(r.status, 0, r.stderr);
        }
    });

    it("refuses a binary that reports another version, and says what it printed", () => {
        const bin = fakeBinary("kwok", `echo "kwok version v0.7.0"`);
        const r = run(bin, "--version", "0.8.0");
        assert.equal(r.status, 1);
        assert.match(r.stderr, /kwok --version does not report '0\.8\.0'; it printed:\nkwok version v0\.7\.0/);
    });

    it("refuses a binary whose version command fails without printing the version", () => {
        const bin = fakeBinary("broken", `echo "unknown flag" >&2\nexit 2`);
        const r = run(bin, "--version", "1.0.0");
        assert.equal(r.status, 1);
        assert.match(r.stderr, /unknown flag/);
    });
});
