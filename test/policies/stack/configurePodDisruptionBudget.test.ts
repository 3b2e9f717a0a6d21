import { configurePodDisruptionBudget as policy } from "../../../policies/stack/configurePodDisruptionBudget";
import { assertHasStackViolation, assertNoStackViolations, stackArgs, urnOf } from "../../helpers/policy";
import { pdb, statefulSet } from "../fixtures";

describe("postgres-k8s-stack-configure-pod-disruption-budget", () => {
    it("#1 passes maxUnavailable 1 and minAvailable 2 of 3", async () => {
        await assertNoStackViolations(policy, stackArgs([statefulSet(), pdb({ maxUnavailable: 1 })]));
        await assertNoStackViolations(policy, stackArgs([statefulSet(), pdb({ minAvailable: 2 })]));
        await assertNoStackViolations(policy, stackArgs([statefulSet(), pdb({ minAvailable: "51%" })]));
    });

    it("#2 fails minAvailable equal to the replicas, on the workload", async () => {
        const sts = statefulSet();
        await assertHasStackViolation(policy, stackArgs([sts, pdb({ minAvailable: 3 })]), {
            message: 'PodDisruptionBudget "db/main" allows no voluntary eviction of StatefulSet "db/main" (3 replicas); node drains would hang.',
            urn: urnOf(sts),
        });
    });

    it("#3 fails maxUnavailable 0 on the budget and the workload", async () => {
        const sts = statefulSet();
        const budget = pdb({ maxUnavailable: 0 });
        await assertHasStackViolation(policy, stackArgs([sts, budget]),
            { message: 'PodDisruptionBudget "db/main": maxUnavailable 0 allows no eviction.', urn: urnOf(budget) },
            { message: 'PodDisruptionBudget "db/main" allows no voluntary eviction of StatefulSet "db/main" (3 replicas); node drains would hang.', urn: urnOf(sts) });
    });

    it("#4 percentage bounds are configurable", async () => {
        const budget = pdb({ minAvailable: "80%" });
        await assertNoStackViolations(policy, stackArgs([statefulSet(10), budget]));
        await assertHasStackViolation(policy, stackArgs([statefulSet(10), budget], { maxMinAvailablePercent: 50 }),
            { message: 'PodDisruptionBudget "db/main": minAvailable 80% is above 50%.', urn: urnOf(budget) });
    });

    it("#5 budgets for other pods are out of scope unless scope is all", async () => {
        const budget = pdb({ maxUnavailable: 0 });
        budget.props.spec.selector = { matchLabels: { app: "web" } };
        await assertNoStackViolations(policy, stackArgs([statefulSet(), budget]));
        await assertHasStackViolation(policy, stackArgs([budget], { scope: "all" }),
            { message: 'PodDisruptionBudget "db/main": maxUnavailable 0 allows no eviction.', urn: urnOf(budget) });
    });
});

describe("postgres-k8s-stack-configure-pod-disruption-budget: neither field", () => {
    it("fails a budget with neither minAvailable nor maxUnavailable (the controller allows no eviction)", async () => {
        const sts = statefulSet();
        const budget = pdb({});
        await assertHasStackViolation(policy, stackArgs([sts, budget]),
            { message: 'PodDisruptionBudget "db/main": sets neither minAvailable nor maxUnavailable, so the disruption controller allows no eviction.', urn: urnOf(budget) },
            { message: 'PodDisruptionBudget "db/main" allows no voluntary eviction of StatefulSet "db/main" (3 replicas); node drains would hang.', urn: urnOf(sts) });
    });
});
