import { groupKindOf } from "./kinds";
import { Labels } from "./selectors";

/**
 * Where the pod template sits in each workload kind. Values read from `props` may be
 * unknown during preview: the policy framework's proxy then throws, and the engine reports
 * that the policy could not run instead of a silent pass, so nothing here catches errors.
 */
const TEMPLATE_PATHS: Record<string, string[]> = {
    "core/Pod": [],
    "core/ReplicationController": ["spec", "template"],
    "apps/Deployment": ["spec", "template"],
    "apps/StatefulSet": ["spec", "template"],
    "apps/DaemonSet": ["spec", "template"],
    "apps/ReplicaSet": ["spec", "template"],
    "batch/Job": ["spec", "template"],
    "batch/CronJob": ["spec", "jobTemplate", "spec", "template"],
};

/** Kinds whose pods are long-running replicas of one another (PDB, NetworkPolicy and spreading apply). */
const REPLICATED_KINDS = new Set(["core/ReplicationController", "apps/Deployment", "apps/StatefulSet", "apps/ReplicaSet"]);

export interface Container {
    name?: string;
    image?: string;
    env?: any[];
    envFrom?: any[];
    ports?: any[];
    resources?: { limits?: Record<string, any>; requests?: Record<string, any> };
    securityContext?: any;
    readinessProbe?: any;
    livenessProbe?: any;
    startupProbe?: any;
}

export interface PodTemplate {
    /** `core/Pod`, `apps/StatefulSet`, ... */
    kind: string;
    labels: Labels;
    spec: any;
}

function kindKey(type: string): string | undefined {
    const gk = groupKindOf(type);
    return gk && `${gk.group}/${gk.kind}`;
}

/** The pod template of any workload kind, or undefined for other resources. */
export function podTemplateOf(type: string, props: any): PodTemplate | undefined {
    const key = kindKey(type);
    const path = key === undefined ? undefined : TEMPLATE_PATHS[key];
    if (key === undefined || path === undefined) {
        return undefined;
    }
    let template = props;
    for (const p of path) {
        template = template?.[p];
    }
    return { kind: key, labels: template?.metadata?.labels ?? {}, spec: template?.spec ?? {} };
}

export function isReplicated(template: PodTemplate): boolean {
    return REPLICATED_KINDS.has(template.kind);
}

/** Desired replicas of a replicated workload (the API default is 1); undefined for other kinds. */
export function replicasOf(template: PodTemplate, props: any): number | undefined {
    return isReplicated(template) ? props.spec?.replicas ?? 1 : undefined;
}

export type ContainerRole = "container" | "initContainer" | "ephemeralContainer";

/** Every container of a pod spec, init and ephemeral ones included, with its role. */
export function allContainers(spec: any): { role: ContainerRole; container: Container }[] {
    const out: { role: ContainerRole; container: Container }[] = [];
    for (const c of spec.containers ?? []) out.push({ role: "container", container: c });
    for (const c of spec.initContainers ?? []) out.push({ role: "initContainer", container: c });
    for (const c of spec.ephemeralContainers ?? []) out.push({ role: "ephemeralContainer", container: c });
    return out;
}

/** `container "pg"` / `initContainer "copy-tools"`: how messages name a container. */
export function describeContainer(role: ContainerRole, c: Container): string {
    return `${role} "${c.name ?? "?"}"`;
}
