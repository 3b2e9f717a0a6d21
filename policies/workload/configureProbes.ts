import { ResourceValidationPolicy } from "@pulumi/policy";
import { stringList } from "../lib/config";
import { CONTAINER_DEFAULTS, containerSchema, ContainerConfig, forEachContainer, validateWorkloads } from "../lib/workloadPolicy";
import { describeContainer } from "../lib/workloads";

interface Config extends ContainerConfig {
    requiredProbes: string[];
    /** Handler fields that make a probe real; a probe with none of them is rejected by the API. */
    probeTypes: string[];
}

const DEFAULTS: Config = {
    ...CONTAINER_DEFAULTS,
    requiredProbes: ["readinessProbe", "livenessProbe"],
    probeTypes: ["exec", "httpGet", "tcpSocket", "grpc"],
};

/**
 * Without a readiness probe the read-write Service sends clients to a pod that is still in
 * recovery; without a liveness probe a hung postmaster is never restarted.
 *
 * @severity medium
 * @topics reliability
 * @link https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
 */
export const configureProbes: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-configure-probes",
    description: "Requires readiness and liveness probes on the main containers of PostgreSQL pods.",
    configSchema: {
        properties: {
            ...containerSchema,
            requiredProbes: stringList("Probes every main container must define.", DEFAULTS.requiredProbes),
            probeTypes: stringList("Probe handlers that count.", DEFAULTS.probeTypes),
        },
    },
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: validateWorkloads(DEFAULTS, ({ template, config, report }, args) => {
        if (template.kind === "batch/Job" || template.kind === "batch/CronJob") {
            return args.notApplicable("Jobs run to completion and serve no traffic");
        }
        forEachContainer(template.spec, config, (c, role) => {
            const missing = config.requiredProbes.filter(p => {
                const probe = (c as Record<string, any>)[p];
                return !probe || !config.probeTypes.some(t => probe[t] !== undefined);
            });
            if (missing.length > 0) {
                report(`${describeContainer(role, c)} has no ${missing.join(", ")} (with one of ${config.probeTypes.join(", ")}).`);
            }
        }, ["container"]);
    }),
};
