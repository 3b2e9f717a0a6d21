import { ResourceValidationPolicy } from "@pulumi/policy";
import { stringList } from "../lib/config";
import { parseQuantity } from "../lib/quantity";
import { CONTAINER_DEFAULTS, containerSchema, ContainerConfig, forEachContainer, validateWorkloads } from "../lib/workloadPolicy";
import { describeContainer } from "../lib/workloads";

interface Config extends ContainerConfig {
    requiredRequests: string[];
    requiredLimits: string[];
    /** Upper bounds per resource (Gatekeeper's containerlimits); "-1" or absent means no bound. */
    maxLimits: Record<string, string>;
    maxRequests: Record<string, string>;
}

const DEFAULTS: Config = {
    ...CONTAINER_DEFAULTS,
    requiredRequests: ["cpu", "memory"],
    // No CPU limit by default: CFS throttling stalls WAL replay and checkpoints.
    requiredLimits: ["memory"],
    maxLimits: {},
    maxRequests: {},
};

const bounds = { type: "object", additionalProperties: { type: "string" }, default: {} } as const;

/**
 * Without requests the scheduler can pack the database onto a full node; without a memory
 * limit a runaway query can take the node's memory and get other pods killed.
 *
 * @severity medium
 * @topics reliability, resources
 * @link https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export const configureResources: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-configure-resources",
    description: "Requires resource requests and limits on the containers of PostgreSQL pods.",
    configSchema: {
        properties: {
            ...containerSchema,
            requiredRequests: stringList("Resources every container must request.", DEFAULTS.requiredRequests),
            requiredLimits: stringList("Resources every container must limit.", DEFAULTS.requiredLimits),
            maxLimits: { ...bounds, description: "Largest allowed limit per resource." },
            maxRequests: { ...bounds, description: "Largest allowed request per resource." },
        },
    },
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: validateWorkloads(DEFAULTS, ({ template, config, report }) => {
        forEachContainer(template.spec, config, (c, role) => {
            const who = describeContainer(role, c);
            for (const [field, required, max] of [
                ["requests", config.requiredRequests, config.maxRequests],
                ["limits", config.requiredLimits, config.maxLimits],
            ] as const) {
                const set: Record<string, any> = c.resources?.[field] ?? {};
                const missing = required.filter(r => set[r] === undefined);
                if (missing.length > 0) {
                    report(`${who} has no resources.${field} for ${missing.join(", ")}.`);
                }
                for (const [resource, bound] of Object.entries(max)) {
                    const limit = parseQuantity(bound);
                    const value = set[resource] === undefined ? undefined : parseQuantity(set[resource]);
                    if (limit !== undefined && limit >= 0 && value !== undefined && value > limit) {
                        report(`${who} sets resources.${field}.${resource} to ${set[resource]}, above the maximum ${bound}.`);
                    } else if (limit !== undefined && limit >= 0 && set[resource] !== undefined && value === undefined) {
                        report(`${who} sets resources.${field}.${resource} to "${set[resource]}", which is not a quantity.`);
                    }
                }
            }
        }, ["container", "initContainer"]);
    }),
};
