import { clusterConfigureResources as policy } from "../../../policies/cnpg/clusterConfigureResources";
import { assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable, resourceArgs } from "../../helpers/policy";
import { cnpgCluster, pooler } from "../fixtures";

describe("postgres-k8s-cnpg-cluster-configure-resources", () => {
    it("#1 passes cpu and memory requests with a memory limit", async () => {
        await assertNoResourceViolations(policy, resourceArgs(cnpgCluster()));
    });

    it("#2 fails a BestEffort cluster (no spec.resources)", async () => {
        const cluster = cnpgCluster();
        delete cluster.props.spec.resources;
        await assertHasResourceViolation(policy, resourceArgs(cluster),
            "spec.resources.requests has no cpu, memory.", "spec.resources.limits has no memory.");
    });

    it("#3 follows the configured lists and ignores Poolers", async () => {
        await assertHasResourceViolation(policy, resourceArgs(cnpgCluster(), { requiredLimits: ["cpu", "memory"] }), "spec.resources.limits has no cpu.");
        await assertNotApplicable(policy, resourceArgs(pooler()), "not a CloudNativePG Cluster");
    });
});
