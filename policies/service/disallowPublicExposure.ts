import { ResourceValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "../lib/config";
import { EXPOSURE_PORT_DEFAULTS, EXPOSURE_SCHEMA, ExposureConfig, isDatabaseService, serviceSpecExposure } from "../lib/exposure";
import { validateKind } from "../lib/kinds";
import { SCOPE_DEFAULTS, scopeSchema } from "../lib/scope";

const DEFAULTS: ExposureConfig = { ...SCOPE_DEFAULTS, ...EXPOSURE_PORT_DEFAULTS };

/**
 * A LoadBalancer, NodePort or external IP puts PostgreSQL's port on an address outside the
 * cluster network; clients inside reach it through the ClusterIP `-rw`/`-ro` Services.
 *
 * @severity critical
 * @topics network, exposure
 * @link https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
 */
export const disallowPublicExposure: ResourceValidationPolicy = {
    name: "postgres-k8s-service-disallow-public-exposure",
    description: "Disallows LoadBalancer and NodePort types and external IPs on Services that reach PostgreSQL.",
    configSchema: { properties: { ...scopeSchema, ...EXPOSURE_SCHEMA } },
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateKind(["core"], "Service", "a Service", (args, report) => {
        const config = withDefaults(args, DEFAULTS);
        if (!isDatabaseService(args.props.spec, config)) {
            return args.notApplicable("not a PostgreSQL Service (scope: database)");
        }
        for (const exposure of serviceSpecExposure(args.props.spec)) {
            report(`The Service exposes PostgreSQL outside the cluster network (${exposure}); use a ClusterIP Service.`);
        }
    }),
};
