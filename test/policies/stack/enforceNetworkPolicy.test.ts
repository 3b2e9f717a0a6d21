import { enforceNetworkPolicy as policy } from "../../../policies/stack/enforceNetworkPolicy";
import { assertHasStackViolation, assertNoStackViolations, stackArgs, urnOf } from "../../helpers/policy";
import { TestResource } from "../../helpers/policy";
import { backupCronJob, cnpgCluster, DEPLOYMENT, networkPolicy, POD, POD_LABELS, podSpec, statefulSet } from "../fixtures";

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

describe("postgres-k8s-stack-enforce-network-policy: every kind that runs pods", () => {
    const kinds: [string, () => TestResource][] = [
        ["a bare Pod", () => ({ type: POD, name: "main-0", props: { apiVersion: "v1", kind: "Pod",
            metadata: { name: "main-0", namespace: "db", labels: POD_LABELS }, spec: podSpec(statefulSet()) } })],
        ["a Deployment", () => ({ type: DEPLOYMENT, name: "main", props: { ...statefulSet().props, kind: "Deployment" } })],
        ["a DaemonSet", () => ({ type: "kubernetes:apps/v1:DaemonSet", name: "main", props: { ...statefulSet().props, kind: "DaemonSet" } })],
        ["a Job", () => ({ type: "kubernetes:batch/v1:Job", name: "main", props: { apiVersion: "batch/v1", kind: "Job",
            metadata: { name: "main", namespace: "db" }, spec: { template: statefulSet().props.spec.template } } })],
        ["a CronJob", () => backupCronJob()],
    ];
    for (const [what, make] of kinds) {
        it(`fails ${what} that no policy selects, and passes it with one`, async () => {
            const w = make();
            const kind = w.type.split(":").pop();
            const message = `No NetworkPolicy restricts ingress to the pods of ${kind} "db/${w.props.metadata.name}".`;
            await assertHasStackViolation(policy, stackArgs([w]), { message, urn: urnOf(w) });
            await assertNoStackViolations(policy, stackArgs([w, networkPolicy()]));
        });
    }
});
