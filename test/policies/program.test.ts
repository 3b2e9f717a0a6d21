/**
 * The whole program under mocks, for dev and prod, through the whole pack with that stack's
 * policy config: no mandatory violation, and an exposed Service or a missing anti-affinity
 * term in the program's own output is caught.
 */
import * as assert from "assert";
import { TestResource } from "../helpers/policy";
import { mandatory, packConfig, PackResult, runPack, toPolicyResources } from "../helpers/policyPack";
import { runStack } from "../helpers/stack";

const STATEFULSET = "kubernetes:apps/v1:StatefulSet";
const SERVICE = "kubernetes:core/v1:Service";

/** The database StatefulSet: the one whose pods carry the cluster label. */
function databaseStatefulSet(resources: TestResource[]): TestResource {
    const found = resources.filter(r => r.type === STATEFULSET && r.props.spec?.template?.metadata?.labels?.["postgres-k8s.io/cluster"]
        && (r.props.spec?.replicas ?? 1) > 1);
    assert.strictEqual(found.length, 1, `database StatefulSets: ${found.map(r => r.name).join(", ")}`);
    return found[0];
}

for (const stack of ["dev", "prod"] as const) {
    describe(`the pack over the ${stack} program under mocks`, () => {
        let resources: TestResource[];
        let result: PackResult;

        before(async () => {
            resources = toPolicyResources(stack, await runStack(stack));
            result = await runPack(resources, packConfig(stack));
        });

        it("registers Kubernetes resources for the pack to judge", () => {
            assert.ok(resources.filter(r => r.type.startsWith("kubernetes:")).length >= 8, resources.map(r => r.type).join("\n"));
        });

        it("has no mandatory violation", () => {
            assert.deepStrictEqual(mandatory(result), []);
        });

        it("runs every policy to completion (no unknown values under mocks)", () => {
            assert.deepStrictEqual(result.unknowns, []);
        });

        it("catches the program's read-write Service made a LoadBalancer", async () => {
            const changed = JSON.parse(JSON.stringify(resources)) as TestResource[];
            const rw = changed.find(r => r.type === SERVICE && /-rw$/.test(r.props.metadata?.name ?? ""));
            assert.ok(rw, "no -rw Service");
            rw.props.spec.type = "LoadBalancer";
            assert.deepStrictEqual(mandatory(await runPack(changed, packConfig(stack))), [
                "postgres-k8s-service-disallow-public-exposure: The Service exposes PostgreSQL outside the cluster network (type LoadBalancer); use a ClusterIP Service."]);
        });

        it("catches the program's StatefulSet without its anti-affinity term", async () => {
            const changed = JSON.parse(JSON.stringify(resources)) as TestResource[];
            const sts = databaseStatefulSet(changed);
            delete sts.props.spec.template.spec.affinity;
            assert.deepStrictEqual(mandatory(await runPack(changed, packConfig(stack))), [
                `postgres-k8s-workload-enforce-pod-anti-affinity: ${sts.props.spec.replicas} replicas, but the pod template has no pod anti-affinity term on "kubernetes.io/hostname" that selects its own pods.`]);
        });
    });
}

describe("the pack over the prod program with a point-in-time recovery instance", () => {
    it("has no mandatory violation: the recovery instance has its NetworkPolicy and the named StorageClass", async () => {
        const registered = await runStack("prod", { restoreFrom: "latest", restoreTargetTime: "2026-01-01T00:00:00Z" });
        const result = await runPack(toPolicyResources("prod", registered), packConfig("prod"));
        assert.deepStrictEqual(mandatory(result), []);
    });

    it("without its NetworkPolicy the recovery instance is caught", async () => {
        const registered = (await runStack("prod", { restoreFrom: "latest", restoreTargetTime: "2026-01-01T00:00:00Z" }))
            .filter(r => !(r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.inputs.metadata.name === "pg-restore"));
        const result = await runPack(toPolicyResources("prod", registered), packConfig("prod"));
        assert.deepStrictEqual(mandatory(result), [
            'postgres-k8s-stack-enforce-network-policy: No NetworkPolicy restricts ingress to the pods of StatefulSet "postgres-prod/pg-restore".',
        ]);
    });
});
