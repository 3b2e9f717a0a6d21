import { disallowPublicExposure as policy } from "../../../policies/service/disallowPublicExposure";
import { assertHasResourceViolation, assertNoResourceViolations, assertNotApplicable, assertUnknownDuringPreview, resourceArgs, UNKNOWN } from "../../helpers/policy";
import { configGroupChildren } from "../../helpers/policyManifests";
import { service, statefulSet } from "../fixtures";

const FIX = "; use a ClusterIP Service.";

function withSpec(spec: Record<string, unknown>) {
    const svc = service();
    Object.assign(svc.props.spec, spec);
    return svc;
}

describe("postgres-k8s-service-disallow-public-exposure", () => {
    it("#1 passes the ClusterIP -rw, -ro and headless -hl Services", async () => {
        await assertNoResourceViolations(policy, resourceArgs(service("main-rw")));
        await assertNoResourceViolations(policy, resourceArgs(withSpec({ clusterIP: "None" })));
    });

    for (const type of ["LoadBalancer", "NodePort"]) {
        it(`#2 fails type ${type}`, async () => {
            await assertHasResourceViolation(policy, resourceArgs(withSpec({ type })),
                `The Service exposes PostgreSQL outside the cluster network (type ${type})${FIX}`);
        });
    }

    it("#3 fails externalIPs on a ClusterIP Service", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withSpec({ externalIPs: ["203.0.113.7"] })),
            `The Service exposes PostgreSQL outside the cluster network (externalIPs 203.0.113.7)${FIX}`);
    });

    it("#4 recognises a database Service by port alone (no labels, manual Endpoints)", async () => {
        const svc = withSpec({ type: "NodePort", selector: undefined, ports: [{ port: 15432, targetPort: 5432 }] });
        await assertHasResourceViolation(policy, resourceArgs(svc), `The Service exposes PostgreSQL outside the cluster network (type NodePort)${FIX}`);
    });

    it("#5 ignores other Services unless scope is all", async () => {
        const web = withSpec({ type: "LoadBalancer", selector: { app: "web" }, ports: [{ port: 443, targetPort: 8443 }] });
        await assertNotApplicable(policy, resourceArgs(web), "not a PostgreSQL Service (scope: database)");
        await assertHasResourceViolation(policy, resourceArgs(web, { scope: "all" }),
            `The Service exposes PostgreSQL outside the cluster network (type LoadBalancer)${FIX}`);
        await assertNotApplicable(policy, resourceArgs(statefulSet()), "not a Service");
    });

    it("#6 does not pass silently when the type is unknown during preview", async () => {
        await assertUnknownDuringPreview(policy, resourceArgs(withSpec({ type: UNKNOWN })), "spec.type");
    });

    it("#7 checks Services from a ConfigGroup", async () => {
        const [svc] = configGroupChildren(`
apiVersion: v1
kind: Service
metadata: {name: pg-public}
spec:
  type: LoadBalancer
  selector: {app.kubernetes.io/name: postgresql}
  ports: [{port: 5432}]
`);
        await assertHasResourceViolation(policy, resourceArgs(svc), `The Service exposes PostgreSQL outside the cluster network (type LoadBalancer)${FIX}`);
    });
});
