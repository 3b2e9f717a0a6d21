import { ResourceValidationPolicy } from "@pulumi/policy";
import { SCOPE_DEFAULTS, scopeSchema, ScopeConfig } from "../lib/scope";
import { validateWorkloads } from "../lib/workloadPolicy";

interface Config extends ScopeConfig {
    minReplicas: number;
    /** 0 means no upper bound. */
    maxReplicas: number;
}

const DEFAULTS: Config = { ...SCOPE_DEFAULTS, minReplicas: 2, maxReplicas: 0 };

/**
 * One instance means every node drain or crash is an outage; a standby is what makes
 * failover (and anti-affinity) meaningful.
 *
 * @severity medium
 * @topics availability
 * @link https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export const configureReplicas: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-configure-replicas",
    description: "Requires replicated PostgreSQL workloads to run a configured number of replicas.",
    configSchema: {
        properties: {
            ...scopeSchema,
            minReplicas: { type: "integer", minimum: 0, default: 2, description: "Fewest replicas allowed." },
            maxReplicas: { type: "integer", minimum: 0, default: 0, description: "Most replicas allowed (0: no bound)." },
        },
    },
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: validateWorkloads(DEFAULTS, ({ config, replicas, report }) => {
        if (replicas !== undefined && replicas < config.minReplicas) {
            report(`${replicas} replica(s); at least ${config.minReplicas} are required.`);
        } else if (replicas !== undefined && config.maxReplicas > 0 && replicas > config.maxReplicas) {
            report(`${replicas} replicas; at most ${config.maxReplicas} are allowed.`);
        }
    }),
};
