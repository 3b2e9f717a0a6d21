import { PolicyResource } from "@pulumi/policy";
import { CNPG_GROUP, isKind } from "./kinds";
import { Labels } from "./selectors";
import { inScope, ScopeConfig } from "./scope";
import { UnknownDeferral } from "./unknowns";
import { isReplicated, podTemplateOf, PodTemplate, replicasOf } from "./workloads";

/** A workload (or CloudNativePG Cluster) of the stack whose pods a stack policy reasons about. */
export interface StackWorkload {
    resource: PolicyResource;
    /** `StatefulSet "db/main"`: how messages name it. */
    describe: string;
    namespace: string | undefined;
    /** Labels its pods carry. */
    labels: Labels;
    replicas: number;
    template?: PodTemplate;
}

function kindName(type: string): string {
    return type.split(":").pop()!;
}

export function describeResource(r: PolicyResource): string {
    const ns = r.props.metadata?.namespace;
    const name = r.props.metadata?.name ?? r.name;
    return `${kindName(r.type)} "${ns ? `${ns}/` : ""}${name}"`;
}

/**
 * Two objects share a namespace when both name the same one. An object without one is taken
 * to be in "default" (kubectl's and the provider's default): if the provider is configured
 * with another namespace, a budget or policy may be reported as missing, never the reverse.
 */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
    return (a ?? "default") === (b ?? "default");
}

/** Pod labels CloudNativePG puts on a Cluster's instances (pkg/utils/labels_annotations.go). */
function cnpgPodLabels(name: string): Labels {
    return { "cnpg.io/cluster": name, "cnpg.io/podRole": "instance", "app.kubernetes.io/name": "postgresql" };
}

/**
 * Workloads in scope, plus CloudNativePG Clusters (their pods are the operator's, so their
 * labels are the operator's). `replicated` (the default) keeps only the kinds whose pods are
 * replicas of one another (budgets); `pods` keeps every kind that runs pods, bare Pods, Jobs,
 * CronJobs and DaemonSets included (network exposure). Unknown values skip a resource and are
 * rethrown by `deferral.finish()` once the caller has reported what it could.
 */
export function stackWorkloads(resources: PolicyResource[], cfg: ScopeConfig, deferral: UnknownDeferral,
    kinds: "replicated" | "pods" = "replicated"): StackWorkload[] {
    const out: StackWorkload[] = [];
    for (const resource of resources) {
        deferral.run(() => {
            const namespace = resource.props.metadata?.namespace;
            if (isKind(resource.type, CNPG_GROUP, "Cluster")) {
                const name = resource.props.metadata?.name ?? resource.name;
                out.push({ resource, describe: describeResource(resource), namespace, labels: cnpgPodLabels(name), replicas: resource.props.spec?.instances ?? 1 });
                return;
            }
            const template = podTemplateOf(resource.type, resource.props);
            if (template && (kinds === "pods" || isReplicated(template)) && inScope(template, cfg)) {
                const replicas = replicasOf(template, resource.props) ?? 1;
                out.push({ resource, describe: describeResource(resource), namespace, labels: template.labels, replicas, template });
            }
        });
    }
    return out;
}

export function ofKind(resources: PolicyResource[], group: string, kind: string): PolicyResource[] {
    return resources.filter(r => isKind(r.type, group, kind));
}
