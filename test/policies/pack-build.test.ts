/**
 * The pack ships compiled: Pulumi's run-policy-pack type-checks a TypeScript pack on every
 * preview (~10 s here), so `main` is bin/index.js, built by `npm ci` and `npm test`, and a
 * compiled pack older than a source refuses to start rather than enforce yesterday's rules.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { assertCompiledPackIsCurrent } from "../../policies/lib/freshness";
import { repoRoot } from "../helpers/policyPeers";

const POLICIES_DIR = path.join(repoRoot, "policies");

describe("policy pack build (policies/bin)", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-pack-"));
        fs.mkdirSync(path.join(dir, "bin"));
        fs.mkdirSync(path.join(dir, "lib"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (rel: string, mtime: number) => {
        fs.writeFileSync(path.join(dir, rel), "");
        fs.utimesSync(path.join(dir, rel), mtime, mtime);
    };

    it("runs the compiled entry point, built from the current sources by `npm test`", () => {
        const pack = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8"));
        assert.strictEqual(pack.main, "bin/index.js");
        const entry = path.join(POLICIES_DIR, pack.main);
        assert.ok(fs.existsSync(entry), `${entry} is missing: npm run build:policies`);
        assert.doesNotThrow(() => assertCompiledPackIsCurrent(entry));
    });

    it("refuses a compiled pack older than one of its sources, naming it and the command", () => {
        write("bin/index.js", 1000);
        write("index.ts", 900);
        write("lib/kinds.ts", 2000);
        assert.throws(() => assertCompiledPackIsCurrent(path.join(dir, "bin", "index.js")),
            { message: `the compiled policy pack (${path.join(dir, "bin")}) is older than lib/kinds.ts: run \`npm run build:policies\`` });
    });

    it("accepts a compiled pack newer than every source, and ignores node_modules and the sources' own run", () => {
        write("bin/index.js", 3000);
        write("index.ts", 900);
        write("lib/kinds.ts", 2000);
        fs.mkdirSync(path.join(dir, "node_modules"));
        write("node_modules/x.ts", 5000);
        assert.doesNotThrow(() => assertCompiledPackIsCurrent(path.join(dir, "bin", "index.js")));
        // Run from source (ts-node), there is nothing compiled to check.
        write("lib/kinds.ts", 9000);
        assert.doesNotThrow(() => assertCompiledPackIsCurrent(path.join(dir, "index.ts")));
    });
});
