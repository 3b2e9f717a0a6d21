import { disallowPrivileged as policy } from "../../../policies/workload/disallowPrivileged";
import { assertHasResourceViolation, assertNoResourceViolations, assertUnknownDuringPreview, resourceArgs, UNKNOWN } from "../../helpers/policy";
import { podSpec, statefulSet } from "../fixtures";

describe("postgres-k8s-workload-disallow-privileged", () => {
    it("#1 passes the baseline StatefulSet", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
    });

    it("#2 fails a privileged container and a privileged ephemeral container", async () => {
        const sts = statefulSet();
        podSpec(sts).containers[0].securityContext.privileged = true;
        podSpec(sts).ephemeralContainers = [{ name: "debug", image: "busybox:1.36", securityContext: { privileged: true } }];
        await assertHasResourceViolation(policy, resourceArgs(sts),
            'container "postgres" is privileged.', 'ephemeralContainer "debug" is privileged.');
    });

    it("#3 skips exempt images", async () => {
        const sts = statefulSet();
        podSpec(sts).initContainers = [{ name: "sysctl", image: "safe.example.com/sysctl:1", securityContext: { privileged: true } }];
        await assertNoResourceViolations(policy, resourceArgs(sts, { exemptImages: ["safe.example.com/*"] }));
    });

    it("#4 does not pass silently when privileged is unknown during preview", async () => {
        const sts = statefulSet();
        podSpec(sts).containers[0].securityContext.privileged = UNKNOWN;
        await assertUnknownDuringPreview(policy, resourceArgs(sts), "spec.template.spec.containers.0.securityContext.privileged");
    });
});
