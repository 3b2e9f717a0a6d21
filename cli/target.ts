/** Which cluster the CLI talks to: flags, or a Pulumi stack's outputs. */
import { execFileSync } from "child_process";
import { suffixes } from "../specs/names";

export interface Target { namespace?: string; cluster?: string }

/** Pure: namespace and cluster name from `pulumi stack output --json` (namespace, readWriteHost `<cluster>-rw.<ns>.svc`). */
export function targetFromStackOutputs(outputs: Record<string, unknown>): Target {
    const ns = outputs.namespace;
    const host = outputs.readWriteHost;
    if (typeof ns !== "string" || typeof host !== "string") {
        throw new Error("the stack's outputs have no namespace and readWriteHost: is it a postgres-k8s stack, deployed?");
    }
    const service = host.split(".")[0];
    if (!service.endsWith(suffixes.readWrite)) throw new Error(`readWriteHost '${host}' does not name a '<cluster>${suffixes.readWrite}' Service`);
    return { namespace: ns, cluster: service.slice(0, -suffixes.readWrite.length) };
}

export function stackTarget(stack: string, cwd: string): Target {
    const out = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return targetFromStackOutputs(JSON.parse(out));
}
