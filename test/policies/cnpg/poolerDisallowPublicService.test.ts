import { poolerDisallowPublicService as policy } from "../../../policies/cnpg/poolerDisallowPublicService";
import { assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable, resourceArgs } from "../../helpers/policy";
import { cnpgCluster, pooler } from "../fixtures";

describe("postgres-k8s-cnpg-pooler-disallow-public-service", () => {
    it("#1 passes a ClusterIP pooler and one without a service template", async () => {
        await assertNoResourceViolations(policy, resourceArgs(pooler()));
        const bare = pooler();
        delete bare.props.spec.serviceTemplate;
        await assertNoResourceViolations(policy, resourceArgs(bare));
    });

    it("#2 fails a NodePort pooler", async () => {
        const p = pooler();
        p.props.spec.serviceTemplate.spec.type = "NodePort";
        await assertHasResourceViolation(policy, resourceArgs(p), "The Pooler's Service exposes PostgreSQL outside the cluster network (type NodePort).");
    });

    it("#3 is not applicable to Clusters", async () => {
        await assertNotApplicable(policy, resourceArgs(cnpgCluster()), "not a CloudNativePG Pooler");
    });
});
