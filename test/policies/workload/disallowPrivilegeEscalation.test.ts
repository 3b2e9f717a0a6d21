import { disallowPrivilegeEscalation as policy } from "../../../policies/workload/disallowPrivilegeEscalation";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { podSpec, statefulSet } from "../fixtures";

describe("postgres-k8s-workload-disallow-privilege-escalation", () => {
    it("#1 passes the baseline StatefulSet", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
    });

    it("#2 fails allowPrivilegeEscalation: true", async () => {
        const sts = statefulSet();
        podSpec(sts).containers[0].securityContext.allowPrivilegeEscalation = true;
        await assertHasResourceViolation(policy, resourceArgs(sts),
            'container "postgres" does not set securityContext.allowPrivilegeEscalation: false.');
    });

    it("#3 fails an init container that leaves it unset (the default allows escalation)", async () => {
        const sts = statefulSet();
        podSpec(sts).initContainers = [{ name: "copy-tools", image: "bitnami/kubectl:1.31" }];
        await assertHasResourceViolation(policy, resourceArgs(sts),
            'initContainer "copy-tools" does not set securityContext.allowPrivilegeEscalation: false.');
    });
});
