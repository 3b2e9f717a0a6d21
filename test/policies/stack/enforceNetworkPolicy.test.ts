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

    it("#3b a policy that admits every source does not restrict, whatever the others say", async () => {
        const sts = statefulSet();
        const open = networkPolicy();
        open.props.metadata.name = "open";
        open.props.spec.ingress = [{ ports: [{ port: 5432 }] }, { from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }, { from: [{ namespaceSelector: {} }] }];
        const world = networkPolicy();
        world.props.metadata.name = "world";
        world.props.spec.ingress = [{ from: [{ ipBlock: { cidr: "::/0" } }] }];
        const cluster = networkPolicy();
        cluster.props.metadata.name = "cluster";
        cluster.props.spec.ingress = [{ from: [{ namespaceSelector: {}, podSelector: {} }] }];
        await assertHasStackViolation(policy, stackArgs([sts, networkPolicy(), open, world, cluster]),
            { message: 'NetworkPolicy "db/open" selects the pods of StatefulSet "db/main", but a rule without `from` admits every source.', urn: urnOf(sts) },
            { message: 'NetworkPolicy "db/world" selects the pods of StatefulSet "db/main", but a rule admits ipBlock ::/0.', urn: urnOf(sts) },
            { message: 'NetworkPolicy "db/cluster" selects the pods of StatefulSet "db/main", but a rule admits every pod of every namespace.', urn: urnOf(sts) });
    });

    it("#3c a namespace selector with labels, or pods of any namespace that carry a label, restrict", async () => {
        const np = networkPolicy();
        np.props.spec.ingress = [{ from: [{ namespaceSelector: { matchLabels: { team: "orders" } } }, { namespaceSelector: {}, podSelector: { matchLabels: { app: "api" } } }] }];
        await assertNoStackViolations(policy, stackArgs([statefulSet(), np]));
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
