import { ResourceValidationPolicy } from "@pulumi/policy";
import { stringList, withDefaults } from "../lib/config";
import { CNPG_GROUP, validateKind } from "../lib/kinds";

interface Config {
    requiredRequests: string[];
    requiredLimits: string[];
}

const DEFAULTS: Config = { requiredRequests: ["cpu", "memory"], requiredLimits: ["memory"] };

/**
 * Without `spec.resources` the operator's instances run BestEffort: first to be evicted under
 * node pressure, and free to take the node's memory.
 *
 * @severity medium
 * @topics reliability, resources
 * @link https://cloudnative-pg.io/documentation/current/resource_management/
 */
export const clusterConfigureResources: ResourceValidationPolicy = {
    name: "postgres-k8s-cnpg-cluster-configure-resources",
    description: "Requires resource requests and limits on CloudNativePG Cluster instances.",
    configSchema: {
        properties: {
            requiredRequests: stringList("Resources the instances must request.", DEFAULTS.requiredRequests),
            requiredLimits: stringList("Resources the instances must limit.", DEFAULTS.requiredLimits),
        },
    },
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: validateKind([CNPG_GROUP], "Cluster", "a CloudNativePG Cluster", (args, report) => {
        const config = withDefaults(args, DEFAULTS);
        const resources = args.props.spec?.resources ?? {};
        for (const [field, required] of [["requests", config.requiredRequests], ["limits", config.requiredLimits]] as const) {
            const missing = required.filter(r => resources[field]?.[r] === undefined);
            if (missing.length > 0) {
                report(`spec.resources.${field} has no ${missing.join(", ")}.`);
            }
        }
    }),
};
