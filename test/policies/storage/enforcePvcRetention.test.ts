import * as assert from "assert";
import { enforcePvcRetention as policy } from "../../../policies/storage/enforcePvcRetention";
import { assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable, remediate, resourceArgs } from "../../helpers/policy";
import { DEPLOYMENT, statefulSet } from "../fixtures";

function withRetention(retention: Record<string, string> | undefined) {
    const sts = statefulSet();
    sts.props.spec.persistentVolumeClaimRetentionPolicy = retention;
    return sts;
}

describe("postgres-k8s-statefulset-enforce-pvc-retention", () => {
    it("#1 passes explicit Retain and unset (the API default is Retain)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
        await assertNoResourceViolations(policy, resourceArgs(withRetention(undefined)));
    });

    it("#2 fails Delete on delete and on scale-down", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withRetention({ whenDeleted: "Delete", whenScaled: "Delete" })),
            "persistentVolumeClaimRetentionPolicy.whenDeleted is Delete; the database's volumes must be retained.",
            "persistentVolumeClaimRetentionPolicy.whenScaled is Delete; the database's volumes must be retained.");
    });

    it("#3 is not applicable to Deployments", async () => {
        const sts = statefulSet();
        await assertNotApplicable(policy, resourceArgs({ type: DEPLOYMENT, props: sts.props }), "not a StatefulSet");
    });

    it("remediation sets Retain for both, which then passes", async () => {
        const fixed = await remediate(policy, resourceArgs(withRetention({ whenDeleted: "Delete" })));
        assert.deepStrictEqual(fixed.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
        await assertNoResourceViolations(policy, resourceArgs({ type: statefulSet().type, props: fixed }));
        assert.strictEqual(await remediate(policy, resourceArgs(statefulSet())), undefined);
    });
});
