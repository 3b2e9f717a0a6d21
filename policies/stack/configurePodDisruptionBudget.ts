import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "../lib/config";
import { allowedDisruptions, BudgetBounds, budgetProblems } from "../lib/disruption";
import { SCOPE_DEFAULTS, scopeSchema, ScopeConfig } from "../lib/scope";
import { selectorMatches } from "../lib/selectors";
import { describeResource, ofKind, sameNamespace, StackWorkload, stackWorkloads } from "../lib/stack";
import { UnknownDeferral } from "../lib/unknowns";

type Config = ScopeConfig & BudgetBounds;

const DEFAULTS: Config = { ...SCOPE_DEFAULTS, maxMinAvailablePercent: 99, minMaxUnavailablePercent: 1 };

function selects(pdb: PolicyResource, w: StackWorkload): boolean {
    return w.template !== undefined && sameNamespace(pdb.props.metadata?.namespace, w.namespace)
        && selectorMatches(pdb.props.spec?.selector, w.labels);
}

/**
 * A budget that allows no eviction (maxUnavailable 0, or minAvailable equal to the
 * replicas) makes every node drain hang until someone deletes the budget by hand.
 *
 * @severity medium
 * @topics availability, operations
 * @link https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions
 */
export const configurePodDisruptionBudget: StackValidationPolicy = {
    name: "postgres-k8s-stack-configure-pod-disruption-budget",
    description: "Requires PodDisruptionBudgets of PostgreSQL workloads to allow at least one voluntary eviction.",
    configSchema: {
        properties: {
            ...scopeSchema,
            maxMinAvailablePercent: { type: "integer", default: 99, description: "Largest minAvailable percentage." },
            minMaxUnavailablePercent: { type: "integer", default: 1, description: "Smallest maxUnavailable percentage." },
        },
    },
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, report) => {
        const config = withDefaults(args, DEFAULTS);
        const deferral = new UnknownDeferral();
        const workloads = stackWorkloads(args.resources, config, deferral);
        for (const pdb of ofKind(args.resources, "policy", "PodDisruptionBudget")) {
            deferral.run(() => {
                const selected = workloads.filter(w => selects(pdb, w));
                if (config.scope !== "all" && selected.length === 0) {
                    return;
                }
                for (const problem of budgetProblems(pdb.props.spec, config)) {
                    report(`${describeResource(pdb)}: ${problem}.`, pdb.urn);
                }
                for (const w of selected) {
                    if (allowedDisruptions(pdb.props.spec, w.replicas) < 1) {
                        report(`${describeResource(pdb)} allows no voluntary eviction of ${w.describe} (${w.replicas} replicas); node drains would hang.`, w.resource.urn);
                    }
                }
            });
        }
        deferral.finish();
    },
};
