import { ResourceValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "../lib/config";
import { validateKind } from "../lib/kinds";
import { holdsPrivateKey, looksSecret, SECRET_DEFAULTS, secretSchema, SecretConfig } from "../lib/secrets";

/** `user:password@` in a connection URI. */
const URI_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:[^@\s]+@/i;
/** `name = value` / `name: value` lines, as in .conf, .properties and YAML files. */
const ASSIGNMENT = /^\s*([A-Za-z0-9_.-]+)\s*[:=]\s*['"]?([^'"\s#]*)/;

function problems(key: string, value: string, config: SecretConfig): string[] {
    const found: string[] = [];
    if (holdsPrivateKey(value)) {
        found.push(`data["${key}"] holds a PEM private key`);
    }
    if (looksSecret(key, config) && value.trim() !== "") {
        found.push(`data["${key}"] looks like a credential`);
    }
    value.split("\n").forEach((line, i) => {
        const m = ASSIGNMENT.exec(line);
        // `${VAR}` and `$(VAR)` only name where the value comes from.
        if (m && m[2] !== "" && !m[2].startsWith("$") && looksSecret(m[1], config)) {
            found.push(`data["${key}"] line ${i + 1} sets ${m[1]} to a literal value`);
        }
        if (URI_CREDENTIALS.test(line)) {
            found.push(`data["${key}"] line ${i + 1} has a password in a connection URI`);
        }
    });
    return found;
}

/**
 * ConfigMaps are not encrypted at rest by default and are readable by anyone who may read
 * the namespace's configuration; credentials belong in Secrets.
 *
 * @severity high
 * @topics secrets
 * @link https://kubernetes.io/docs/concepts/configuration/configmap/
 */
export const disallowPlaintextSecrets: ResourceValidationPolicy = {
    name: "postgres-k8s-configmap-disallow-plaintext-secrets",
    description: "Disallows password-like keys, settings, connection URIs with passwords and PEM private keys in ConfigMaps.",
    configSchema: { properties: { ...secretSchema } },
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateKind(["core"], "ConfigMap", "a ConfigMap", (args, report) => {
        const config = withDefaults(args, SECRET_DEFAULTS);
        const data: Record<string, unknown> = args.props.data ?? {};
        for (const key of Object.keys(data)) {
            const value = data[key];
            for (const problem of typeof value === "string" ? problems(key, value, config) : []) {
                report(`${problem}; keep it in a Secret.`);
            }
        }
        // binaryData is base64: a key stored there is as readable as in data.
        const binary: Record<string, unknown> = args.props.binaryData ?? {};
        for (const key of Object.keys(binary)) {
            const value = binary[key];
            if (typeof value === "string" && holdsPrivateKey(Buffer.from(value, "base64").toString("latin1"))) {
                report(`binaryData["${key}"] holds a PEM private key; keep it in a Secret.`);
            }
        }
    }),
};
