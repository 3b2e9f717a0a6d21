import { ResourceValidationPolicy } from "@pulumi/policy";
import { CONTAINER_DEFAULTS, containerSchema, forEachContainer, validateWorkloads } from "../lib/workloadPolicy";
import { describeContainer } from "../lib/workloads";

/**
 * A privileged container has every capability and the host's devices: a database exploit
 * becomes a node compromise.
 *
 * @severity critical
 * @topics security
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const disallowPrivileged: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-disallow-privileged",
    description: "Disallows privileged containers in PostgreSQL pods.",
    configSchema: { properties: containerSchema },
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateWorkloads(CONTAINER_DEFAULTS, ({ template, config, report }) => {
        forEachContainer(template.spec, config, (c, role) => {
            if (c.securityContext?.privileged === true) {
                report(`${describeContainer(role, c)} is privileged.`);
            }
        });
    }),
};
