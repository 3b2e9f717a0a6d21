import { StackValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "../lib/config";
import { governsIngress, openIngressRule } from "../lib/networkPolicies";
import { SCOPE_DEFAULTS, scopeSchema } from "../lib/scope";
import { describeResource, ofKind, stackWorkloads } from "../lib/stack";
import { UnknownDeferral } from "../lib/unknowns";

/**
 * Kubernetes lets every pod connect to every pod by default: without a NetworkPolicy (or
 * with one that admits every source) any compromised workload in the cluster can reach
 * PostgreSQL's port.
 *
 * @severity high
 * @topics network
 * @link https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export const enforceNetworkPolicy: StackValidationPolicy = {
    name: "postgres-k8s-stack-enforce-network-policy",
    description: "Requires an ingress NetworkPolicy that selects the pods of every PostgreSQL workload (any kind that runs pods) and does not admit every source.",
    configSchema: { properties: { ...scopeSchema } },
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const config = withDefaults(args, SCOPE_DEFAULTS);
        const deferral = new UnknownDeferral();
        const policies = ofKind(args.resources, "networking.k8s.io", "NetworkPolicy");
        for (const w of stackWorkloads(args.resources, config, deferral, "pods")) {
            deferral.run(() => {
                const governing = policies.filter(np => governsIngress(np, w.labels, w.namespace));
                if (governing.length === 0) {
                    report(`No NetworkPolicy restricts ingress to the pods of ${w.describe}.`, w.resource.urn);
                }
                for (const np of governing) {
                    const open = openIngressRule(np);
                    if (open) {
                        report(`${describeResource(np)} selects the pods of ${w.describe}, but ${open}.`, w.resource.urn);
                    }
                }
            });
        }
        deferral.finish();
    },
};
