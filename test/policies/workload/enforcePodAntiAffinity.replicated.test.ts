/**
 * Replicated StatefulSets and Deployments beyond the peer cases: each verdict is decided on
 * what the scheduler would do with the pods, and the reasons are listed in docs/policies.md
 * ("Anti-affinity verdicts"). Default config is prod's (required, hostname); `dev` is dev.json's.
 */
import { enforcePodAntiAffinity as policy } from "../../../policies/workload/enforcePodAntiAffinity";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs, TestResource } from "../../helpers/policy";
import { DEPLOYMENT, podSpec, POD_LABELS, SELECTOR, statefulSet } from "../fixtures";

const HOST = "kubernetes.io/hostname";
const ZONE = "topology.kubernetes.io/zone";
const REGION = "topology.kubernetes.io/region";
const DEV = { allowPreferred: true };

type Term = { labelSelector?: unknown; topologyKey: string; namespaces?: string[]; namespaceSelector?: unknown };

function workload(kind: "StatefulSet" | "Deployment", replicas: number | undefined, anti: { required?: Term[]; preferred?: Term[] }): TestResource {
    const w = statefulSet(replicas ?? 1);
    if (replicas === undefined) delete w.props.spec.replicas;
    if (kind === "Deployment") {
        w.type = DEPLOYMENT;
        w.props.kind = "Deployment";
        delete w.props.spec.serviceName;
        delete w.props.spec.volumeClaimTemplates;
        delete w.props.spec.persistentVolumeClaimRetentionPolicy;
    }
    podSpec(w).affinity = { podAntiAffinity: {
        ...(anti.required ? { requiredDuringSchedulingIgnoredDuringExecution: anti.required } : {}),
        ...(anti.preferred ? { preferredDuringSchedulingIgnoredDuringExecution: anti.preferred.map(t => ({ weight: 100, podAffinityTerm: t })) } : {}),
    } };
    return w;
}

const own = (topologyKey: string, extra: Partial<Term> = {}): Term => ({ labelSelector: { matchLabels: SELECTOR }, topologyKey, ...extra });
const noTerm = (n: number, what = `"${HOST}"`, why?: string) =>
    `${n} replicas, but the pod template has no pod anti-affinity term on ${what} that selects its own pods${why ? ` (one is ignored: ${why})` : ""}.`;
const onlyPreferred = (n: number) => `${n} replicas, but the pod template has only a preferred anti-affinity term on "${HOST}"; ` +
    "a required term (requiredDuringSchedulingIgnoredDuringExecution) is needed here.";

interface Case {
    what: string;
    make: () => TestResource;
    config?: Record<string, unknown>;
    /** Expected messages; none means the workload passes. */
    expect: string[];
}

const CASES: Case[] = [
    // Required and preferred, on each kind.
    { what: "StatefulSet, 3, required hostname on its own selector", make: () => workload("StatefulSet", 3, { required: [own(HOST)] }), expect: [] },
    { what: "Deployment, 2, required hostname on its own selector", make: () => workload("Deployment", 2, { required: [own(HOST)] }), expect: [] },
    { what: "Deployment, 3, preferred hostname (prod)", make: () => workload("Deployment", 3, { preferred: [own(HOST)] }), expect: [onlyPreferred(3)] },
    { what: "Deployment, 3, preferred hostname (dev)", make: () => workload("Deployment", 3, { preferred: [own(HOST)] }), config: DEV, expect: [] },
    { what: "StatefulSet, 2, required and preferred hostname", make: () => workload("StatefulSet", 2, { required: [own(HOST)], preferred: [own(ZONE)] }), expect: [] },
    // Topology keys: zone and region are wider than a node, accepted only where the config says so.
    { what: "StatefulSet, 3, required zone (default)", make: () => workload("StatefulSet", 3, { required: [own(ZONE)] }), expect: [noTerm(3)] },
    { what: "StatefulSet, 3, required zone (allowZoneTopology)", make: () => workload("StatefulSet", 3, { required: [own(ZONE)] }), config: { allowZoneTopology: true }, expect: [] },
    { what: "StatefulSet, 3, required region (allowZoneTopology)", make: () => workload("StatefulSet", 3, { required: [own(REGION)] }), config: { allowZoneTopology: true }, expect: [] },
    { what: "StatefulSet, 3, required legacy beta zone key (allowZoneTopology)", make: () => workload("StatefulSet", 3, { required: [own("failure-domain.beta.kubernetes.io/zone")] }), config: { allowZoneTopology: true }, expect: [] },
    { what: "Deployment, 3, preferred region only (dev)", make: () => workload("Deployment", 3, { preferred: [own(REGION)] }), config: DEV, expect: [noTerm(3)] },
    { what: "StatefulSet, 3, required hostname + required region (requireZoneSpread)", make: () => workload("StatefulSet", 3, { required: [own(HOST), own(REGION)] }), config: { requireZoneSpread: true }, expect: [] },
    { what: "StatefulSet, 3, required hostname only (requireZoneSpread)", make: () => workload("StatefulSet", 3, { required: [own(HOST)] }), config: { requireZoneSpread: true },
        expect: [noTerm(3, `"${ZONE}" or "${REGION}"`)] },
    { what: "StatefulSet, 3, a custom rack key", make: () => workload("StatefulSet", 3, { required: [own("example.com/rack")] }), expect: [noTerm(3)] },
    { what: "StatefulSet, 3, empty topologyKey", make: () => workload("StatefulSet", 3, { required: [own("")] }), expect: [noTerm(3)] },
    // Selectors that miss, and ones that match.
    { what: "StatefulSet, 3, selector with a label the pods lack", make: () => workload("StatefulSet", 3, { required: [{ labelSelector: { matchLabels: { ...SELECTOR, tier: "db" } }, topologyKey: HOST }] }),
        expect: [noTerm(3, undefined, `its selector {"matchLabels":{"app.kubernetes.io/name":"postgresql","postgres-k8s.io/cluster":"main","tier":"db"}} does not match the pod template's labels`)] },
    { what: "Deployment, 2, In with other values", make: () => workload("Deployment", 2, { required: [{ labelSelector: { matchExpressions: [{ key: "postgres-k8s.io/cluster", operator: "In", values: ["other"] }] }, topologyKey: HOST }] }),
        expect: [noTerm(2, undefined, `its selector {"matchExpressions":[{"key":"postgres-k8s.io/cluster","operator":"In","values":["other"]}]} does not match the pod template's labels`)] },
    { what: "Deployment, 2, NotIn its own value", make: () => workload("Deployment", 2, { required: [{ labelSelector: { matchExpressions: [{ key: "postgres-k8s.io/cluster", operator: "NotIn", values: ["main"] }] }, topologyKey: HOST }] }),
        expect: [noTerm(2, undefined, `its selector {"matchExpressions":[{"key":"postgres-k8s.io/cluster","operator":"NotIn","values":["main"]}]} does not match the pod template's labels`)] },
    { what: "StatefulSet, 3, selector on the controller's pod-name label", make: () => workload("StatefulSet", 3, { required: [{ labelSelector: { matchLabels: { "statefulset.kubernetes.io/pod-name": "main-0" } }, topologyKey: HOST }] }),
        expect: [noTerm(3, undefined, `its selector {"matchLabels":{"statefulset.kubernetes.io/pod-name":"main-0"}} does not match the pod template's labels`)] },
    { what: "StatefulSet, 3, Exists on its cluster label", make: () => workload("StatefulSet", 3, { required: [{ labelSelector: { matchExpressions: [{ key: "postgres-k8s.io/cluster", operator: "Exists" }] }, topologyKey: HOST }] }), expect: [] },
    { what: "StatefulSet, 3, a broader selector (every PostgreSQL pod)", make: () => workload("StatefulSet", 3, { required: [{ labelSelector: { matchLabels: { "app.kubernetes.io/name": "postgresql" } }, topologyKey: HOST }] }), expect: [] },
    { what: "StatefulSet, 3, empty selector (every pod)", make: () => workload("StatefulSet", 3, { required: [{ labelSelector: {}, topologyKey: HOST }] }), expect: [] },
    { what: "StatefulSet, 3, one term misses, another matches", make: () => workload("StatefulSet", 3, { required: [{ labelSelector: { matchLabels: { app: "x" } }, topologyKey: HOST }, own(HOST)] }), expect: [] },
    // Namespaces.
    { what: "StatefulSet, 3, namespaceSelector {} (every namespace, its own included)", make: () => workload("StatefulSet", 3, { required: [own(HOST, { namespaceSelector: {} })] }), expect: [] },
    { what: "StatefulSet, 3, namespaceSelector on its own namespace's name", make: () => workload("StatefulSet", 3, { required: [own(HOST, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "db" } } })] }), expect: [] },
    { what: "StatefulSet, 3, namespaceSelector on a team label", make: () => workload("StatefulSet", 3, { required: [own(HOST, { namespaceSelector: { matchLabels: { team: "data" } } })] }),
        expect: [noTerm(3, undefined, `it looks in namespaceSelector {"matchLabels":{"team":"data"}}, not "db"`)] },
    { what: "StatefulSet, 3, namespaces [other] plus namespaceSelector {} (they add up)", make: () => workload("StatefulSet", 3, { required: [own(HOST, { namespaces: ["other"], namespaceSelector: {} })] }), expect: [] },
    // Replica counts.
    { what: "StatefulSet, replicas unset (the API's default is 1)", make: () => workload("StatefulSet", undefined, {}), expect: [] },
    { what: "Deployment, replicas unset (the API's default is 1)", make: () => workload("Deployment", undefined, {}), expect: [] },
    { what: "Deployment, replicas 0", make: () => workload("Deployment", 0, {}), expect: [] },
    { what: "Deployment, 2, no term at all", make: () => workload("Deployment", 2, {}), expect: [noTerm(2)] },
    { what: "StatefulSet, 3, podAffinity instead of podAntiAffinity (it attracts)", make: () => {
        const w = workload("StatefulSet", 3, {});
        podSpec(w).affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [own(HOST)] } };
        return w;
    }, expect: [noTerm(3)] },
];

describe("postgres-k8s-workload-enforce-pod-anti-affinity: replicated StatefulSets and Deployments", () => {
    it("the fixtures carry the baseline's own labels", () => {
        // Guards the table: a fixture with other labels would test something else.
        for (const c of CASES) {
            const labels = c.make().props.spec.template.metadata.labels;
            if (JSON.stringify(labels) !== JSON.stringify(POD_LABELS)) throw new Error(c.what);
        }
    });
    for (const c of CASES) {
        it(`${c.expect.length === 0 ? "passes" : "fails"}: ${c.what}`, async () => {
            const args = resourceArgs(c.make(), c.config);
            if (c.expect.length === 0) await assertNoResourceViolations(policy, args);
            else await assertHasResourceViolation(policy, args, ...c.expect);
        });
    }
});
