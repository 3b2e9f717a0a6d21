/**
 * The environment of a test "pod": the real postgresEnv(...) output with every pod mount path
 * mapped to the pod's temp directory and the Service/peer addresses mapped to 127.0.0.1 ports.
 * Nothing is added by hand except what Kubernetes itself provides (downward API, PATH).
 */
import * as path from "path";
import { podPaths } from "../../specs/paths";
import { postgresEnv, PodEnvOptions } from "../../specs/pod-env";
import { PG_BIN } from "./pgExec";

export type PodDirs = Record<keyof typeof podPaths, string>;

export interface PodEnvInput {
    podName: string;
    namespace: string;
    port: number;
    dirs: PodDirs;
    /** member name -> local port, replacing the headless-Service DNS names. */
    peerPorts: Record<string, number>;
    primaryServicePort: number;
    spec: PodEnvOptions;
}

/** Maps a pod path (or a path under it) to the test directory, longest mount first. */
function mapPath(value: string, dirs: PodDirs): string {
    const keys = (Object.keys(podPaths) as (keyof typeof podPaths)[])
        .sort((a, b) => podPaths[b].length - podPaths[a].length);
    for (const k of keys) {
        const p = podPaths[k];
        if (value === p) return dirs[k];
        if (value.startsWith(p + "/")) return path.join(dirs[k], value.slice(p.length + 1));
    }
    return value;
}

export function podEnv(i: PodEnvInput): NodeJS.ProcessEnv {
    const fields: Record<string, string> = { "metadata.name": i.podName, "metadata.namespace": i.namespace };
    const env: NodeJS.ProcessEnv = {
        PATH: `${PG_BIN}:/usr/local/bin:/usr/bin:/bin`,
        HOME: i.dirs.runDir,
        LANG: "C.UTF-8",
    };
    for (const v of postgresEnv(i.spec)) {
        env[v.name] = v.valueFrom ? fields[v.valueFrom.fieldRef.fieldPath] : mapPath(v.value ?? "", i.dirs);
    }
    env.PG_PORT = String(i.port);
    // Same members, same order as the manifest; only the address changes.
    env.PG_PEERS = env.PG_PEERS!.split(" ").map(entry => {
        const name = entry.split("=")[0];
        if (!(name in i.peerPorts)) throw new Error(`no local port for peer ${name}`);
        return `${name}=127.0.0.1:${i.peerPorts[name]}`;
    }).join(" ");
    env.PG_PRIMARY_HOST = "127.0.0.1";
    env.PG_PRIMARY_PORT = String(i.primaryServicePort);
    for (const [k, v] of Object.entries(env)) {
        if (v === undefined) throw new Error(`env ${k} unresolved`);
    }
    return env;
}
