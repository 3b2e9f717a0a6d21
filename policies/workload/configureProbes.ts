import { ResourceValidationPolicy } from "@pulumi/policy";
import { stringList } from "../lib/config";
import { EXPOSURE_PORT_DEFAULTS, EXPOSURE_SCHEMA } from "../lib/exposure";
import { CONTAINER_DEFAULTS, containerSchema, ContainerConfig, forEachContainer, validateWorkloads } from "../lib/workloadPolicy";
import { Container, describeContainer } from "../lib/workloads";

interface Config extends ContainerConfig {
    requiredProbes: string[];
    /** Handler fields that make a probe real; a probe with none of them is rejected by the API. */
    probeTypes: string[];
    /** Check only containers that declare a PostgreSQL port (all main containers if none does). */
    servingContainersOnly: boolean;
    databasePorts: number[];
    databasePortNames: string[];
}

const DEFAULTS: Config = {
    ...CONTAINER_DEFAULTS,
    ...EXPOSURE_PORT_DEFAULTS,
    requiredProbes: ["readinessProbe", "livenessProbe"],
    probeTypes: ["exec", "httpGet", "tcpSocket", "grpc"],
    servingContainersOnly: true,
};

function serves(c: Container, config: Config): boolean {
    return (c.ports ?? []).some((p: any) => config.databasePorts.includes(p.containerPort) || config.databasePortNames.includes(p.name));
}

/**
 * Without a readiness probe the read-write Service sends clients to a pod that is still in
 * recovery; without a liveness probe a hung postmaster is never restarted. Sidecars (a role
 * labeller, an exporter) do not gate the database's traffic, so by default only the
 * containers serving PostgreSQL's port are held to this.
 *
 * @severity medium
 * @topics reliability
 * @link https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
 */
export const configureProbes: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-configure-probes",
    description: "Requires readiness and liveness probes on the containers that serve PostgreSQL.",
    configSchema: {
        properties: {
            ...containerSchema,
            ...EXPOSURE_SCHEMA,
            requiredProbes: stringList("Probes every checked container must define.", DEFAULTS.requiredProbes),
            probeTypes: stringList("Probe handlers that count.", DEFAULTS.probeTypes),
            servingContainersOnly: { type: "boolean", default: true, description: "Check only containers declaring a PostgreSQL port." },
        },
    },
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: validateWorkloads(DEFAULTS, ({ template, config, report }, args) => {
        if (template.kind === "batch/Job" || template.kind === "batch/CronJob") {
            return args.notApplicable("Jobs run to completion and serve no traffic");
        }
        const main: Container[] = template.spec.containers ?? [];
        const onlyServing = config.servingContainersOnly && main.some(c => serves(c, config));
        forEachContainer(template.spec, config, (c, role) => {
            if (onlyServing && !serves(c, config)) {
                return;
            }
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
