import { enforcePodDisruptionBudget as policy } from "../../../policies/stack/enforcePodDisruptionBudget";
import { assertHasStackViolation, assertNoStackViolations, assertUnknownDuringPreview, stackArgs, UNKNOWN, urnOf } from "../../helpers/policy";
import { cnpgCluster, pdb, statefulSet } from "../fixtures";

const MISSING = 'No PodDisruptionBudget selects the pods of StatefulSet "db/main" (3 replicas); a node drain can evict several at once.';

describe("postgres-k8s-stack-enforce-pod-disruption-budget", () => {
    it("#1 passes a StatefulSet with a budget selecting its pods", async () => {
        await assertNoStackViolations(policy, stackArgs([statefulSet(), pdb()]));
    });

    it("#2 fails a missing budget, on the workload", async () => {
        const sts = statefulSet();
        await assertHasStackViolation(policy, stackArgs([sts]), { message: MISSING, urn: urnOf(sts) });
    });

    it("#3 a budget in another namespace or selecting other pods does not count", async () => {
        const sts = statefulSet();
        const elsewhere = pdb();
        elsewhere.props.metadata.namespace = "other";
        const otherPods = pdb();
        otherPods.props.spec.selector = { matchLabels: { "postgres-k8s.io/cluster": "other" } };
        await assertHasStackViolation(policy, stackArgs([sts, elsewhere, otherPods]), { message: MISSING, urn: urnOf(sts) });
    });

    it("#4 single-replica workloads need no budget", async () => {
        await assertNoStackViolations(policy, stackArgs([statefulSet(1)]));
    });

    it("#5 CloudNativePG: the operator's budget counts unless enablePDB is false", async () => {
        await assertNoStackViolations(policy, stackArgs([cnpgCluster()]));
        const cluster = cnpgCluster();
        cluster.props.spec.enablePDB = false;
        await assertHasStackViolation(policy, stackArgs([cluster]),
            { message: 'Cluster "db/pg" sets spec.enablePDB: false, so the operator creates no PodDisruptionBudget.', urn: urnOf(cluster) });
    });

    it("#6 reports what it can and does not pass silently on unknown values", async () => {
        const known = statefulSet();
        const unknown = statefulSet();
        unknown.name = "other";
        unknown.props.spec.replicas = UNKNOWN;
        await assertUnknownDuringPreview(policy, stackArgs([unknown, known]), "spec.replicas", MISSING);
    });
});

describe("postgres-k8s-stack-enforce-pod-disruption-budget: a budget without bounds", () => {
    it("does not count a budget with neither minAvailable nor maxUnavailable", async () => {
        const sts = statefulSet();
        await assertHasStackViolation(policy, stackArgs([sts, pdb({})]), { message: MISSING, urn: urnOf(sts) });
        await assertNoStackViolations(policy, stackArgs([sts, pdb({}), pdb({ minAvailable: 1 })]));
    });
});
