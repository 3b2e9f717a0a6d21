/**
 * The real transport: @kubernetes/client-node against any kubeconfig context. Kept thin: every
 * decision lives in the pure modules.
 */
import * as k8s from "@kubernetes/client-node";
import { PassThrough, Writable } from "stream";
import { clusterLabel, roleLabel } from "../specs/labels";
import { ClusterAccess, ExecResult, JobAccess, JobInfo, PodInfo } from "./types";

export const postgresContainer = "postgres";

export function loadKubeConfig(o: { kubeconfig?: string; context?: string }): k8s.KubeConfig {
    const kc = new k8s.KubeConfig();
    if (o.kubeconfig) kc.loadFromFile(o.kubeconfig); else kc.loadFromDefault();
    if (o.context) kc.setCurrentContext(o.context);
    return kc;
}

/** The namespace of the current context, "default" when it names none. */
export function contextNamespace(kc: k8s.KubeConfig): string {
    return kc.getContextObject(kc.getCurrentContext())?.namespace ?? "default";
}

function podInfo(p: k8s.V1Pod, nodes: Map<string, boolean>): PodInfo {
    const node = p.spec?.nodeName ?? "";
    return {
        name: p.metadata!.name!,
        node,
        ready: p.status?.conditions?.some(c => c.type === "Ready" && c.status === "True") ?? false,
        phase: p.status?.phase ?? "Unknown",
        roleLabel: p.metadata?.labels?.[roleLabel] ?? "",
        nodeReady: node ? nodes.get(node) : undefined,
        restarts: (p.status?.containerStatuses ?? []).find(c => c.name === postgresContainer)?.restartCount ?? 0,
    };
}

function jobInfo(j: k8s.V1Job, pods: k8s.V1Pod[]): JobInfo {
    const conds = j.status?.conditions ?? [];
    const failed = conds.find(c => c.type === "Failed" && c.status === "True");
    const state = conds.some(c => c.type === "Complete" && c.status === "True") ? "succeeded" : failed ? "failed" : "active";
    return {
        name: j.metadata!.name!,
        created: j.metadata?.creationTimestamp ? new Date(j.metadata.creationTimestamp as unknown as string).toISOString() : "",
        state, failureReason: failed?.reason,
        pods: pods.map(p => {
            const term = p.status?.containerStatuses?.[0]?.state?.terminated;
            return { name: p.metadata!.name!, phase: p.status?.phase ?? "Unknown", terminationMessage: term?.message, exitCode: term?.exitCode };
        }),
    };
}

export class KubeAccess implements ClusterAccess, JobAccess {
    private core: k8s.CoreV1Api;
    private batch: k8s.BatchV1Api;

    constructor(private kc: k8s.KubeConfig, readonly namespace: string) {
        this.core = kc.makeApiClient(k8s.CoreV1Api);
        this.batch = kc.makeApiClient(k8s.BatchV1Api);
    }

    async clusters(): Promise<string[]> {
        const list = await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: `${clusterLabel},app.kubernetes.io/component=database` });
        return [...new Set(list.items.map(p => p.metadata!.labels![clusterLabel]))].sort();
    }

    async pods(cluster: string, component: "database" | "restore" = "database"): Promise<PodInfo[]> {
        const list = await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: `${clusterLabel}=${cluster},app.kubernetes.io/component=${component}` });
        // Node readiness matters for failover decisions; a client without node read access still gets pod data.
        const nodes = new Map<string, boolean>();
        try {
            for (const n of (await this.core.listNode()).items) {
                nodes.set(n.metadata!.name!, n.status?.conditions?.some(c => c.type === "Ready" && c.status === "True") ?? false);
            }
        } catch { /* nodeReady stays unknown */ }
        return list.items.map(p => podInfo(p, nodes)).sort((a, b) => a.name.localeCompare(b.name));
    }

    exec(pod: string, command: string[], stdin?: string): Promise<ExecResult> {
        let stdout = "";
        let stderr = "";
        const sink = (add: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { add(String(chunk)); cb(); } });
        const input = stdin === undefined ? null : new PassThrough();
        return new Promise<ExecResult>((resolve, reject) => {
            new k8s.Exec(this.kc).exec(this.namespace, pod, postgresContainer, command,
                sink(s => (stdout += s)), sink(s => (stderr += s)), input, false,
                status => {
                    const cause = status.details?.causes?.find(c => c.reason === "ExitCode");
                    resolve({ code: status.status === "Success" ? 0 : Number(cause?.message ?? 1), stdout, stderr: stderr || (status.status === "Success" ? "" : status.message ?? "") });
                })
                .then(ws => { if (input) input.end(stdin); ws.on("close", () => resolve({ code: -1, stdout, stderr: stderr || "connection closed" })); })
                .catch(e => reject(new Error(`exec in ${this.namespace}/${pod} failed: ${(e as Error).message}`)));
        });
    }

    execInteractive(pod: string, command: string[]): Promise<number> {
        const tty = Boolean(process.stdin.isTTY);
        if (tty) process.stdin.setRawMode(true);
        return new Promise<number>((resolve, reject) => {
            new k8s.Exec(this.kc).exec(this.namespace, pod, postgresContainer, command, process.stdout, process.stderr, process.stdin, tty,
                status => resolve(status.status === "Success" ? 0 : Number(status.details?.causes?.find(c => c.reason === "ExitCode")?.message ?? 1)))
                .catch(reject);
        }).finally(() => { if (tty) process.stdin.setRawMode(false); process.stdin.pause(); });
    }

    async createJobFromCronJob(cronJob: string, jobName: string): Promise<string> {
        const cj = await this.batch.readNamespacedCronJob({ name: cronJob, namespace: this.namespace });
        const t = cj.spec!.jobTemplate;
        // What `kubectl create job --from=cronjob/...` does: the template, owned by the CronJob.
        const job: k8s.V1Job = {
            apiVersion: "batch/v1", kind: "Job",
            metadata: {
                name: jobName, namespace: this.namespace, labels: t.metadata?.labels,
                annotations: { ...(t.metadata?.annotations ?? {}), "cronjob.kubernetes.io/instantiate": "manual" },
                ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cronJob, uid: cj.metadata!.uid!, controller: true }],
            },
            spec: t.spec,
        };
        const created = await this.batch.createNamespacedJob({ namespace: this.namespace, body: job });
        return created.metadata!.name!;
    }

    private async jobPods(name: string): Promise<k8s.V1Pod[]> {
        const pods = await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: `job-name=${name}` });
        return pods.items.sort((a, b) => String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)));
    }

    async job(name: string): Promise<JobInfo | undefined> {
        try {
            const j = await this.batch.readNamespacedJob({ name, namespace: this.namespace });
            return jobInfo(j, await this.jobPods(name));
        } catch (e) {
            if ((e as { code?: number }).code === 404) return undefined;
            throw e;
        }
    }

    async jobs(labelSelector: string): Promise<JobInfo[]> {
        const list = await this.batch.listNamespacedJob({ namespace: this.namespace, labelSelector });
        const sorted = list.items.sort((a, b) => new Date(b.metadata!.creationTimestamp as unknown as string).getTime() - new Date(a.metadata!.creationTimestamp as unknown as string).getTime());
        return Promise.all(sorted.map(async j => jobInfo(j, await this.jobPods(j.metadata!.name!))));
    }

    logs(pod: string, container: string): Promise<string> {
        return this.core.readNamespacedPodLog({ name: pod, namespace: this.namespace, container });
    }
}
