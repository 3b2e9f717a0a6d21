import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stringList, withDefaults } from "../lib/config";
import { EXPOSURE_PORT_DEFAULTS, EXPOSURE_SCHEMA, ExposureConfig, isDatabaseService } from "../lib/exposure";
import { CNPG_GROUP } from "../lib/kinds";
import { Backend, backendsOf, isRoute, STREAM_CONFIGMAPS } from "../lib/routes";
import { SCOPE_DEFAULTS, scopeSchema } from "../lib/scope";
import { mapSelectorMatches } from "../lib/selectors";
import { describeResource, ofKind, sameNamespace, stackWorkloads } from "../lib/stack";
import { UnknownDeferral } from "../lib/unknowns";

interface Config extends ExposureConfig {
    streamConfigMaps: string[];
}

const DEFAULTS: Config = { ...SCOPE_DEFAULTS, ...EXPOSURE_PORT_DEFAULTS, streamConfigMaps: STREAM_CONFIGMAPS };

/** Why a backend is a database, or undefined. */
function databaseReason(b: Backend, resources: PolicyResource[], config: ExposureConfig, deferral: UnknownDeferral): string | undefined {
    if (typeof b.port === "number" ? config.databasePorts.includes(b.port) : config.databasePortNames.includes(b.port ?? "")) {
        return `port ${b.port}`;
    }
    const services = ofKind(resources, "core", "Service").filter(s =>
        (s.props.metadata?.name ?? s.name) === b.name && sameNamespace(s.props.metadata?.namespace, b.namespace));
    for (const s of services) {
        if (isDatabaseService(s.props.spec, config)) {
            return "a PostgreSQL Service";
        }
        const selector = s.props.spec?.selector;
        if (stackWorkloads(resources, config, deferral).some(w => w.template && mapSelectorMatches(selector, w.labels))) {
            return "a Service selecting PostgreSQL pods";
        }
    }
    const operatorOwned = [...ofKind(resources, CNPG_GROUP, "Cluster").flatMap(c => ["rw", "ro", "r"].map(s => `${c.props.metadata?.name}-${s}`)),
        ...ofKind(resources, CNPG_GROUP, "Pooler").map(p => p.props.metadata?.name)];
    return operatorOwned.includes(b.name) ? "a CloudNativePG Service" : undefined;
}

/**
 * An Ingress, a Gateway route or an ingress-nginx TCP services entry for a database Service
 * publishes PostgreSQL through the cluster's edge proxy, whatever the Service's own type.
 *
 * @severity critical
 * @topics network, exposure
 * @link https://gateway-api.sigs.k8s.io/concepts/api-overview/#route-resources
 */
export const disallowDatabaseBackends: StackValidationPolicy = {
    name: "postgres-k8s-route-disallow-database-backends",
    description: "Disallows Ingresses, Gateway API routes and ingress-nginx TCP/UDP entries whose backends are PostgreSQL Services.",
    // No "scope" here: with every Service a database Service, every route would be reported.
    configSchema: {
        properties: {
            databaseLabels: scopeSchema.databaseLabels, databaseImages: scopeSchema.databaseImages, ...EXPOSURE_SCHEMA,
            streamConfigMaps: stringList("Names (globs) of ingress-nginx TCP/UDP services ConfigMaps.", STREAM_CONFIGMAPS),
        },
    },
    enforcementLevel: "mandatory",
    severity: "critical",
    validateStack: (args, report) => {
        const config = { ...withDefaults(args, DEFAULTS), scope: "database" as const };
        const deferral = new UnknownDeferral();
        for (const route of args.resources.filter(r => isRoute(r, config.streamConfigMaps))) {
            deferral.run(() => {
                for (const b of backendsOf(route)) {
                    const reason = databaseReason(b, args.resources, config, deferral);
                    if (reason) {
                        report(`${describeResource(route)} routes to "${b.name}", ${reason}; PostgreSQL must not be reachable through an ingress or gateway.`, route.urn);
                    }
                }
            });
        }
        deferral.finish();
    },
};
