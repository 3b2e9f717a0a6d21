import { ResourceValidationPolicy } from "@pulumi/policy";
import { serviceSpecExposure } from "../lib/exposure";
import { CNPG_GROUP, validateKind } from "../lib/kinds";

/**
 * A PgBouncer Pooler forwards to the database with its own credentials: exposing the pooler
 * exposes the database.
 *
 * @severity critical
 * @topics network, exposure
 * @link https://cloudnative-pg.io/documentation/current/connection_pooling/#service-template
 */
export const poolerDisallowPublicService: ResourceValidationPolicy = {
    name: "postgres-k8s-cnpg-pooler-disallow-public-service",
    description: "Disallows CloudNativePG Pooler service templates of type LoadBalancer or NodePort or with external IPs.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateKind([CNPG_GROUP], "Pooler", "a CloudNativePG Pooler", (args, report) => {
        for (const exposure of serviceSpecExposure(args.props.spec?.serviceTemplate?.spec)) {
            report(`The Pooler's Service exposes PostgreSQL outside the cluster network (${exposure}).`);
        }
    }),
};
