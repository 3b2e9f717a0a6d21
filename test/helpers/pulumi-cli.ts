/**
 * The real Pulumi CLI (built by scripts/tools-build.sh) on a copy of this project, with the local
 * file backend and the passphrase secrets provider. The copy keeps the working tree clean:
 * `pulumi stack init` writes the passphrase salt into Pulumi.<stack>.yaml and the tests change
 * config. Each workspace has its own PULUMI_HOME (login state) whose plugins/ is the cache's, where
 * tools-build.sh installed the version-matched resource plugins.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { adminKubeconfig, cache } from "./kube";
import { repoRoot, StackName } from "./stack-config";

export const pulumiBin = path.join(cache, "bin", "pulumi");

/** Builds (or reuses) the CLI, the language host and the resource plugins. */
export function buildPulumiTools(): void {
    execFileSync("bash", [path.join(repoRoot, "scripts", "tools-build.sh")], {
        stdio: "inherit",
        env: { ...process.env, TOOLS_ONLY: "pulumi pulumi-language-nodejs pulumi-resource-random pulumi-resource-kubernetes" },
    });
}

export interface CliResult {
    args: string[];
    status: number;
    /** stdout and stderr interleaved as the user would see them */
    output: string;
    stdout: string;
    seconds: number;
}

/** Lines of CLI output that a matched toolchain never prints. */
export const pluginWarnings = [/using pulumi-\S+ from \$PATH/, /is expected to have version/, /plugin .* not found/i];

export class PulumiWorkspace {
    readonly dir: string;
    readonly project: string;
    readonly env: NodeJS.ProcessEnv;

    private constructor(dir: string, extraEnv: NodeJS.ProcessEnv) {
        this.dir = dir;
        this.project = path.join(dir, "project");
        const home = path.join(dir, "home");
        this.env = {
            ...process.env,
            PATH: `${path.join(cache, "bin")}:${process.env.PATH}`,
            PULUMI_HOME: home,
            PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
            PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
            KUBECONFIG: adminKubeconfig,
            NO_COLOR: "1",
            ...extraEnv,
        };
    }

    /** A temp dir with the project copy (node_modules linked), a PULUMI_HOME and `pulumi login file://`. */
    static async create(prefix = "pgk8s-engine-", extraEnv: NodeJS.ProcessEnv = {}): Promise<PulumiWorkspace> {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
        const ws = new PulumiWorkspace(dir, extraEnv);
        fs.cpSync(repoRoot, ws.project, {
            recursive: true,
            // The compiled policy pack must stay newer than its sources (policies/lib/freshness.ts).
            preserveTimestamps: true,
            filter: src => !/(^|\/)(node_modules|\.git)$/.test(path.relative(repoRoot, src)),
        });
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(ws.project, "node_modules"));
        // The layout of a clone: ../shared beside the project (tools-build.sh builds from ../shared/upstream).
        const shared = path.resolve(repoRoot, "..", "shared");
        if (fs.existsSync(shared)) fs.symlinkSync(shared, path.join(dir, "shared"));
        const home = ws.env.PULUMI_HOME!;
        fs.mkdirSync(home, { recursive: true });
        fs.symlinkSync(path.join(cache, "pulumi-home", "plugins"), path.join(home, "plugins"));
        fs.mkdirSync(path.join(dir, "state"));
        await ws.must(["login", `file://${path.join(dir, "state")}`]);
        return ws;
    }

    /** Runs `pulumi ARGS` in the project copy; never throws on a non-zero exit. */
    run(args: string[], o: { cwd?: string } = {}): Promise<CliResult> {
        const full = [...args, "--non-interactive", "--color", "never"];
        const start = Date.now();
        return new Promise((resolve, reject) => {
            const child = spawn(pulumiBin, full, { cwd: o.cwd ?? this.project, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
            let output = "";
            let stdout = "";
            child.stdout.on("data", d => { output += d; stdout += d; });
            child.stderr.on("data", d => { output += d; });
            child.on("error", reject);
            child.on("close", code => resolve({ args, status: code ?? -1, output, stdout, seconds: (Date.now() - start) / 1000 }));
        });
    }

    /** `pulumi ARGS` that must exit 0. */
    async must(args: string[], o: { cwd?: string } = {}): Promise<CliResult> {
        const r = await this.run(args, o);
        if (r.status !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.status}:\n${r.output}`);
        return r;
    }

    /** Preview/up arguments that run the policy pack with the stack's policy config, as CI does. */
    policyArgs(stack: StackName): string[] {
        return ["--policy-pack", path.join(this.project, "policies"),
            "--policy-pack-config", path.join(this.project, "policies", "config", `${stack}.json`)];
    }

    async stackInit(stack: StackName): Promise<void> {
        await this.must(["stack", "init", stack, "--secrets-provider", "passphrase"]);
    }

    /** Plain config: the program's secrets come from @pulumi/random, never from config (the CLI takes a name like `pg-backup-s3` for one). */
    async configSet(stack: StackName, key: string, value: string): Promise<void> {
        await this.must(["config", "set", "--plaintext", "-s", stack, `postgres-k8s:${key}`, value]);
    }

    async outputs(stack: StackName, showSecrets = false): Promise<Record<string, any>> {
        const r = await this.must(["stack", "output", "-s", stack, "--json", ...(showSecrets ? ["--show-secrets"] : [])]);
        return JSON.parse(r.stdout);
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** One step of `pulumi preview --json`. */
export interface PreviewStep { op: string; urn: string; type: string; name: string }

/** Parses `pulumi preview --json`: its steps (type and name from the URN) and change summary. */
export function previewSteps(r: CliResult): { steps: PreviewStep[]; summary: Record<string, number>; diagnostics: any[] } {
    const doc = JSON.parse(r.stdout);
    const steps = (doc.steps ?? []).map((s: any) => {
        const parts = String(s.urn).split("::");
        const type = parts[2].split("$").pop()!;
        return { op: s.op, urn: s.urn, type, name: parts[3] };
    });
    return { steps, summary: doc.changeSummary ?? {}, diagnostics: doc.diagnostics ?? [] };
}
