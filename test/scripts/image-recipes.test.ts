/**
 * The image recipes that run PostgreSQL (images/postgres.sh, images/repmgr.sh) and the repmgr
 * Dockerfile users build: every one carries the tools the pod scripts need (restore.sh unpacks
 * zstd, lz4 and gzip backups with zstd; xz-utils as the official image has it), and the recipes
 * prepare the postgres user (uid/gid 999, no main cluster) with the same hook. The recipes are
 * sourced by bash exactly as scripts/images-build.sh sources them, and the hook runs on a scratch
 * root filesystem.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../helpers/stack-config";

const postgresRecipes = ["postgres", "repmgr"];
/** What restore.sh and base-backup.sh call besides PostgreSQL's own binaries. */
const requiredPackages = ["postgresql-15", "zstd", "xz-utils", "ca-certificates", "locales"];

/** Runs `code` in bash with the recipe sourced, as images-build.sh does (IMAGE_REPO, IMAGE_BIN set). */
function withRecipe(recipe: string, code: string): string {
    const r = spawnSync("bash", ["-c", `set -euo pipefail; source "images/${recipe}.sh"; ${code}`], {
        cwd: repoRoot, encoding: "utf8",
        env: { ...process.env, IMAGE_REPO: repoRoot, IMAGE_BIN: path.join(os.tmpdir(), "no-such-bin") },
    });
    assert.equal(r.status, 0, `images/${recipe}.sh: ${r.stderr}`);
    return r.stdout;
}

describe("image recipes that run PostgreSQL", () => {
    for (const recipe of postgresRecipes) {
        it(`images/${recipe}.sh installs ${requiredPackages.join(", ")}`, () => {
            const packages = withRecipe(recipe, `printf '%s\\n' "\${IMAGE_PACKAGES[@]}"`).trim().split("\n");
            for (const p of requiredPackages) assert.ok(packages.includes(p), `images/${recipe}.sh lacks ${p}: ${packages.join(" ")}`);
        });

        it(`images/${recipe}.sh: the essential hook makes postgres uid/gid 999 and turns off the main cluster`, () => {
            const root = fs.mkdtempSync(path.join(os.tmpdir(), `recipe-${recipe}-`));
            try {
                fs.mkdirSync(path.join(root, "etc"));
                fs.mkdirSync(path.join(root, "usr", "sbin"), { recursive: true });
                fs.writeFileSync(path.join(root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/bash\n");
                fs.writeFileSync(path.join(root, "etc", "group"), "root:x:0:\n");
                withRecipe(recipe, `image_essential_hook ${JSON.stringify(root)}`);
                assert.match(fs.readFileSync(path.join(root, "etc", "passwd"), "utf8"), /^postgres:x:999:999::\/var\/lib\/postgresql:\/bin\/bash$/m);
                assert.match(fs.readFileSync(path.join(root, "etc", "group"), "utf8"), /^postgres:x:999:$/m);
                assert.match(fs.readFileSync(path.join(root, "etc", "postgresql-common", "createcluster.conf"), "utf8"), /^create_main_cluster = false$/m);
            } finally {
                fs.rmSync(root, { recursive: true, force: true });
            }
        });
    }

    it("the recipes share one definition of the postgres user and packages (a change reaches both)", () => {
        const defined = (recipe: string) => withRecipe(recipe, "declare -f image_essential_hook; declare -p IMAGE_INPUTS");
        const [postgres, repmgr] = postgresRecipes.map(defined);
        // Each recipe's stamp covers the shared file, so editing it rebuilds both images.
        for (const [recipe, out] of [["postgres", postgres], ["repmgr", repmgr]]) {
            assert.match(out, /images\/lib\/postgres-base\.sh/, `images/${recipe}.sh: the shared recipe is not among IMAGE_INPUTS`);
        }
        for (const text of postgresRecipes.map(r => fs.readFileSync(path.join(repoRoot, "images", `${r}.sh`), "utf8"))) {
            assert.doesNotMatch(text, /postgres:x:999/, "the postgres user is defined in images/lib/postgres-base.sh only");
        }
    });

    it("images/repmgr/Dockerfile installs zstd and xz-utils", () => {
        const dockerfile = fs.readFileSync(path.join(repoRoot, "images", "repmgr", "Dockerfile"), "utf8");
        const install = dockerfile.match(/apt-get install[^&]*/)?.[0] ?? "";
        for (const p of ["zstd", "xz-utils"]) assert.match(install, new RegExp(`\\b${p}\\b`), `images/repmgr/Dockerfile lacks ${p}`);
    });
});

describe("the Barman Cloud plugin's image recipes", () => {
    /** Sourced with IMAGE_BIN holding a stand-in binary, so sourcing starts no Go build. */
    function withBarmanRecipe(recipe: string, code: string): string {
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "recipe-bin-"));
        try {
            fs.writeFileSync(path.join(bin, "barman-cloud-manager"), "");
            const r = spawnSync("bash", ["-c", `set -euo pipefail; source "images/${recipe}.sh"; ${code}`], {
                cwd: repoRoot, encoding: "utf8", env: { ...process.env, IMAGE_REPO: repoRoot, IMAGE_BIN: bin },
            });
            assert.equal(r.status, 0, `images/${recipe}.sh: ${r.stderr}`);
            return r.stdout;
        } finally {
            fs.rmSync(bin, { recursive: true, force: true });
        }
    }

    it("images/barman-cloud-sidecar.sh: barman-cli-cloud (the commands the plugin runs, found on PATH), PATH set, /manager", () => {
        const out = withBarmanRecipe("barman-cloud-sidecar", `declare -f image_customize; printf '%s\\n' "\${IMAGE_CONFIG[@]}" "\${IMAGE_INPUTS[@]}"`);
        assert.match(out, /--include=barman-cli-cloud\b/);
        assert.match(out, /^--config\.env=PATH=\S*\/usr\/bin/m);
        assert.match(out, /^--config\.entrypoint=\/manager$/m);
        assert.match(out, /install -m 0755 "\$IMAGE_BIN\/barman-cloud-manager" "\$1\/manager"/);
        assert.match(out, /\/barman-cloud-manager$/m, "the binary is a stamp input: a rebuilt plugin rebuilds the image");
    });

    it("images/barman-cloud-plugin.sh: the release's image name and /manager", () => {
        const out = withBarmanRecipe("barman-cloud-plugin", `echo "$IMAGE_NAME"; printf '%s\\n' "\${IMAGE_CONFIG[@]}"`);
        assert.match(out, /^ghcr\.io\/cloudnative-pg\/plugin-barman-cloud:v0\.14\.0$/m);
        assert.match(out, /^--config\.entrypoint=\/manager$/m);
    });
});
