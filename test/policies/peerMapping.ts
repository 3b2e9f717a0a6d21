/**
 * How each peer check maps onto this pack: which policies answer it and with what config.
 * Every run uses scope "all" (peer fixtures are not PostgreSQL workloads); a peer's params
 * become the matching policy config, and a peer check that tests one rule of a broader
 * policy of ours switches the policy's other rules off.
 */
import * as workload from "../../policies/workload";
import { disallowPublicExposure } from "../../policies/service";
import { enforceHttpsAndExplicitHosts } from "../../policies/ingress";
import * as stack from "../../policies/stack";
import { PeerCase, PolicyRun } from "../helpers/policyPeers";
import { TestResource } from "../helpers/policy";

const ALL = { scope: "all" };

export interface PeerMapping {
    runs: PolicyRun[];
    /** Objects a Kyverno test mocks through context values (kyverno_test_values), made real. */
    synthesized?: TestResource[];
}

/** Checks we leave out, with the reason (the test asserts this exact list). */
export const EXCLUDED_CHECKS: Record<string, string> = {
    "backup-configured": "Kasten K10 Policy / Velero Schedule objects and Kasten's data-protection labels; " +
        "the pack checks CloudNativePG WAL archiving + ScheduledBackup or a backup CronJob instead, which these fixtures do not contain.",
};

const INGRESS_RULES_OFF = {
    requireHost: false, allowWildcardHosts: true, disallowDefaultBackend: false, requireTls: false, requireHttpDisabled: false,
};

/** The one Ingress rule (or two) a peer check tests. */
function ingressRules(c: PeerCase): Record<string, unknown> {
    const a = c.anchor_check;
    if (a.startsWith("general/block-wildcard-ingress")) return { requireHost: true, allowWildcardHosts: false };
    if (a.startsWith("general/httpsonly")) return { requireHttpDisabled: true, requireTls: c.params?.tlsOptional !== true };
    if (a.startsWith("best-practices/disallow-empty-ingress-host")) return { requireHost: true };
    if (a.startsWith("other/restrict-ingress-wildcard")) return { allowWildcardHosts: false };
    if (a.startsWith("other/require-ingress-https")) return { requireHttpDisabled: true, requireTls: true };
    if (a.startsWith("other/restrict-ingress-defaultbackend")) return { disallowDefaultBackend: true };
    throw new Error(`unmapped ingress check ${a}`);
}

/** Gatekeeper's resource params: containerlimits/containerrequests bound values, containerresources lists fields. */
function resourceConfig(c: PeerCase): Record<string, unknown> {
    const a = c.anchor_check;
    const p = c.params ?? {};
    const bounded = (fields: Record<string, string>) =>
        Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== "-1"));
    if (a.startsWith("general/containerlimits")) {
        return { requiredRequests: [], requiredLimits: Object.keys(bounded(p)), maxLimits: bounded(p) };
    }
    if (a.startsWith("general/containerrequests")) {
        return { requiredRequests: Object.keys(bounded(p)), requiredLimits: [], maxRequests: bounded(p) };
    }
    if (a.startsWith("general/containerresources")) {
        return { requiredRequests: p.requests ?? [], requiredLimits: p.limits ?? [] };
    }
    return {};
}

function kyvernoValue(c: PeerCase, key: string): string | undefined {
    for (const v of c.params?.kyverno_test_values ?? []) {
        for (const rule of v.rules ?? []) {
            if (rule.values?.[key] !== undefined) return rule.values[key];
        }
    }
    return undefined;
}

/** A PDB selecting the case's pods, standing in for what Kyverno's test mocks as a lookup result. */
function mockedPdb(subject: TestResource, spec: Record<string, unknown>): TestResource {
    const labels = subject.props.spec?.template?.metadata?.labels ?? {};
    return {
        type: "kubernetes:policy/v1:PodDisruptionBudget", name: "mocked-pdb",
        props: { metadata: { name: "mocked-pdb", namespace: subject.props.metadata?.namespace }, spec: { ...spec, selector: { matchLabels: labels } } },
    };
}

const run = (policy: PolicyRun["policy"], config: Record<string, unknown> = {}): PolicyRun => ({ policy, config: { ...ALL, ...config } });

export function mapPeerCase(c: PeerCase, subject: TestResource): PeerMapping {
    const a = c.anchor_check;
    const p = c.params ?? {};
    const exempt = p.exemptImages ? { exemptImages: p.exemptImages } : {};
    switch (c.check) {
        case "host-network-ports":
            return { runs: [run(workload.disallowHostNetwork)] };
        case "image-tag-pinned": {
            const digest = a.startsWith("general/imagedigests") || a.startsWith("other/require-image-checksum");
            return { runs: [run(workload.enforcePinnedImages, { ...exempt, requireDigest: digest, ...(p.tags ? { disallowedTags: p.tags } : {}) })] };
        }
        case "ingress-exposure":
            return { runs: [run(enforceHttpsAndExplicitHosts, { ...INGRESS_RULES_OFF, ...ingressRules(c) })] };
        case "networkpolicy-present":
            return { runs: [run(stack.enforceNetworkPolicy)] };
        case "no-privilege-escalation":
            return { runs: [run(workload.disallowPrivilegeEscalation, exempt)] };
        case "no-privileged":
            return { runs: [run(workload.disallowPrivileged, exempt)] };
        case "pdb-present": {
            const count = Number(kyvernoValue(c, "pdb_count") ?? 0);
            return { runs: [run(stack.enforcePodDisruptionBudget)], synthesized: count > 0 ? [mockedPdb(subject, { maxUnavailable: 1 })] : [] };
        }
        case "pdb-sane": {
            const min = kyvernoValue(c, "minavailable");
            const bounds = a.startsWith("other/require-reasonable-pdbs") ? { maxMinAvailablePercent: 50, minMaxUnavailablePercent: 50 } : {};
            return { runs: [run(stack.configurePodDisruptionBudget, bounds)], synthesized: min ? [mockedPdb(subject, { minAvailable: Number(min) })] : [] };
        }
        case "pod-anti-affinity":
            // Kyverno's mutation adds a preferred term, so the peer accepts preferred.
            return { runs: [run(workload.enforcePodAntiAffinity, { allowPreferred: true })] };
        case "probes":
            return { runs: [run(workload.configureProbes, {
                ...(p.probes ? { requiredProbes: p.probes } : {}), ...(p.probeTypes ? { probeTypes: p.probeTypes } : {}),
            })] };
        case "replicas-min": {
            const range = p.ranges?.[0];
            return { runs: [run(workload.configureReplicas, range ? { minReplicas: range.min_replicas, maxReplicas: range.max_replicas } : {})] };
        }
        case "resources-requests-limits":
            return { runs: [run(workload.configureResources, { ...exempt, ...resourceConfig(c) })] };
        case "run-as-non-root": {
            const narrow = a.startsWith("pod-security/restricted/require-run-as-nonroot") ? { acceptRunAsUser: false }
                : a.startsWith("pod-security/restricted/require-run-as-non-root-user") ? { requireNonRootDeclaration: false } : {};
            return { runs: [run(workload.enforceRunAsNonRoot, narrow)] };
        }
        case "secrets-not-plaintext":
            return { runs: [run(workload.disallowPlaintextSecrets, { disallowSecretEnvRefs: true })] };
        case "service-external-ips":
        case "service-type-loadbalancer":
        case "service-type-nodeport":
            return { runs: [run(disallowPublicExposure)] };
        case "storage-class-and-reclaim":
            if (a.startsWith("other/restrict-storageclass")) {
                return { runs: [run(stack.enforceRetainReclaimPolicy)] };
            }
            return { runs: [run(stack.configureStorageClass, a.startsWith("general/storageclass")
                ? { requireStorageClassInStack: true, allowedStorageClasses: p.allowedStorageClasses ?? [] } : {})] };
        case "topology-spread":
            // Kyverno wants spreading over both nodes and zones, soft (ScheduleAnyway) allowed.
            return { runs: [run(workload.enforcePodAntiAffinity, { acceptTopologySpread: true, allowPreferred: true, requireZoneSpread: true })] };
        default:
            throw new Error(`unmapped peer check ${c.check}`);
    }
}
