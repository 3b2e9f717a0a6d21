import { ResourceValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "../lib/config";
import { validateKind } from "../lib/kinds";

interface Config {
    requireHost: boolean;
    allowWildcardHosts: boolean;
    disallowDefaultBackend: boolean;
    requireTls: boolean;
    /** Require the annotation `kubernetes.io/ingress.allow-http: "false"`. */
    requireHttpDisabled: boolean;
}

const DEFAULTS: Config = {
    requireHost: true, allowWildcardHosts: false, disallowDefaultBackend: true, requireTls: true, requireHttpDisabled: true,
};

const toggle = (description: string, value: boolean) => ({ type: "boolean", default: value, description } as const);

function checkRules(spec: any, config: Config, report: (m: string) => void): void {
    (spec?.rules ?? []).forEach((rule: any, i: number) => {
        if (config.requireHost && !rule.host) {
            report(`Rule #${i + 1} has no host, so it answers for every hostname that reaches the ingress controller.`);
        } else if (!config.allowWildcardHosts && typeof rule.host === "string" && rule.host.startsWith("*")) {
            report(`Rule #${i + 1} uses the wildcard host "${rule.host}".`);
        }
    });
}

/**
 * An Ingress in a database stack is an HTTP path into the cluster: it must name its hosts,
 * must not catch unmatched traffic, and must not serve plain HTTP.
 *
 * @severity high
 * @topics network, exposure, tls
 * @link https://kubernetes.io/docs/concepts/services-networking/ingress/
 */
export const enforceHttpsAndExplicitHosts: ResourceValidationPolicy = {
    name: "postgres-k8s-ingress-enforce-https-and-explicit-hosts",
    description: "Requires Ingresses to name non-wildcard hosts, have no default backend, and serve HTTPS only.",
    configSchema: {
        properties: {
            requireHost: toggle("Every rule must name a host.", true),
            allowWildcardHosts: toggle("Accept wildcard hosts.", false),
            disallowDefaultBackend: toggle("Reject spec.defaultBackend.", true),
            requireTls: toggle("Require a tls section.", true),
            requireHttpDisabled: toggle('Require kubernetes.io/ingress.allow-http: "false".', true),
        },
    },
    enforcementLevel: "advisory",
    severity: "high",
    validateResource: validateKind(["networking.k8s.io", "extensions"], "Ingress", "an Ingress", (args, report) => {
        const config = withDefaults(args, DEFAULTS);
        const spec = args.props.spec;
        checkRules(spec, config, report);
        if (config.disallowDefaultBackend && (spec?.defaultBackend || spec?.backend)) {
            report("spec.defaultBackend sends every unmatched request to a Service.");
        }
        if (config.requireTls && (spec?.tls ?? []).length === 0) {
            report("The Ingress has no tls section, so it serves plain HTTP.");
        }
        if (config.requireHttpDisabled && args.props.metadata?.annotations?.["kubernetes.io/ingress.allow-http"] !== "false") {
            report('The Ingress does not set the annotation kubernetes.io/ingress.allow-http: "false".');
        }
    }),
};
