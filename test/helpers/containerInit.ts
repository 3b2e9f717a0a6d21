/**
 * A container's main process as the runtime runs it: PID 1 of its own pid namespace, so it gets
 * TERM/INT only if it handles them, and every process left in the namespace is killed the
 * moment it exits (as an exec'd hook is killed with its container).
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import { postgresUser } from "./pgExec";

const asPostgres = ["setpriv", `--reuid=${postgresUser.uid}`, `--regid=${postgresUser.gid}`, "--clear-groups"];

export interface ContainerInit { pid: () => number; exited: Promise<number | null>; kill: () => void }

/** Runs `command` as PID 1 of a new pid namespace; `pid()` is that PID 1's host pid. */
export function asContainerInit(command: string[], env: NodeJS.ProcessEnv): ContainerInit {
    const child = spawn("unshare", ["--pid", "--fork", "--kill-child", ...asPostgres, ...command], { env, stdio: "ignore" });
    const exited = new Promise<number | null>(resolve => child.on("exit", code => resolve(code)));
    const pid = () => Number(execFileSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).trim().split("\n")[0]);
    // --kill-child: killing unshare kills the namespace's PID 1 too.
    return { pid, exited, kill: () => { child.kill("SIGKILL"); } };
}

/**
 * Runs `command` inside the pid namespace of `init` (as `kubectl exec` and an exec hook do);
 * resolves with its exit code, or the signal that killed it.
 */
export function execInContainer(init: ContainerInit, command: string[], env: NodeJS.ProcessEnv): { proc: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
    const proc = spawn("nsenter", ["--target", String(init.pid()), "--pid", ...asPostgres, ...command], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    proc.stderr!.on("data", d => (stderr += d));
    const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>(resolve =>
        proc.on("exit", (code, signal) => resolve({ code, signal, stderr })));
    return { proc, done };
}

export const within = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<"still running">(resolve => setTimeout(() => resolve("still running"), ms))]);
