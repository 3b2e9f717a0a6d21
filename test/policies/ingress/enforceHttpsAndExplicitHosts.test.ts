import { enforceHttpsAndExplicitHosts as policy } from "../../../policies/ingress/enforceHttpsAndExplicitHosts";
import { assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable, resourceArgs } from "../../helpers/policy";
import { ingress, service } from "../fixtures";

describe("postgres-k8s-ingress-enforce-https-and-explicit-hosts", () => {
    it("#1 passes an Ingress with a named host, TLS and HTTP disabled", async () => {
        await assertNoResourceViolations(policy, resourceArgs(ingress()));
    });

    it("#2 fails a rule without a host and a wildcard host", async () => {
        const ing = ingress();
        ing.props.spec.rules.push({ http: ing.props.spec.rules[0].http }, { host: "*.example.com", http: ing.props.spec.rules[0].http });
        await assertHasResourceViolation(policy, resourceArgs(ing),
            "Rule #2 has no host, so it answers for every hostname that reaches the ingress controller.",
            'Rule #3 uses the wildcard host "*.example.com".');
    });

    it("#3 fails a default backend, missing TLS and plain HTTP", async () => {
        const ing = ingress();
        ing.props.spec.defaultBackend = { service: { name: "web", port: { number: 80 } } };
        delete ing.props.spec.tls;
        delete ing.props.metadata.annotations;
        await assertHasResourceViolation(policy, resourceArgs(ing),
            "spec.defaultBackend sends every unmatched request to a Service.",
            "The Ingress has no tls section, so it serves plain HTTP.",
            'The Ingress does not set the annotation kubernetes.io/ingress.allow-http: "false".');
    });

    it("#4 each rule can be switched off", async () => {
        const ing = ingress();
        delete ing.props.spec.tls;
        await assertNoResourceViolations(policy, resourceArgs(ing, { requireTls: false }));
    });

    it("#5 is not applicable to other kinds", async () => {
        await assertNotApplicable(policy, resourceArgs(service()), "not an Ingress");
    });
});
