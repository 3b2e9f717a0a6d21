/**
 * A client pod on the real nodes that writes through the read-write Service in a loop
 * (test/nodes/write-loop.sh) and counts acknowledged commits; afterwards every acknowledged id
 * must be in the table on whichever pod is primary.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { getJson, kubectl, mustKubectl } from "./kube";
import { eventually, RealStack } from "./realStack";
import { repoRoot } from "./stack-config";

const scriptName = "write-loop.sh";

export interface WriterResult {
    acked: { id: number; at: number }[];
    failed: number;
    /** Each distinct error of the failed attempts: how often, first and last time (epoch ms). */
    errors: { error: string; count: number; first: number; last: number }[];
    /** Acknowledged ids missing from the table afterwards. */
    lost: number[];
}

/** The pod spec of a test client: the stack's own image, its app user's Secret, an admitted label. */
export function clientPod(stack: RealStack, name: string, command: string[], env: Record<string, string> = {}, avoidNode?: string): object {
    const [labelKey, labelValue] = String((stack.config("allowedClients") as string[])[0] ?? "app=client").split(",")[0].split("=");
    const secret = { name: "pg-app" };
    return {
        apiVersion: "v1", kind: "Pod",
        metadata: { name, namespace: stack.namespace, labels: { [labelKey]: labelValue, "postgres-k8s.io/test": "client" } },
        spec: {
            restartPolicy: "Never",
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 5,
            // A client that must outlive a node's death runs elsewhere.
            ...(avoidNode ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
                { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "NotIn", values: [avoidNode] }] }] } } } } : {}),
            securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, seccompProfile: { type: "RuntimeDefault" } },
            containers: [{
                name: "client", image: String(stack.config("image")), imagePullPolicy: "IfNotPresent", command,
                env: [
                    { name: "PGHOST", value: "pg-rw" },
                    { name: "PGUSER", valueFrom: { secretKeyRef: { ...secret, key: "username" } } },
                    { name: "PGPASSWORD", valueFrom: { secretKeyRef: { ...secret, key: "password" } } },
                    { name: "PGDATABASE", value: String(stack.config("appDatabase")) },
                    { name: "PGCONNECT_TIMEOUT", value: "2" },
                    ...Object.entries(env).map(([k, v]) => ({ name: k, value: v })),
                ],
                resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                volumeMounts: [{ name: "scripts", mountPath: "/opt/test", readOnly: true }],
            }],
            volumes: [{ name: "scripts", configMap: { name: "nodes-test-scripts", defaultMode: 0o555 } }],
        },
    };
}

export function ensureClientScripts(stack: RealStack): void {
    const data = { [scriptName]: fs.readFileSync(path.join(repoRoot, "test", "nodes", scriptName), "utf8") };
    mustKubectl(["apply", "--server-side", "--field-manager=postgres-k8s-nodes", "-f", "-"], {
        input: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "nodes-test-scripts", namespace: stack.namespace }, data }),
    });
}

/** A one-shot client pod running `script` with the app user's credentials; returns its log. */
export async function runClient(stack: RealStack, name: string, script: string): Promise<string> {
    ensureClientScripts(stack);
    kubectl(["-n", stack.namespace, "delete", "pod", name, "--ignore-not-found", "--wait=true"]);
    mustKubectl(["apply", "-f", "-"], { input: JSON.stringify(clientPod(stack, name, ["bash", "-c", script])) });
    const phase = await eventually(`${name} finished`, () => {
        const p = getJson(["-n", stack.namespace, "get", "pod", name]).status.phase;
        return p === "Succeeded" || p === "Failed" ? p : undefined;
    }, 180);
    const log = mustKubectl(["-n", stack.namespace, "logs", name]);
    mustKubectl(["-n", stack.namespace, "delete", "pod", name, "--wait=false"]);
    assert.strictEqual(phase, "Succeeded", log);
    return log;
}

/** Longest time between consecutive acknowledged commits, from the last one before `t0` on, s. */
export function longestGap(acks: { at: number }[], t0: number): number {
    const times = [acks.filter(a => a.at < t0).pop()?.at ?? t0, ...acks.filter(a => a.at >= t0).map(a => a.at)];
    return Math.max(0, ...times.slice(1).map((t, i) => t - times[i])) / 1000;
}

/** write-loop.sh's `fail <id> <ms> <error>` lines, one entry per distinct error. */
export function groupErrors(failLines: string[]): WriterResult["errors"] {
    const errors = new Map<string, WriterResult["errors"][number]>();
    for (const l of failLines) {
        const [, , at, ...words] = l.split(" ");
        // Addresses and pids vary between attempts of one cause.
        const error = words.join(" ").replace(/\d+\.\d+\.\d+\.\d+/g, "<ip>").replace(/\b\d{3,}\b/g, "<n>");
        const e = errors.get(error) ?? { error, count: 0, first: Number(at), last: 0 };
        errors.set(error, { ...e, count: e.count + 1, last: Number(at) });
    }
    return [...errors.values()];
}

/** The grouped errors, one indented line each, times in seconds after `t0` (epoch ms). */
export function formatErrors(errors: WriterResult["errors"], t0: number): string {
    const since = (ms: number) => `${((ms - t0) / 1000).toFixed(1)} s`;
    return errors.map(e => `        ${e.count}x from ${since(e.first)} to ${since(e.last)}: ${e.error}`).join("\n");
}

export class Writer {
    readonly pod: string;

    constructor(private stack: RealStack, readonly name: string) {
        this.pod = `writer-${name}`;
    }

    async start(avoidNode?: string): Promise<void> {
        ensureClientScripts(this.stack);
        kubectl(["-n", this.stack.namespace, "delete", "pod", this.pod, "--ignore-not-found", "--wait=true"]);
        mustKubectl(["apply", "-f", "-"], { input: JSON.stringify(clientPod(this.stack, this.pod, ["bash", `/opt/test/${scriptName}`], { WRITER: this.name }, avoidNode)) });
        await eventually(`${this.pod} writing`, () => (this.lines().some(l => l.startsWith("ack ")) ? true : undefined), 180);
    }

    private lines(): string[] {
        const r = kubectl(["-n", this.stack.namespace, "logs", this.pod]);
        return r.status === 0 ? r.stdout.split("\n").filter(Boolean) : [];
    }

    acks(): { id: number; at: number }[] {
        return this.lines().filter(l => l.startsWith("ack ")).map(l => {
            const [, id, at] = l.split(" ");
            return { id: Number(id), at: Number(at) };
        });
    }

    /** Waits for the first acknowledged commit at or after `t0` (epoch ms); returns the outage in s. */
    async firstAckAfter(t0: number, seconds = 600): Promise<number> {
        const at = await eventually(`a commit acknowledged by ${this.pod}`, () => this.acks().find(a => a.at >= t0)?.at, seconds);
        return (at - t0) / 1000;
    }

    /** Waits for `n` more acknowledged commits (the loop is running again). */
    async moreAcks(n = 5, seconds = 120): Promise<void> {
        const base = this.acks().length;
        await eventually(`${n} more commits from ${this.pod}`, () => (this.acks().length >= base + n ? true : undefined), seconds);
    }

    /** Stops the loop, then checks every acknowledged id against the table on the primary. */
    async stop(): Promise<WriterResult> {
        mustKubectl(["-n", this.stack.namespace, "exec", this.pod, "--", "touch", "/tmp/stop"]);
        await eventually(`${this.pod} stopped`, () => (this.lines().some(l => l.startsWith("stopped ")) ? true : undefined), 120);
        const acked = this.acks();
        const failures = this.lines().filter(l => l.startsWith("fail "));
        const primary = await this.stack.primary();
        const present = new Set(this.stack.sql(primary, `SELECT id FROM acked WHERE writer = '${this.name}'`).split("\n").filter(Boolean).map(Number));
        const lost = acked.map(a => a.id).filter(id => !present.has(id));
        kubectl(["-n", this.stack.namespace, "delete", "pod", this.pod, "--wait=false"]);
        return { acked, failed: failures.length, errors: groupErrors(failures), lost };
    }
}
