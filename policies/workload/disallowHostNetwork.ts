import { ResourceValidationPolicy } from "@pulumi/policy";
import { SCOPE_DEFAULTS, scopeSchema } from "../lib/scope";
import { UnknownDeferral } from "../lib/unknowns";
import { validateWorkloads } from "../lib/workloadPolicy";
import { allContainers, describeContainer } from "../lib/workloads";

/**
 * A database pod on the host network, or with a host port, is reachable on the node's
 * address from anywhere that reaches the node, bypassing Services and NetworkPolicies.
 * Host PID/IPC namespaces expose other pods' processes and shared memory.
 *
 * @severity critical
 * @topics network, security
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const disallowHostNetwork: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-disallow-host-network",
    description: "Disallows host networking, host ports and host PID/IPC namespaces on PostgreSQL pods.",
    configSchema: { properties: { ...scopeSchema } },
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateWorkloads(SCOPE_DEFAULTS, ({ template, report }) => {
        const spec = template.spec;
        const deferral = new UnknownDeferral();
        for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
            deferral.run(() => {
                if (spec[field] === true) {
                    report(`The pod sets ${field}: true.`);
                }
            });
        }
        for (const { role, container } of allContainers(spec)) {
            deferral.run(() => {
                for (const port of container.ports ?? []) {
                    if ((port.hostPort ?? 0) > 0) {
                        report(`${describeContainer(role, container)} publishes hostPort ${port.hostPort}.`);
                    }
                }
            });
        }
        deferral.finish();
    }),
};
