import { strict as assert } from "assert";
import { runStack, ofType, one } from "../helpers/stack";
import { mandatory, packConfig, runPack } from "../helpers/policyPack";

describe("autoFailover under mocks (prod with autoFailover on)", function () {
    this.timeout(120000);
    let r: Awaited<ReturnType<typeof runStack>>;
    before(async () => { r = await runStack("prod", { autoFailover: true, autoFailoverIntervalSeconds: 5, autoFailoverChecks: 4 }); });

    it("a one-replica Recreate Deployment of auto-failover.sh with the configured interval and checks", () => {
        const d = one(r, "kubernetes:apps/v1:Deployment", "pg-failover").inputs;
        assert.equal(d.metadata.namespace, "postgres-prod");
        assert.equal(d.spec.replicas, 1);
        assert.deepEqual(d.spec.strategy, { type: "Recreate" });
        const c = d.spec.template.spec.containers[0];
        assert.deepEqual(c.command, ["bash", "/opt/postgres-k8s/scripts/auto-failover.sh"]);
        const env = Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
        assert.deepEqual([env.PG_FAILOVER_PODS, env.PG_FAILOVER_INTERVAL_SECONDS, env.PG_FAILOVER_CHECKS], ["pg-0 pg-1 pg-2", "5", "4"]);
        assert.equal(c.securityContext.readOnlyRootFilesystem, true);
        assert.deepEqual(c.livenessProbe.exec.command, ["bash", "/opt/postgres-k8s/scripts/auto-failover.sh", "--alive"]);
        assert.equal(d.spec.template.spec.serviceAccountName, "pg-failover");
        const volumes = d.spec.template.spec.volumes.filter((v: any) => v.configMap).map((v: any) => v.configMap.name);
        assert.deepEqual(volumes, ["pg-scripts"]);
        assert.ok(one(r, "kubernetes:core/v1:ConfigMap", "pg-scripts").inputs.data["auto-failover.sh"]);
    });

    it("least privilege: get and exec on the cluster's own pods by name, get on nodes, nothing else", () => {
        const role = one(r, "kubernetes:rbac.authorization.k8s.io/v1:Role", "pg-failover").inputs;
        assert.deepEqual(role.rules, [
            { apiGroups: [""], resources: ["pods"], resourceNames: ["pg-0", "pg-1", "pg-2"], verbs: ["get"] },
            { apiGroups: [""], resources: ["pods/exec"], resourceNames: ["pg-0", "pg-1", "pg-2"], verbs: ["create", "get"] },
        ]);
        const clusterRole = one(r, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "postgres-prod-pg-failover").inputs;
        assert.deepEqual(clusterRole.rules, [{ apiGroups: [""], resources: ["nodes"], verbs: ["get"] }]);
        for (const t of ["kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"]) {
            const b = ofType(r, t).find(x => x.inputs.metadata.name.endsWith("pg-failover"))!.inputs;
            assert.deepEqual(b.subjects, [{ kind: "ServiceAccount", name: "pg-failover", namespace: "postgres-prod" }]);
        }
    });

    it("no ingress reaches the controller", () => {
        const np = one(r, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "pg-failover").inputs.spec;
        assert.deepEqual([np.podSelector.matchLabels["app.kubernetes.io/component"], np.policyTypes, np.ingress], ["failover", ["Ingress"], []]);
    });

    it("the policy pack finds no mandatory violation", async () => {
        const resources = r.map(x => ({ type: x.type, name: x.name, props: x.inputs ?? {}, parent: x.parent || undefined,
            urn: `urn:pulumi:prod::postgres-k8s::${x.type}::${x.name}` }));
        assert.deepEqual(mandatory(await runPack(resources, packConfig("prod"))), []);
    });

    it("is off by default", async () => {
        const dev = await runStack("dev");
        assert.equal(ofType(dev, "kubernetes:apps/v1:Deployment").length, 0);
    });
});
