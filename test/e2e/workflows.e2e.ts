/**
 * .github/workflows/ checked by actionlint (github.com/rhysd/actionlint, built from its Go module
 * by scripts/tools-build.sh; in this tier because the fast one has no Go toolchain). actionlint
 * also runs shellcheck on every `run:` script. A broken copy must fail, so a silent checker
 * cannot pass the test.
 */
import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { cache } from "../helpers/kube";
import { repoRoot } from "../helpers/stack-config";

const actionlint = path.join(cache, "bin", "actionlint");
const workflowDir = path.join(repoRoot, ".github", "workflows");

function lint(files: string[]): { status: number; output: string } {
    const r = spawnSync(actionlint, ["-no-color", ...files], { cwd: repoRoot, encoding: "utf8" });
    return { status: r.status ?? -1, output: (r.stdout ?? "") + (r.stderr ?? "") };
}

describe("e2e: GitHub workflows", function () {
    this.timeout(30 * 60_000);
    const workflows = fs.readdirSync(workflowDir).filter(f => /\.ya?ml$/.test(f)).sort();

    before(() => {
        execFileSync("bash", [path.join(repoRoot, "scripts", "tools-build.sh")], { stdio: "inherit", env: { ...process.env, TOOLS_ONLY: "actionlint" } });
    });

    it("actionlint finds nothing in any workflow", () => {
        assert.deepEqual(workflows, ["ci.yml", "deploy.yml", "preview.yml"]);
        const r = lint(workflows.map(f => path.join(".github", "workflows", f)));
        assert.equal(r.status, 0, r.output);
        assert.equal(r.output, "");
    });

    it("actionlint rejects a broken workflow (the check can fail)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-actionlint-"));
        try {
            const bad = path.join(dir, "bad.yml");
            fs.writeFileSync(bad, fs.readFileSync(path.join(workflowDir, "ci.yml"), "utf8")
                .replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    needs: no-such-job"));
            const r = lint([bad]);
            assert.equal(r.status, 1, r.output);
            assert.match(r.output, /no-such-job/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("CI on GitHub runs .ci/run itself (the same tiers), in Debian as root, with the upstream sources beside the project", () => {
        const ci = YAML.parse(fs.readFileSync(path.join(workflowDir, "ci.yml"), "utf8"));
        const steps = ci.jobs.tiers.steps;
        assert.equal(ci.jobs.tiers.container, "node:20-bookworm");
        assert.ok(steps.some((s: any) => s.run === "bash .ci/run" && s["working-directory"] === "project"));
        const upstream = steps.filter((s: any) => String(s.with?.path ?? "").startsWith("shared/upstream/")).map((s: any) => s.with.path).sort();
        assert.deepEqual(upstream, fs.readdirSync(path.join(repoRoot, "..", "shared", "upstream"), { withFileTypes: true })
            .filter(d => d.isDirectory()).map(d => `shared/upstream/${d.name}`).sort());
        const preview = YAML.parse(fs.readFileSync(path.join(workflowDir, "preview.yml"), "utf8"));
        assert.ok(preview.jobs.test.steps.some((s: any) => s.run === "npm ci && npm test"), "the README's test command");
    });
});
