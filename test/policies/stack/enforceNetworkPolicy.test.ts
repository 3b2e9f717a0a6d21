import { enforceNetworkPolicy as policy } from "../../../policies/stack/enforceNetworkPolicy";
import { assertHasStackViolation, assertNoStackViolations, stackArgs, urnOf } from "../../helpers/policy";
import { cnpgCluster, networkPolicy, statefulSet } from "../fixtures";

const MISSING = 'No NetworkPolicy restricts ingress to the pods of StatefulSet "db/main".';

describe("postgres-k8s-stack-enforce-network-policy", () => {
    it("#1 passes a policy selecting the database pods", async () => {
        await assertNoStackViolations(policy, stackArgs([statefulSet(), networkPolicy()]));
    });

    it("#2 fails without one, on the workload, also for a single replica", async () => {
        const sts = statefulSet(1);
        await assertHasStackViolation(policy, stackArgs([sts]), { message: MISSING, urn: urnOf(sts) });
    });

    it("#3 an egress-only policy or one for other pods does not count", async () => {
        const sts = statefulSet();
        const egress = networkPolicy();
        egress.props.spec.policyTypes = ["Egress"];
        const other = networkPolicy();
        other.props.spec.podSelector = { matchLabels: { app: "web" } };
        await assertHasStackViolation(policy, stackArgs([sts, egress, other]), { message: MISSING, urn: urnOf(sts) });
    });

    it("#4 a namespace-wide default deny (empty podSelector) counts", async () => {
        const deny = networkPolicy();
        deny.props.spec = { podSelector: {} };
        await assertNoStackViolations(policy, stackArgs([statefulSet(), deny]));
    });

    it("#5 CloudNativePG instances are matched by the operator's labels", async () => {
        const cluster = cnpgCluster();
        await assertHasStackViolation(policy, stackArgs([cluster]),
            { message: 'No NetworkPolicy restricts ingress to the pods of Cluster "db/pg".', urn: urnOf(cluster) });
        const np = networkPolicy();
        np.props.spec.podSelector = { matchLabels: { "cnpg.io/cluster": "pg" } };
        await assertNoStackViolations(policy, stackArgs([cluster, np]));
    });
});
