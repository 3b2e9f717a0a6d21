import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "../lib/config";
import { SCOPE_DEFAULTS, scopeSchema } from "../lib/scope";
import { selectorMatches } from "../lib/selectors";
import { ofKind, sameNamespace, StackWorkload, stackWorkloads } from "../lib/stack";
import { UnknownDeferral } from "../lib/unknowns";

/** True when the NetworkPolicy restricts ingress to the workload's pods. */
function restrictsIngress(np: PolicyResource, w: StackWorkload): boolean {
    const spec = np.props.spec ?? {};
    // Without policyTypes, Ingress is always implied.
    const types: string[] = spec.policyTypes ?? ["Ingress"];
    // An empty podSelector ({}) selects every pod of the namespace.
    const selector = spec.podSelector ?? {};
    return types.includes("Ingress") && sameNamespace(np.props.metadata?.namespace, w.namespace) && selectorMatches(selector, w.labels);
}

/**
 * Kubernetes lets every pod connect to every pod by default: without a NetworkPolicy any
 * compromised workload in the cluster can reach PostgreSQL's port.
 *
 * @severity high
 * @topics network
 * @link https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export const enforceNetworkPolicy: StackValidationPolicy = {
    name: "postgres-k8s-stack-enforce-network-policy",
    description: "Requires an ingress NetworkPolicy selecting the pods of every PostgreSQL workload.",
    configSchema: { properties: { ...scopeSchema } },
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const config = withDefaults(args, SCOPE_DEFAULTS);
        const deferral = new UnknownDeferral();
        const policies = ofKind(args.resources, "networking.k8s.io", "NetworkPolicy");
        for (const w of stackWorkloads(args.resources, config, deferral)) {
            deferral.run(() => {
                if (!policies.some(np => restrictsIngress(np, w))) {
                    report(`No NetworkPolicy restricts ingress to the pods of ${w.describe}.`, w.resource.urn);
                }
            });
        }
        deferral.finish();
    },
};
