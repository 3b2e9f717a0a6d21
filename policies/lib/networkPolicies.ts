import { PolicyResource } from "@pulumi/policy";
import { LabelSelector, Labels, selectorMatches } from "./selectors";
import { sameNamespace } from "./stack";

/** True when the NetworkPolicy governs ingress to pods with these labels in this namespace. */
export function governsIngress(np: PolicyResource, labels: Labels, namespace: string | undefined): boolean {
    const spec = np.props.spec ?? {};
    // Without policyTypes, Ingress is always implied.
    const types: string[] = spec.policyTypes ?? ["Ingress"];
    // An empty podSelector ({}) selects every pod of the namespace.
    return types.includes("Ingress") && sameNamespace(np.props.metadata?.namespace, namespace) && selectorMatches(spec.podSelector ?? {}, labels);
}

function isEmpty(selector: LabelSelector | undefined): boolean {
    return selector !== undefined && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** Why a peer admits every source, or undefined. */
function openPeer(peer: any): string | undefined {
    if (typeof peer.ipBlock?.cidr === "string" && peer.ipBlock.cidr.endsWith("/0")) {
        return `ipBlock ${peer.ipBlock.cidr}`;
    }
    if (isEmpty(peer.namespaceSelector) && (peer.podSelector === undefined || isEmpty(peer.podSelector))) {
        return "every pod of every namespace";
    }
    return undefined;
}

/**
 * Why one of the policy's ingress rules admits every source, or undefined. Policies add up,
 * so one such rule opens the pods whatever the other policies say.
 */
export function openIngressRule(np: PolicyResource): string | undefined {
    for (const rule of np.props.spec?.ingress ?? []) {
        const from: any[] = rule.from ?? [];
        if (from.length === 0) {
            return "a rule without `from` admits every source";
        }
        const open = from.map(openPeer).find(o => o !== undefined);
        if (open) {
            return `a rule admits ${open}`;
        }
    }
    return undefined;
}
