import { StackValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "../lib/config";
import { setsNoBound } from "../lib/disruption";
import { SCOPE_DEFAULTS, scopeSchema, ScopeConfig } from "../lib/scope";
import { selectorMatches } from "../lib/selectors";
import { ofKind, sameNamespace, stackWorkloads } from "../lib/stack";
import { UnknownDeferral } from "../lib/unknowns";

interface Config extends ScopeConfig {
    /** Workloads with fewer replicas need no budget (one pod cannot be kept up through a drain). */
    minReplicas: number;
}

const DEFAULTS: Config = { ...SCOPE_DEFAULTS, minReplicas: 2 };

/**
 * Without a PodDisruptionBudget a node drain or cluster upgrade may evict the primary and
 * its standbys at the same time.
 *
 * @severity high
 * @topics availability
 * @link https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
export const enforcePodDisruptionBudget: StackValidationPolicy = {
    name: "postgres-k8s-stack-enforce-pod-disruption-budget",
    description: "Requires a PodDisruptionBudget selecting the pods of every replicated PostgreSQL workload.",
    configSchema: {
        properties: {
            ...scopeSchema,
            minReplicas: { type: "integer", minimum: 1, default: 2, description: "Replicas from which a budget is required." },
        },
    },
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const config = withDefaults(args, DEFAULTS);
        const deferral = new UnknownDeferral();
        const pdbs = ofKind(args.resources, "policy", "PodDisruptionBudget");
        for (const w of stackWorkloads(args.resources, config, deferral)) {
            deferral.run(() => {
                if (w.replicas < config.minReplicas) {
                    return;
                }
                if (w.resource.props.spec?.enablePDB === false) {
                    report(`${w.describe} sets spec.enablePDB: false, so the operator creates no PodDisruptionBudget.`, w.resource.urn);
                    return;
                }
                // A budget without minAvailable or maxUnavailable blocks drains; it is no budget.
                const covered = w.template === undefined || pdbs.some(p => !setsNoBound(p.props.spec)
                    && sameNamespace(p.props.metadata?.namespace, w.namespace) && selectorMatches(p.props.spec?.selector, w.labels));
                if (!covered) {
                    report(`No PodDisruptionBudget selects the pods of ${w.describe} (${w.replicas} replicas); a node drain can evict several at once.`, w.resource.urn);
                }
            });
        }
        deferral.finish();
    },
};
