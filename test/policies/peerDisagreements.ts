/**
 * Peer cases where the pack deliberately gives another verdict, keyed as the peer test prints
 * them, with the reason (also listed in docs/policies.md). A new disagreement fails the test.
 */
export const KNOWN_DISAGREEMENTS: Record<string, string> = {
    "networkpolicy-present: kyverno/other/restrict-networkpolicy-empty-podselector/.kyverno-test/resource.yaml NetworkPolicy/badnetworkpolicy (peer: fail, pack: pass)":
        "Kyverno rejects a NetworkPolicy with an empty podSelector; for us that is a namespace-wide default deny, which protects the database pods, so it counts as selecting them.",
    "pdb-present: kyverno/other/require-pdb/.chainsaw-test/deploy-good.yaml Deployment/gooddeploy02 (peer: pass, pack: fail)":
        "The fixture has no namespace; Chainsaw applies it in the PDB's namespace, which the file does not say (baddeploy01, equally without one, must fail). " +
        "The pack takes a missing namespace as \"default\", so the PDB in require-pdb-ns does not cover it: it reports a missing budget rather than assume one.",
    "pdb-sane: kyverno/other/pdb-maxunavailable/.kyverno-test/resource.yaml PodDisruptionBudget/kube-system/good-pdb-none (peer: pass, pack: fail)":
        "Kyverno only rejects maxUnavailable 0; a budget with neither minAvailable nor maxUnavailable gets an expected pod count of 0 from the disruption controller, " +
        "which then allows no eviction at all, so node drains hang exactly as with maxUnavailable 0.",
    "probes: kyverno/best-practices/require-probes/.kyverno-test/resource.yaml Pod/goodpod03 (peer: pass, pack: fail)":
        "Kyverno accepts any one probe; a database needs readiness (Service routing during recovery) and liveness (restart a hung postmaster). This pod has no liveness probe.",
    "probes: kyverno/best-practices/require-probes/.kyverno-test/resource.yaml Pod/goodpod04 (peer: pass, pack: fail)":
        "Kyverno accepts a startup probe alone; a startup probe only delays the others and neither routes traffic nor restarts a hung server.",
    "storage-class-and-reclaim: kyverno/other/restrict-storageclass/.kyverno-test/resource.yaml StorageClass/badstorageclass (peer: fail, pack: pass)":
        "Kyverno requires reclaimPolicy Delete (multi-tenant clean-up); database volumes must be Retain, so the verdict inverts (the case's db_note says so).",
    "storage-class-and-reclaim: kyverno/other/restrict-storageclass/.kyverno-test/resource.yaml StorageClass/goodstorageclass (peer: pass, pack: fail)":
        "Same inversion: a Delete StorageClass is what Kyverno wants and what a database must not use.",
};
