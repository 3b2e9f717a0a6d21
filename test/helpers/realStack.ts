/**
 * A stack's objects on the real nodes: rendered by the program under mocks (./manifests), applied
 * server-side, as `pulumi up` would create them. Re-renders (a config change, a restore) keep the
 * Secrets of the first render, as Pulumi keeps a RandomPassword's state: a new password would not
 * match the data volumes.
 */
import { kubectl, getJson, mustKubectl } from "./kube";
import { KubeObject, renderStack } from "./manifests";
import { stackConfigMap, StackName } from "./stack-config";

export const roleLabel = "postgres-k8s.io/role";
const fieldManager = "postgres-k8s-nodes";
// Renders run the program under Pulumi's process-wide mocks: stacks applied at once take turns.
let rendering: Promise<unknown> = Promise.resolve();

export async function eventually<T>(what: string, f: () => T | undefined, seconds = 300): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
        const v = f();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
        await new Promise(r => setTimeout(r, 500));
    }
}

export function applyObjects(objects: KubeObject[]): void {
    for (const group of [objects.filter(o => o.kind === "Namespace"), objects.filter(o => o.kind !== "Namespace")]) {
        if (group.length === 0) continue;
        mustKubectl(["apply", "--server-side", "--force-conflicts", `--field-manager=${fieldManager}`, "-f", "-"],
            { input: JSON.stringify({ apiVersion: "v1", kind: "List", items: group }) });
    }
}

export class RealStack {
    private secrets?: KubeObject[];
    objects: KubeObject[] = [];

    constructor(readonly stack: StackName, readonly namespace: string, public instances: number,
        private readonly overrides: Record<string, unknown>) {}

    /** The stack's config value of a key (Pulumi.yaml default under Pulumi.<stack>.yaml, then overrides). */
    config(key: string): unknown {
        const raw = stackConfigMap(this.stack, this.overrides)[`postgres-k8s:${key}`];
        try { return JSON.parse(raw); } catch { return raw; }
    }

    /**
     * Sets `extra` config over the stack's (kept for later applies, as `pulumi config set` would),
     * renders and applies; returns the applied objects.
     */
    async apply(extra: Record<string, unknown> = {}): Promise<KubeObject[]> {
        Object.assign(this.overrides, extra);
        if (extra.instances !== undefined) this.instances = Number(extra.instances);
        const render = rendering.then(() => renderStack(this.stack, this.overrides));
        rendering = render.catch(() => undefined);
        const { objects } = await render;
        if (this.secrets === undefined) this.secrets = objects.filter(o => o.kind === "Secret");
        const kept = new Map(this.secrets.map(s => [s.metadata.name, s]));
        this.objects = objects.map(o => (o.kind === "Secret" && kept.has(o.metadata.name) ? kept.get(o.metadata.name)! : o));
        applyObjects(this.objects);
        return this.objects;
    }

    object(kind: string, name: string): KubeObject {
        const o = this.objects.find(x => x.kind === kind && x.metadata.name === name);
        if (!o) throw new Error(`no ${kind} ${name} in the rendered ${this.stack} stack`);
        return o;
    }

    get image(): string {
        return (this.object("StatefulSet", "pg") as any).spec.template.spec.containers[0].image;
    }

    pods(component = "database"): any[] {
        return getJson(["-n", this.namespace, "get", "pods", "-l", `app.kubernetes.io/component=${component}`]).items
            .sort((a: any, b: any) => a.metadata.name.localeCompare(b.metadata.name));
    }

    /** Every pod of the StatefulSet exists, is Running, Ready with every container ready, on the current revision. */
    allReady(statefulSet = "pg", count = this.instances): boolean {
        const r = kubectl(["-n", this.namespace, "get", "statefulset", statefulSet, "-o", "json"]);
        if (r.status !== 0) return false;
        const s = JSON.parse(r.stdout);
        if (s.status.observedGeneration !== s.metadata.generation) return false;
        if ((s.status.readyReplicas ?? 0) !== count || (s.status.updatedReplicas ?? 0) !== count) return false;
        if (s.status.currentRevision !== s.status.updateRevision) return false;
        const pods = getJson(["-n", this.namespace, "get", "pods", "-l", `app.kubernetes.io/instance=${s.spec.selector.matchLabels["app.kubernetes.io/instance"]}`]).items
            .filter((p: any) => p.metadata.ownerReferences?.some((o: any) => o.name === statefulSet));
        return pods.length === count && pods.every((p: any) => p.status.phase === "Running" && !p.metadata.deletionTimestamp
            && (p.status.containerStatuses ?? []).every((c: any) => c.ready));
    }

    async waitReady(seconds = 600, statefulSet = "pg", count = this.instances): Promise<void> {
        await eventually(`${this.namespace}/${statefulSet}: ${count} pods Running and Ready`, () => (this.allReady(statefulSet, count) ? true : undefined), seconds);
    }

    /** Pods by role label. */
    byRole(role: string): string[] {
        return this.pods().filter(p => p.metadata.labels?.[roleLabel] === role).map(p => p.metadata.name);
    }

    /** The single pod labelled primary (waits for exactly one). */
    async primary(seconds = 120): Promise<string> {
        return eventually(`one primary in ${this.namespace}`, () => {
            const p = this.byRole("primary");
            return p.length === 1 ? p[0] : undefined;
        }, seconds);
    }

    /** psql as the superuser over the pod's unix socket (peer authentication), in the app database. */
    sql(pod: string, sql: string, container = "postgres"): string {
        return mustKubectl(["-n", this.namespace, "exec", pod, "-c", container, "--",
            "psql", "-h", "/run/postgres-k8s", "-U", "postgres", "-d", String(this.config("appDatabase")), "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql]).trim();
    }

    exec(pod: string, command: string[], container = "postgres"): string {
        return mustKubectl(["-n", this.namespace, "exec", pod, "-c", container, "--", ...command]);
    }

    /** Replicas streaming from the primary, by application_name. */
    streaming(primary: string): string[] {
        const out = this.sql(primary, "SELECT application_name FROM pg_stat_replication WHERE state = 'streaming' ORDER BY 1");
        return out ? out.split("\n") : [];
    }

    async waitStreaming(seconds = 180): Promise<string> {
        const primary = await this.primary();
        const others = this.pods().map(p => p.metadata.name).filter(n => n !== primary).sort();
        await eventually(`${others.join(",")} streaming from ${primary}`, () => {
            try {
                return this.streaming(primary).join() === others.join() ? true : undefined;
            } catch {
                return undefined;
            }
        }, seconds);
        return primary;
    }
}
