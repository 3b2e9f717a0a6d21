/**
 * Runs processes as the `postgres` OS user (PostgreSQL refuses root), asynchronously: the
 * rw-Service proxy lives in the test process, so a blocking call would stall replication.
 */
import * as fs from "fs";
import { spawn, execFileSync, SpawnOptions } from "child_process";

export const PG_BIN = "/usr/lib/postgresql/15/bin";

function lookupId(flag: "-u" | "-g"): number {
    return Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
}

export const postgresUser = { uid: lookupId("-u"), gid: lookupId("-g") };

export interface RunResult { code: number; stdout: string; stderr: string }

export interface RunOptions { env: NodeJS.ProcessEnv; input?: string; cwd?: string; timeoutMs?: number }

/** Runs a command as postgres; resolves with its exit code and output (never rejects on exit code). */
export function runAsPostgres(cmd: string, args: string[], o: RunOptions): Promise<RunResult> {
    return new Promise((resolve, reject) => {
        const opts: SpawnOptions = { env: o.env, cwd: o.cwd ?? "/", uid: postgresUser.uid, gid: postgresUser.gid, stdio: ["pipe", "pipe", "pipe"] };
        const child = spawn(cmd, args, opts);
        let stdout = "";
        let stderr = "";
        const timer = o.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), o.timeoutMs) : undefined;
        child.stdout!.on("data", d => (stdout += d));
        child.stderr!.on("data", d => (stderr += d));
        child.on("error", reject);
        child.on("close", code => {
            if (timer) clearTimeout(timer);
            resolve({ code: code ?? -1, stdout, stderr });
        });
        child.stdin!.on("error", () => undefined);   // EPIPE when the command exits without reading
        child.stdin!.end(o.input ?? "");
    });
}

/** Like runAsPostgres but rejects, with the output, on a non-zero exit. */
export async function mustRun(cmd: string, args: string[], o: RunOptions): Promise<string> {
    const r = await runAsPostgres(cmd, args, o);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.code}\n${r.stderr}${r.stdout}`);
    return r.stdout;
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60000, everyMs = 250): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(everyMs);
    }
}

export function chownToPostgres(p: string): void {
    fs.chownSync(p, postgresUser.uid, postgresUser.gid);
}

/** Creates a directory owned by postgres with exactly `mode`. */
export function makeDir(p: string, mode = 0o700): string {
    fs.mkdirSync(p, { recursive: true, mode });
    fs.chmodSync(p, mode);
    chownToPostgres(p);
    return p;
}
