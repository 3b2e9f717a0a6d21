import * as assert from "assert";
import { enforcePodAntiAffinity as policy } from "../../../policies/workload/enforcePodAntiAffinity";
import {
    assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable, assertUnknownDuringPreview,
    remediate, resourceArgs, TestResource, UNKNOWN,
} from "../../helpers/policy";
import { configGroupChildren } from "../../helpers/policyManifests";
import { DEPLOYMENT, podSpec, SELECTOR, service, statefulSet } from "../fixtures";

const NO_TERM = '3 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods.';
const ONLY_PREFERRED = '3 replicas, but the pod template has only a preferred anti-affinity term on "kubernetes.io/hostname"; ' +
    "a required term (requiredDuringSchedulingIgnoredDuringExecution) is needed here.";

function withoutAffinity(replicas = 3) {
    const sts = statefulSet(replicas);
    delete podSpec(sts).affinity;
    return sts;
}

function withPreferred() {
    const sts = withoutAffinity();
    podSpec(sts).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: SELECTOR }, topologyKey: "kubernetes.io/hostname" } },
    ] } };
    return sts;
}

function requiredTerm(sts: ReturnType<typeof statefulSet>) {
    return podSpec(sts).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
}

describe("postgres-k8s-workload-enforce-pod-anti-affinity", () => {
    it("#1 passes the baseline StatefulSet (required hostname term selecting its own pods)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
    });

    it("#2 fails 3 replicas without anti-affinity", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withoutAffinity()), NO_TERM);
    });

    it("#3 passes 1 replica without anti-affinity (nothing to spread)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(withoutAffinity(1)));
    });

    it("#4 fails a term whose selector does not match the template labels", async () => {
        const sts = statefulSet();
        requiredTerm(sts).labelSelector = { matchLabels: { "postgres-k8s.io/cluster": "other" } };
        await assertHasResourceViolation(policy, resourceArgs(sts),
            '3 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods ' +
            '(one is ignored: its selector {"matchLabels":{"postgres-k8s.io/cluster":"other"}} does not match the pod template\'s labels).');
    });

    it("#5 fails a term without a label selector (it selects no pods)", async () => {
        const sts = statefulSet();
        delete requiredTerm(sts).labelSelector;
        await assertHasResourceViolation(policy, resourceArgs(sts),
            '3 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods ' +
            "(one is ignored: its selector null does not match the pod template's labels).");
    });

    it("#6 fails a term that selects on the runtime role label", async () => {
        const sts = statefulSet();
        requiredTerm(sts).labelSelector = { matchExpressions: [{ key: "postgres-k8s.io/role", operator: "DoesNotExist" }] };
        await assertHasResourceViolation(policy, resourceArgs(sts),
            '3 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods ' +
            '(one is ignored: its selector uses the runtime label "postgres-k8s.io/role").');
    });

    it("#6b fails a term that looks in another namespace", async () => {
        const sts = statefulSet();
        requiredTerm(sts).namespaces = ["other"];
        await assertHasResourceViolation(policy, resourceArgs(sts),
            '3 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods ' +
            '(one is ignored: it looks in namespaces ["other"], not "db").');
        requiredTerm(sts).namespaces = ["db"];
        await assertNoResourceViolations(policy, resourceArgs(sts));
    });

    it("#7 fails a preferred term unless allowPreferred (prod vs dev)", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withPreferred()), ONLY_PREFERRED);
        await assertNoResourceViolations(policy, resourceArgs(withPreferred(), { allowPreferred: true }));
    });

    it("#8 zone topology counts only when allowZoneTopology is set", async () => {
        const sts = statefulSet();
        requiredTerm(sts).topologyKey = "topology.kubernetes.io/zone";
        await assertHasResourceViolation(policy, resourceArgs(sts), NO_TERM);
        await assertNoResourceViolations(policy, resourceArgs(sts, { allowZoneTopology: true }));
    });

    it("#9 requireZoneSpread asks for a zone term as well", async () => {
        await assertHasResourceViolation(policy, resourceArgs(statefulSet(), { requireZoneSpread: true }),
            '3 replicas, but the pod template has no pod anti-affinity term on "topology.kubernetes.io/zone" or "topology.kubernetes.io/region" that selects its own pods.');
    });

    it("#10 topology spread constraints count only with acceptTopologySpread and maxSkew 1", async () => {
        const sts = withoutAffinity();
        podSpec(sts).topologySpreadConstraints = [
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: SELECTOR } },
        ];
        await assertHasResourceViolation(policy, resourceArgs(sts), NO_TERM);
        await assertNoResourceViolations(policy, resourceArgs(sts, { acceptTopologySpread: true }));
        podSpec(sts).topologySpreadConstraints[0].maxSkew = 2;
        await assertHasResourceViolation(policy, resourceArgs(sts, { acceptTopologySpread: true }),
            '3 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods ' +
            "(one is ignored: its maxSkew is 2, not 1).");
    });

    it("#11 applies to a Deployment running the postgres image without our labels", async () => {
        const sts = withoutAffinity();
        const deployment: TestResource = { type: DEPLOYMENT, name: "pg", props: { ...sts.props, kind: "Deployment" } };
        deployment.props.spec.template.metadata.labels = { app: "pg" };
        await assertHasResourceViolation(policy, resourceArgs(deployment), NO_TERM);
    });

    it("#12 ignores non-database workloads unless scope is all", async () => {
        const sts = withoutAffinity();
        sts.props.spec.template.metadata.labels = { app: "web" };
        podSpec(sts).containers[0].image = "nginx:1.27";
        await assertNotApplicable(policy, resourceArgs(sts), "not a PostgreSQL workload (scope: database)");
        await assertHasResourceViolation(policy, resourceArgs(sts, { scope: "all" }), NO_TERM);
    });

    it("#13 is not applicable to other kinds", async () => {
        await assertNotApplicable(policy, resourceArgs(service()), "not a workload");
    });

    it("#14 does not pass silently when replicas or labels are unknown during preview", async () => {
        const sts = statefulSet();
        sts.props.spec.replicas = UNKNOWN;
        await assertUnknownDuringPreview(policy, resourceArgs(sts), "spec.replicas");
        const labels = statefulSet();
        requiredTerm(labels).labelSelector.matchLabels["postgres-k8s.io/cluster"] = UNKNOWN;
        await assertUnknownDuringPreview(policy, resourceArgs(labels),
            "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.0.labelSelector.matchLabels.postgres-k8s.io/cluster");
    });

    it("#14b still runs during preview when only the namespace is unknown", async () => {
        const sts = statefulSet();
        sts.props.metadata.namespace = UNKNOWN;
        await assertNoResourceViolations(policy, resourceArgs(sts));
    });

    it("#15 checks StatefulSets from a ConfigGroup's multi-document YAML", async () => {
        const children = configGroupChildren(`
apiVersion: v1
kind: Service
metadata: {name: pg}
spec: {clusterIP: None, selector: {app: pg}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: pg}
spec:
  replicas: 2
  selector: {matchLabels: {app: pg}}
  template:
    metadata: {labels: {app: pg}}
    spec:
      containers: [{name: pg, image: "postgres:16.4"}]
`);
        assert.strictEqual(children.length, 2);
        await assertHasResourceViolation(policy, resourceArgs(children[1]),
            '2 replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods.');
    });

    describe("remediation", () => {
        it("adds a required hostname term on the workload's own selector, which then passes", async () => {
            const fixed = await remediate(policy, resourceArgs(withoutAffinity()));
            assert.deepStrictEqual(fixed.spec.template.spec.affinity, { podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: SELECTOR }, topologyKey: "kubernetes.io/hostname" }],
            } });
            await assertNoResourceViolations(policy, resourceArgs({ type: statefulSet().type, props: fixed }));
        });

        it("adds a preferred term when preferred is allowed, and leaves compliant workloads alone", async () => {
            const fixed = await remediate(policy, resourceArgs(withoutAffinity(), { allowPreferred: true }));
            assert.deepStrictEqual(fixed.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution,
                [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: SELECTOR }, topologyKey: "kubernetes.io/hostname" } }]);
            assert.strictEqual(await remediate(policy, resourceArgs(statefulSet())), undefined);
        });

        it("falls back to the stable template labels when the selector uses the role label", async () => {
            const sts = withoutAffinity();
            sts.props.spec.selector.matchLabels = { "postgres-k8s.io/role": "primary" };
            const fixed = await remediate(policy, resourceArgs(sts));
            const term = fixed.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
            assert.deepStrictEqual(term.labelSelector.matchLabels, sts.props.spec.template.metadata.labels);
        });
    });
});
