import { configureReplicas as policy } from "../../../policies/workload/configureReplicas";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { POD, statefulSet } from "../fixtures";

describe("postgres-k8s-workload-configure-replicas", () => {
    it("#1 passes 3 replicas", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet(3)));
    });

    it("#2 fails 1 replica by default, passes it with the dev minimum", async () => {
        await assertHasResourceViolation(policy, resourceArgs(statefulSet(1)), "1 replica(s); at least 2 are required.");
        await assertNoResourceViolations(policy, resourceArgs(statefulSet(1), { minReplicas: 1 }));
    });

    it("#3 treats unset replicas as the API default of 1", async () => {
        const sts = statefulSet();
        delete sts.props.spec.replicas;
        await assertHasResourceViolation(policy, resourceArgs(sts), "1 replica(s); at least 2 are required.");
    });

    it("#4 enforces a maximum when configured", async () => {
        await assertHasResourceViolation(policy, resourceArgs(statefulSet(7), { maxReplicas: 5 }), "7 replicas; at most 5 are allowed.");
    });

    it("#5 does not apply replica counts to bare Pods", async () => {
        const sts = statefulSet();
        const pod = { type: POD, name: "pg", props: { metadata: sts.props.spec.template.metadata, spec: sts.props.spec.template.spec } };
        await assertNoResourceViolations(policy, resourceArgs(pod));
    });
});
