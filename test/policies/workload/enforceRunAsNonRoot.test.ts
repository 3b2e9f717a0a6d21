import { enforceRunAsNonRoot as policy } from "../../../policies/workload/enforceRunAsNonRoot";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { podSpec, statefulSet } from "../fixtures";

/** The baseline with no runAsNonRoot/runAsUser anywhere. */
function undeclared() {
    const sts = statefulSet();
    podSpec(sts).securityContext = {};
    delete podSpec(sts).containers[0].securityContext.runAsNonRoot;
    delete podSpec(sts).containers[0].securityContext.runAsUser;
    return sts;
}

describe("postgres-k8s-workload-enforce-run-as-non-root", () => {
    it("#1 passes the baseline StatefulSet", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
    });

    it("#2 fails a container that declares nothing", async () => {
        await assertHasResourceViolation(policy, resourceArgs(undeclared()),
            'container "postgres" may run as root: set runAsNonRoot: true or a non-zero runAsUser.');
    });

    it("#3 inherits the pod-level setting", async () => {
        const sts = undeclared();
        podSpec(sts).securityContext = { runAsNonRoot: true };
        await assertNoResourceViolations(policy, resourceArgs(sts));
    });

    it("#4 lets a container override the pod (runAsNonRoot: false)", async () => {
        const sts = undeclared();
        podSpec(sts).securityContext = { runAsNonRoot: true };
        podSpec(sts).containers[0].securityContext.runAsNonRoot = false;
        await assertHasResourceViolation(policy, resourceArgs(sts),
            'container "postgres" may run as root: set runAsNonRoot: true or a non-zero runAsUser.');
    });

    it("#5 fails runAsUser 0 even with runAsNonRoot set, and in any mode", async () => {
        const sts = statefulSet();
        podSpec(sts).containers[0].securityContext.runAsUser = 0;
        for (const config of [{}, { requireNonRootDeclaration: false }]) {
            await assertHasResourceViolation(policy, resourceArgs(sts, config), 'container "postgres" runs as root (runAsUser: 0).');
        }
    });

    it("#6 a non-zero runAsUser is enough unless acceptRunAsUser is off", async () => {
        const sts = undeclared();
        podSpec(sts).securityContext = { runAsUser: 999 };
        await assertNoResourceViolations(policy, resourceArgs(sts));
        await assertHasResourceViolation(policy, resourceArgs(sts, { acceptRunAsUser: false }),
            'container "postgres" may run as root: set runAsNonRoot: true.');
    });

    it("#7 with requireNonRootDeclaration off only an explicit uid 0 fails", async () => {
        await assertNoResourceViolations(policy, resourceArgs(undeclared(), { requireNonRootDeclaration: false }));
    });
});
