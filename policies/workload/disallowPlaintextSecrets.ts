import { ResourceValidationPolicy } from "@pulumi/policy";
import { CONTAINER_DEFAULTS, containerSchema, ContainerConfig, forEachContainer, validateWorkloads } from "../lib/workloadPolicy";
import { holdsPrivateKey, looksSecret, SECRET_DEFAULTS, secretSchema, SecretConfig } from "../lib/secrets";
import { describeContainer } from "../lib/workloads";

interface Config extends ContainerConfig, SecretConfig {
    /** Also reject secretKeyRef env vars and secretRef envFrom (Kyverno's stricter rule; files are safer). */
    disallowSecretEnvRefs: boolean;
}

const DEFAULTS: Config = { ...CONTAINER_DEFAULTS, ...SECRET_DEFAULTS, disallowSecretEnvRefs: false };

/**
 * A literal password in a pod spec is stored in the Pulumi state, the API server and every
 * `kubectl get -o yaml`; it belongs in a Secret, mounted as a file.
 *
 * @severity high
 * @topics secrets
 * @link https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets
 */
export const disallowPlaintextSecrets: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-disallow-plaintext-secrets",
    description: "Disallows literal password-like environment values and PEM private keys in PostgreSQL pods.",
    configSchema: {
        properties: {
            ...containerSchema,
            ...secretSchema,
            disallowSecretEnvRefs: { type: "boolean", default: false, description: "Reject Secret references in env too." },
        },
    },
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateWorkloads(DEFAULTS, ({ template, config, report }) => {
        forEachContainer(template.spec, config, (c, role) => {
            const who = describeContainer(role, c);
            for (const e of c.env ?? []) {
                if (typeof e.value === "string" && holdsPrivateKey(e.value)) {
                    report(`${who} sets env ${e.name} to a literal PEM private key; use a Secret mounted as a file.`);
                } else if (typeof e.value === "string" && e.value !== "" && looksSecret(e.name, config)) {
                    report(`${who} sets env ${e.name} to a literal value; use a Secret (preferably mounted as a file).`);
                } else if (config.disallowSecretEnvRefs && e.valueFrom?.secretKeyRef) {
                    report(`${who} reads Secret "${e.valueFrom.secretKeyRef.name}" into env ${e.name}; mount it as a file.`);
                }
            }
            for (const from of config.disallowSecretEnvRefs ? c.envFrom ?? [] : []) {
                if (from.secretRef) {
                    report(`${who} loads Secret "${from.secretRef.name}" into its environment; mount it as a file.`);
                }
            }
        });
    }),
};
