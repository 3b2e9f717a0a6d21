import { ResourceValidationPolicy } from "@pulumi/policy";
import { SCOPE_DEFAULTS, scopeSchema, ScopeConfig, inScope } from "../lib/scope";
import { HOSTNAME_KEY, OwnPod, SPREAD_DEFAULTS, spreadProblems, spreadSchema, SpreadConfig, ZONE_KEY } from "../lib/spread";
import { withDefaults } from "../lib/config";
import { validateWorkloads } from "../lib/workloadPolicy";
import { podTemplateOf, replicasOf } from "../lib/workloads";
import { Labels } from "../lib/selectors";

type Config = ScopeConfig & SpreadConfig;
const DEFAULTS: Config = { ...SCOPE_DEFAULTS, ...SPREAD_DEFAULTS };

/**
 * Replicas of a database must not share a node: one node failure would take out the primary
 * and its standby together.
 *
 * @severity critical
 * @topics availability, scheduling
 * @link https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
export const enforcePodAntiAffinity: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-enforce-pod-anti-affinity",
    description: "Requires replicated PostgreSQL workloads to carry a pod anti-affinity term on the node that selects their own pods.",
    configSchema: { properties: { ...scopeSchema, ...spreadSchema } },
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateWorkloads(DEFAULTS, ({ template, props, config, replicas, report }) => {
        if (replicas === undefined || replicas <= 1) {
            return;
        }
        for (const problem of spreadProblems(template.spec, ownPod(template.labels, props), config)) {
            report(`${replicas} replicas, but the pod template ${problem}.`);
        }
    }),
    remediateResource: args => {
        const template = podTemplateOf(args.type, args.props);
        const config = withDefaults(args, DEFAULTS);
        const replicas = template && replicasOf(template, args.props);
        if (!template || replicas === undefined || replicas <= 1 || !inScope(template, config)
            || spreadProblems(template.spec, ownPod(template.labels, args.props), config).length === 0) {
            return undefined;
        }
        const props = JSON.parse(JSON.stringify(args.props));
        const spec = podTemplateOf(args.type, props)!.spec;
        const labelSelector = { matchLabels: stableSelectorLabels(props, template.labels, config) };
        const keys = config.requireZoneSpread ? [HOSTNAME_KEY, ZONE_KEY] : [HOSTNAME_KEY];
        spec.affinity = spec.affinity ?? {};
        const anti = (spec.affinity.podAntiAffinity = spec.affinity.podAntiAffinity ?? {});
        for (const topologyKey of keys) {
            if (config.allowPreferred) {
                const list = (anti.preferredDuringSchedulingIgnoredDuringExecution ??= []);
                list.push({ weight: 100, podAffinityTerm: { labelSelector, topologyKey } });
            } else {
                const list = (anti.requiredDuringSchedulingIgnoredDuringExecution ??= []);
                list.push({ labelSelector, topologyKey });
            }
        }
        return props;
    },
};

function ownPod(labels: Labels, props: any): OwnPod {
    // Lazily: a namespace computed from another resource may be unknown during preview.
    return { labels, namespace: () => props.metadata?.namespace };
}

/** The workload's own selector when usable (stable and matching), else its stable template labels. */
function stableSelectorLabels(props: any, labels: Labels, config: Config): Labels {
    const stable = (l: Labels) => Object.keys(l).every(k => !config.unstableLabelKeys.includes(k));
    const own: Labels | undefined = props.spec?.selector?.matchLabels;
    if (own && Object.keys(own).length > 0 && stable(own) && Object.keys(own).every(k => labels[k] === own[k])) {
        return own;
    }
    return Object.fromEntries(Object.entries(labels).filter(([k]) => !config.unstableLabelKeys.includes(k)));
}
