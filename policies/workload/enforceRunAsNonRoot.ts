import { ResourceValidationPolicy } from "@pulumi/policy";
import { CONTAINER_DEFAULTS, containerSchema, ContainerConfig, forEachContainer, validateWorkloads } from "../lib/workloadPolicy";
import { describeContainer } from "../lib/workloads";

interface Config extends ContainerConfig {
    /** Require a declaration that the container is not root (false: only an explicit uid 0 fails). */
    requireNonRootDeclaration: boolean;
    /** A non-zero runAsUser counts as that declaration (as Gatekeeper's MustRunAsNonRoot does). */
    acceptRunAsUser: boolean;
}

const DEFAULTS: Config = { ...CONTAINER_DEFAULTS, requireNonRootDeclaration: true, acceptRunAsUser: true };

/**
 * PostgreSQL refuses to run as root, but the official image's entrypoint starts as root to
 * fix permissions; declaring non-root keeps an image change from quietly running as uid 0.
 *
 * @severity high
 * @topics security
 * @link https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const enforceRunAsNonRoot: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-enforce-run-as-non-root",
    description: "Requires every container of a PostgreSQL pod to run as a non-root user.",
    configSchema: {
        properties: {
            ...containerSchema,
            requireNonRootDeclaration: { type: "boolean", default: true, description: "Require runAsNonRoot (or a non-zero runAsUser)." },
            acceptRunAsUser: { type: "boolean", default: true, description: "A non-zero runAsUser satisfies the requirement." },
        },
    },
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateWorkloads(DEFAULTS, ({ template, config, report }) => {
        const pod = template.spec.securityContext ?? {};
        forEachContainer(template.spec, config, (c, role) => {
            const own = c.securityContext ?? {};
            // A container's securityContext overrides the pod's field by field.
            const runAsUser = own.runAsUser ?? pod.runAsUser;
            const runAsNonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
            const who = describeContainer(role, c);
            if (runAsUser === 0) {
                report(`${who} runs as root (runAsUser: 0).`);
            } else if (config.requireNonRootDeclaration && runAsNonRoot !== true
                && !(config.acceptRunAsUser && typeof runAsUser === "number" && runAsUser > 0)) {
                report(`${who} may run as root: set runAsNonRoot: true` + (config.acceptRunAsUser ? " or a non-zero runAsUser." : "."));
            }
        });
    }),
};
