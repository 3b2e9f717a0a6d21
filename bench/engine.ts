/**
 * `npm run bench:engine`: how long the real Pulumi engine takes for this program, next to the
 * floor, in one run on the same engine and machine: the floor is `pulumi preview` of an empty
 * TypeScript program (CLI start, language host, Node.js, ts-node transpiling as the project's
 * tsconfig says, an empty deployment). Per stack (local cluster, local backend, passphrase
 * secrets): the first preview, `up`, and the preview of the deployed stack (no changes) with and
 * without the policy pack, each as a ratio to a floor run made just before it.
 * Not a test: it asserts only that each command succeeded. BENCH_REPEAT (default 3) runs of each
 * no-change preview; the medians are reported.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { clusterDown, clusterUp } from "../test/helpers/kube";
import { buildPulumiTools, CliResult, PulumiWorkspace } from "../test/helpers/pulumi-cli";
import { repoRoot, StackName } from "../test/helpers/stack-config";
import { renderTable } from "./table";

const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const localConfig: Record<StackName, Record<string, string>> = {
    dev: {},
    prod: { storageClassName: "local-storage", backupStorageClassName: "shared" },
};

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function ok(p: Promise<CliResult>): Promise<CliResult> {
    const r = await p;
    if (r.status !== 0) throw new Error(`pulumi ${r.args.join(" ")} exited ${r.status}:\n${r.output}`);
    process.stderr.write(`bench:engine: pulumi ${r.args.slice(0, 3).join(" ")} ... ${r.seconds.toFixed(1)}s\n`);
    return r;
}

interface Paired { secs: number; floor: number; ratio: number }

/**
 * N runs of F, each right after a run of the floor, so that the ratio of each pair is taken at
 * the same machine load (other jobs on a shared machine move both alike); medians of the N.
 */
async function pairedWithFloor(n: number, floor: () => Promise<CliResult>, f: () => Promise<CliResult>): Promise<Paired> {
    const pairs: { secs: number; floor: number }[] = [];
    for (let i = 0; i < n; i++) {
        const fl = (await ok(floor())).seconds;
        pairs.push({ floor: fl, secs: (await ok(f())).seconds });
    }
    return {
        secs: median(pairs.map(p => p.secs)),
        floor: median(pairs.map(p => p.floor)),
        ratio: median(pairs.map(p => p.secs / p.floor)),
    };
}

/** An empty TypeScript program beside the project copy, sharing its node_modules and tsconfig. */
function writeEmptyProgram(ws: PulumiWorkspace): string {
    const dir = path.join(ws.dir, "floor");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: floor\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "floor", main: "index.ts" }));
    // Same ts-node mode as the project's tsconfig (transpile only), so the ratio is the program's own cost.
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
        "ts-node": { transpileOnly: true },
        compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node", strict: true, types: ["node"] },
        files: ["index.ts"],
    }));
    fs.writeFileSync(path.join(dir, "index.ts"), "export {};\n");
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

async function main(): Promise<void> {
    buildPulumiTools();
    clusterUp();
    const ws = await PulumiWorkspace.create("pgk8s-bench-engine-");
    try {
        const floorDir = writeEmptyProgram(ws);
        await ok(ws.run(["stack", "init", "floor", "--secrets-provider", "passphrase"], { cwd: floorDir }));
        const floor = () => ws.run(["preview", "-s", "floor"], { cwd: floorDir });
        const loadBefore = os.loadavg()[0];
        const rows: string[][] = [];
        const row = (what: string, p: Paired) => rows.push([what, p.secs.toFixed(1), p.floor.toFixed(1), p.ratio.toFixed(2)]);
        for (const stack of ["dev", "prod"] as StackName[]) {
            await ws.stackInit(stack);
            for (const [k, v] of Object.entries(localConfig[stack])) await ws.configSet(stack, k, v);
            const pack = ws.policyArgs(stack);
            row(`${stack}: first preview, with the policy pack`, await pairedWithFloor(1, floor, () => ws.run(["preview", "-s", stack, ...pack])));
            row(`${stack}: up, with the policy pack`, await pairedWithFloor(1, floor, () => ws.run(["up", "--yes", "-s", stack, ...pack])));
            row(`${stack}: preview, no changes, with the policy pack`, await pairedWithFloor(repeat, floor, () => ws.run(["preview", "-s", stack, ...pack])));
            row(`${stack}: preview, no changes, no policy pack`, await pairedWithFloor(repeat, floor, () => ws.run(["preview", "-s", stack])));
        }
        const load = `load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
        console.log(`Pulumi engine timings (seconds; each run paired with a floor run just before it; medians of ${repeat} for the no-change previews; ${load})`);
        console.log(renderTable(["what", "seconds", "floor (s)", "x floor"], rows));
    } finally {
        clusterDown();
        ws.remove();
    }
}

main().catch(e => {
    console.error(e);
    process.exit(1);
});
