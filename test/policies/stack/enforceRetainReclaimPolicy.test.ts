import { enforceRetainReclaimPolicy as policy } from "../../../policies/stack/enforceRetainReclaimPolicy";
import { assertHasStackViolation, assertNoStackViolations, stackArgs, urnOf } from "../../helpers/policy";
import { statefulSet, storageClass } from "../fixtures";

describe("postgres-k8s-stack-enforce-retain-reclaim-policy", () => {
    it("#1 passes a Retain class used by the database", async () => {
        await assertNoStackViolations(policy, stackArgs([statefulSet(), storageClass("Retain")]));
    });

    it("#2 fails Delete, explicit or by default, on the StorageClass", async () => {
        const explicit = storageClass("Delete");
        await assertHasStackViolation(policy, stackArgs([statefulSet(), explicit]),
            { message: 'StorageClass "fast-retain" has reclaimPolicy Delete; database volumes need Retain.', urn: urnOf(explicit) });
        const implicit = storageClass();
        await assertHasStackViolation(policy, stackArgs([statefulSet(), implicit]),
            { message: 'StorageClass "fast-retain" has reclaimPolicy Delete (the default); database volumes need Retain.', urn: urnOf(implicit) });
    });

    it("#3 classes no database claim uses are out of scope unless scope is all", async () => {
        const sts = statefulSet();
        sts.props.spec.volumeClaimTemplates[0].spec.storageClassName = "gold";
        await assertNoStackViolations(policy, stackArgs([sts, storageClass("Delete")]));
        await assertHasStackViolation(policy, stackArgs([storageClass("Delete")], { scope: "all" }),
            { message: 'StorageClass "fast-retain" has reclaimPolicy Delete; database volumes need Retain.', urn: urnOf(storageClass()) });
    });
});
