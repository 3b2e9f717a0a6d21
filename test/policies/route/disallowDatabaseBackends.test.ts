import { disallowDatabaseBackends as policy } from "../../../policies/route/disallowDatabaseBackends";
import { assertHasStackViolation, assertNoStackViolations, assertUnknownDuringPreview, stackArgs, UNKNOWN, urnOf } from "../../helpers/policy";
import { configGroupChildren } from "../../helpers/policyManifests";
import { CONFIGMAP, cnpgCluster, ingress, route, service, statefulSet } from "../fixtures";

const NOT_REACHABLE = "; PostgreSQL must not be reachable through an ingress or gateway.";

describe("postgres-k8s-route-disallow-database-backends", () => {
    it("#1 passes an Ingress and an HTTPRoute to a web Service", async () => {
        const web = service("web");
        web.props.spec = { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] };
        await assertNoStackViolations(policy, stackArgs([statefulSet(), service(), web, ingress("web"), route("HTTPRoute", "web", 80)]));
    });

    it("#2 fails an Ingress to the -rw Service", async () => {
        const ing = ingress("main-rw", 5432);
        await assertHasStackViolation(policy, stackArgs([statefulSet(), service(), ing]),
            { message: `Ingress "db/web" routes to "main-rw", port 5432${NOT_REACHABLE}`, urn: urnOf(ing) });
    });

    it("#3 fails TCP and TLS routes to a Service that selects PostgreSQL pods on another port", async () => {
        const svc = service("pg-edge");
        svc.props.spec = { selector: { "app.kubernetes.io/instance": "main" }, ports: [{ port: 6543, targetPort: 6543 }] };
        const tcp = route("TCPRoute", "pg-edge", 6543);
        const tls = route("TLSRoute", "pg-edge", 6543);
        await assertHasStackViolation(policy, stackArgs([statefulSet(), svc, tcp, tls]),
            { message: `TCPRoute "db/r-pg-edge" routes to "pg-edge", a Service selecting PostgreSQL pods${NOT_REACHABLE}`, urn: urnOf(tcp) },
            { message: `TLSRoute "db/r-pg-edge" routes to "pg-edge", a Service selecting PostgreSQL pods${NOT_REACHABLE}`, urn: urnOf(tls) });
    });

    it("#4 fails an HTTPRoute to a CloudNativePG operator Service", async () => {
        const r = route("HTTPRoute", "pg-ro", 80);
        await assertHasStackViolation(policy, stackArgs([cnpgCluster(), r]),
            { message: `HTTPRoute "db/r-pg-ro" routes to "pg-ro", a CloudNativePG Service${NOT_REACHABLE}`, urn: urnOf(r) });
    });

    it("#5 a Service with the same name in another namespace is not ours", async () => {
        const other = service("main-rw");
        other.props.metadata.namespace = "web";
        const ing = ingress("main-rw", 80);
        ing.props.metadata.namespace = "web";
        other.props.spec = { selector: { app: "web" }, ports: [{ port: 80 }] };
        await assertNoStackViolations(policy, stackArgs([statefulSet(), service(), other, ing]));
    });

    it("#6 does not pass silently when a backend is unknown during preview", async () => {
        const ing = ingress("web");
        ing.props.spec.rules[0].http.paths[0].backend.service.name = UNKNOWN;
        await assertUnknownDuringPreview(policy, stackArgs([ing]), "spec.rules.0.http.paths.0.backend.service.name");
    });

    it("#7 checks routes and Services from a ConfigGroup", async () => {
        const children = configGroupChildren(`
apiVersion: v1
kind: Service
metadata: {name: pg}
spec: {selector: {app.kubernetes.io/name: postgresql}, ports: [{port: 5432}]}
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: legacy}
spec: {backend: {serviceName: pg, servicePort: 80}}
`);
        await assertHasStackViolation(policy, stackArgs(children),
            { message: `Ingress "legacy" routes to "pg", a PostgreSQL Service${NOT_REACHABLE}`, urn: urnOf(children[1]) });
    });

    it("#8 fails an ingress-nginx TCP services entry for the database, passes other entries and ConfigMaps", async () => {
        const tcp = { type: CONFIGMAP, name: "tcp", props: { metadata: { name: "ingress-nginx-tcp", namespace: "ingress-nginx" },
            data: { "8080": "web/web:80", "5432": "db/main-rw:5432:PROXY" } } };
        await assertHasStackViolation(policy, stackArgs([statefulSet(), service(), tcp]),
            { message: `ConfigMap "ingress-nginx/ingress-nginx-tcp" routes to "main-rw", port 5432${NOT_REACHABLE}`, urn: urnOf(tcp) });
        const other = { ...tcp, props: { ...tcp.props, metadata: { name: "app-settings", namespace: "db" } } };
        await assertNoStackViolations(policy, stackArgs([statefulSet(), service(), other]));
    });
});
