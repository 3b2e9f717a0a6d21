/**
 * Maps a container of the real specs onto a test "pod": every pod path (in env values, command
 * arguments and mounts) becomes the pod's temp directory, the downward API is answered, and the
 * Service/peer addresses become 127.0.0.1 ports. Nothing else is added by hand but PATH/HOME.
 */
import { podPaths } from "../../specs/self-managed/paths";
import { EnvVar } from "../../specs/self-managed/pod-env";
import { PG_BIN } from "./pgExec";
import { ContainerSpec } from "./pgSpec";

export type PodDirs = Record<keyof typeof podPaths, string>;

export interface PodContext {
    podName: string;
    namespace: string;
    port: number;
    dirs: PodDirs;
    /** member name -> local port, replacing the headless-Service DNS names. */
    peerPorts: Record<string, number>;
    primaryServicePort: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const mountKeys = (Object.keys(podPaths) as (keyof typeof podPaths)[]).sort((a, b) => podPaths[b].length - podPaths[a].length);
const pathPattern = new RegExp(`(${mountKeys.map(k => escape(podPaths[k])).join("|")})(?=/|$|[^\\w.-])`, "g");

/** Replaces every pod path inside `value` (longest mount first) with the test directory. */
export function mapPaths(value: string, dirs: PodDirs): string {
    return value.replace(pathPattern, p => dirs[mountKeys.find(k => podPaths[k] === p)!]);
}

/** Every mount of the container must be a directory the harness provides. */
function checkMounts(c: ContainerSpec): void {
    // /tmp and /dev/shm: the host's own serve the test pods.
    const known = new Set<string>([...Object.values(podPaths), "/tmp", "/dev/shm"]);
    for (const m of c.volumeMounts) {
        if (!known.has(m.mountPath)) throw new Error(`container mounts ${m.mountPath}, which the test pod does not provide`);
    }
}

export function containerEnv(c: ContainerSpec, ctx: PodContext): NodeJS.ProcessEnv {
    checkMounts(c);
    const fields: Record<string, string> = { "metadata.name": ctx.podName, "metadata.namespace": ctx.namespace };
    const env: NodeJS.ProcessEnv = { PATH: `${PG_BIN}:/usr/local/bin:/usr/bin:/bin`, HOME: ctx.dirs.runDir, LANG: "C.UTF-8" };
    for (const v of c.env as EnvVar[]) {
        if (v.valueFrom && !fields[v.valueFrom.fieldRef.fieldPath]) throw new Error(`env ${v.name}: unsupported ${JSON.stringify(v.valueFrom)}`);
        env[v.name] = v.valueFrom ? fields[v.valueFrom.fieldRef.fieldPath] : mapPaths(v.value ?? "", ctx.dirs);
    }
    env.PG_PORT = String(ctx.port);
    if (env.PGPORT) env.PGPORT = String(ctx.port);
    // Same members, same order as the manifest; only the address changes.
    env.PG_PEERS = env.PG_PEERS!.split(" ").map(entry => {
        const name = entry.split("=")[0];
        if (!(name in ctx.peerPorts)) throw new Error(`no local port for peer ${name}`);
        return `${name}=127.0.0.1:${ctx.peerPorts[name]}`;
    }).join(" ");
    env.PG_PRIMARY_HOST = "127.0.0.1";
    env.PG_PRIMARY_PORT = String(ctx.primaryServicePort);
    return env;
}

export function containerCommand(c: ContainerSpec, dirs: PodDirs): string[] {
    return c.command.map(a => mapPaths(a, dirs));
}
