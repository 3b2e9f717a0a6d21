import { ResourceValidationPolicy } from "@pulumi/policy";
import { serviceSpecExposure } from "../lib/exposure";
import { CNPG_GROUP, validateKind } from "../lib/kinds";

/**
 * The operator creates the Services in `spec.managed.services.additional` itself, so this is
 * the only place a policy can see a LoadBalancer or NodePort it will create.
 *
 * @severity critical
 * @topics network, exposure
 * @link https://cloudnative-pg.io/documentation/current/service_management/
 */
export const clusterDisallowPublicServices: ResourceValidationPolicy = {
    name: "postgres-k8s-cnpg-cluster-disallow-public-services",
    description: "Disallows CloudNativePG managed Services of type LoadBalancer or NodePort or with external IPs.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateKind([CNPG_GROUP], "Cluster", "a CloudNativePG Cluster", (args, report) => {
        (args.props.spec?.managed?.services?.additional ?? []).forEach((s: any, i: number) => {
            const name = s.serviceTemplate?.metadata?.name ?? `#${i}`;
            for (const exposure of serviceSpecExposure(s.serviceTemplate?.spec)) {
                report(`Managed service "${name}" exposes PostgreSQL outside the cluster network (${exposure}).`);
            }
        });
    }),
};
