import { ResourceValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "../lib/config";
import { CNPG_GROUP, isKind, validateKind } from "../lib/kinds";
import { HOSTNAME_KEY, ZONE_KEY } from "../lib/spread";

interface Config {
    allowPreferred: boolean;
    allowZoneTopology: boolean;
}

const DEFAULTS: Config = { allowPreferred: false, allowZoneTopology: false };

/** Problems with a Cluster's `spec.affinity`, using the operator's defaults for unset fields. */
function problems(spec: any, config: Config): string[] {
    const affinity = spec?.affinity ?? {};
    if (affinity.enablePodAntiAffinity === false) {
        return ["spec.affinity.enablePodAntiAffinity is false"];
    }
    const found: string[] = [];
    const key = affinity.topologyKey ?? HOSTNAME_KEY;
    if (key !== HOSTNAME_KEY && !(config.allowZoneTopology && key === ZONE_KEY)) {
        found.push(`spec.affinity.topologyKey is "${key}", not "${HOSTNAME_KEY}"`);
    }
    const type = affinity.podAntiAffinityType ?? "preferred";
    if (type !== "required" && !config.allowPreferred) {
        found.push(`spec.affinity.podAntiAffinityType is "${type}"` + (affinity.podAntiAffinityType ? "" : " (the default)") + ', not "required"');
    }
    return found;
}

/**
 * CloudNativePG enables anti-affinity by default, but only as `preferred`: under node
 * pressure two instances still land on one node.
 *
 * @severity critical
 * @topics availability, scheduling
 * @link https://cloudnative-pg.io/documentation/current/scheduling/#pod-affinity-and-anti-affinity
 */
export const clusterEnforcePodAntiAffinity: ResourceValidationPolicy = {
    name: "postgres-k8s-cnpg-cluster-enforce-pod-anti-affinity",
    description: "Requires CloudNativePG Clusters with several instances to use pod anti-affinity on the node.",
    configSchema: {
        properties: {
            allowPreferred: { type: "boolean", default: false, description: "Accept podAntiAffinityType preferred." },
            allowZoneTopology: { type: "boolean", default: false, description: "Accept the zone as topologyKey." },
        },
    },
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateKind([CNPG_GROUP], "Cluster", "a CloudNativePG Cluster", (args, report) => {
        const instances = args.props.spec?.instances ?? 1;
        if (instances <= 1) {
            return;
        }
        for (const problem of problems(args.props.spec, withDefaults(args, DEFAULTS))) {
            report(`${instances} instances, but ${problem}.`);
        }
    }),
    remediateResource: args => {
        const config = withDefaults(args, DEFAULTS);
        if (!isKind(args.type, CNPG_GROUP, "Cluster") || (args.props.spec?.instances ?? 1) <= 1
            || problems(args.props.spec, config).length === 0) {
            return undefined;
        }
        const props = JSON.parse(JSON.stringify(args.props));
        props.spec.affinity = {
            ...props.spec.affinity,
            enablePodAntiAffinity: true,
            topologyKey: HOSTNAME_KEY,
            podAntiAffinityType: "required",
        };
        return props;
    },
};
