import { configureResources as policy } from "../../../policies/workload/configureResources";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { podSpec, statefulSet } from "../fixtures";

function withResources(resources: Record<string, unknown>) {
    const sts = statefulSet();
    podSpec(sts).containers[0].resources = resources;
    return sts;
}

describe("postgres-k8s-workload-configure-resources", () => {
    it("#1 passes the baseline (cpu and memory requests, memory limit, no CPU limit)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
    });

    it("#2 fails missing requests and limits", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withResources({})),
            'container "postgres" has no resources.requests for cpu, memory.', 'container "postgres" has no resources.limits for memory.');
    });

    it("#3 checks init containers but not ephemeral ones (they cannot have resources)", async () => {
        const sts = statefulSet();
        podSpec(sts).initContainers = [{ name: "init", image: "busybox:1.36", resources: { requests: { cpu: "10m", memory: "16Mi" } } }];
        podSpec(sts).ephemeralContainers = [{ name: "debug", image: "busybox:1.36" }];
        await assertHasResourceViolation(policy, resourceArgs(sts), 'initContainer "init" has no resources.limits for memory.');
    });

    it("#4 enforces configured maxima, parsing quantities", async () => {
        const config = { maxLimits: { memory: "1Gi" }, maxRequests: { cpu: "1" } };
        await assertNoResourceViolations(policy, resourceArgs(withResources({ requests: { cpu: "1000m", memory: "1Gi" }, limits: { memory: "1024Mi" } }), config));
        await assertHasResourceViolation(policy,
            resourceArgs(withResources({ requests: { cpu: "1.5", memory: "1Gi" }, limits: { memory: "2Gi" } }), config),
            'container "postgres" sets resources.requests.cpu to 1.5, above the maximum 1.',
            'container "postgres" sets resources.limits.memory to 2Gi, above the maximum 1Gi.');
    });

    it("#5 rejects a value that is not a quantity when a maximum applies; -1 means no maximum", async () => {
        const sts = withResources({ requests: { cpu: "lots", memory: "1Gi" }, limits: { memory: "1Gi" } });
        await assertHasResourceViolation(policy, resourceArgs(sts, { maxRequests: { cpu: "2" } }),
            'container "postgres" sets resources.requests.cpu to "lots", which is not a quantity.');
        await assertNoResourceViolations(policy, resourceArgs(sts, { maxRequests: { cpu: "-1" } }));
    });

    it("#6 can require a CPU limit", async () => {
        await assertHasResourceViolation(policy, resourceArgs(statefulSet(), { requiredLimits: ["cpu", "memory"] }),
            'container "postgres" has no resources.limits for cpu.');
    });
});
