import * as assert from "assert";
import { clusterEnforcePodAntiAffinity as policy } from "../../../policies/cnpg/clusterEnforcePodAntiAffinity";
import {
    assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable, assertUnknownDuringPreview, remediate, resourceArgs, UNKNOWN,
} from "../../helpers/policy";
import { cnpgCluster, statefulSet } from "../fixtures";

function withAffinity(affinity: Record<string, unknown> | undefined, instances = 3) {
    const cluster = cnpgCluster(instances);
    cluster.props.spec.affinity = affinity;
    return cluster;
}

describe("postgres-k8s-cnpg-cluster-enforce-pod-anti-affinity", () => {
    it("#1 passes required hostname anti-affinity", async () => {
        await assertNoResourceViolations(policy, resourceArgs(cnpgCluster()));
    });

    it("#2 fails the operator default (preferred) unless preferred is allowed", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withAffinity(undefined)),
            '3 instances, but spec.affinity.podAntiAffinityType is "preferred" (the default), not "required".');
        await assertNoResourceViolations(policy, resourceArgs(withAffinity(undefined), { allowPreferred: true }));
    });

    it("#3 fails disabled anti-affinity even where preferred is allowed", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withAffinity({ enablePodAntiAffinity: false }), { allowPreferred: true }),
            "3 instances, but spec.affinity.enablePodAntiAffinity is false.");
    });

    it("#4 zone topology only with allowZoneTopology", async () => {
        const zone = { podAntiAffinityType: "required", topologyKey: "topology.kubernetes.io/zone" };
        await assertHasResourceViolation(policy, resourceArgs(withAffinity(zone)),
            '3 instances, but spec.affinity.topologyKey is "topology.kubernetes.io/zone", not "kubernetes.io/hostname".');
        await assertNoResourceViolations(policy, resourceArgs(withAffinity(zone), { allowZoneTopology: true }));
    });

    it("#5 passes a single instance whatever its affinity", async () => {
        await assertNoResourceViolations(policy, resourceArgs(withAffinity({ enablePodAntiAffinity: false }, 1)));
    });

    it("#6 does not pass silently when instances is unknown; not applicable to other kinds", async () => {
        const cluster = cnpgCluster();
        cluster.props.spec.instances = UNKNOWN;
        await assertUnknownDuringPreview(policy, resourceArgs(cluster), "spec.instances");
        await assertNotApplicable(policy, resourceArgs(statefulSet()), "not a CloudNativePG Cluster");
    });

    it("remediation sets required hostname anti-affinity, which then passes", async () => {
        const fixed = await remediate(policy, resourceArgs(withAffinity({ enablePodAntiAffinity: false })));
        assert.deepStrictEqual(fixed.spec.affinity, { enablePodAntiAffinity: true, topologyKey: "kubernetes.io/hostname", podAntiAffinityType: "required" });
        await assertNoResourceViolations(policy, resourceArgs({ type: cnpgCluster().type, props: fixed }));
        assert.strictEqual(await remediate(policy, resourceArgs(cnpgCluster())), undefined);
    });
});
