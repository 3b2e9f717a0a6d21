import { ResourceValidationPolicy } from "@pulumi/policy";
import { CONTAINER_DEFAULTS, containerSchema, forEachContainer, validateWorkloads } from "../lib/workloadPolicy";
import { describeContainer } from "../lib/workloads";

/**
 * Without `allowPrivilegeEscalation: false` a setuid binary in the image can gain more
 * privileges than the container started with (the default is to allow it).
 *
 * @severity high
 * @topics security
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const disallowPrivilegeEscalation: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-disallow-privilege-escalation",
    description: "Requires every container of a PostgreSQL pod to set allowPrivilegeEscalation to false.",
    configSchema: { properties: containerSchema },
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateWorkloads(CONTAINER_DEFAULTS, ({ template, config, report }) => {
        forEachContainer(template.spec, config, (c, role) => {
            if (c.securityContext?.allowPrivilegeEscalation !== false) {
                report(`${describeContainer(role, c)} does not set securityContext.allowPrivilegeEscalation: false.`);
            }
        });
    }),
};
