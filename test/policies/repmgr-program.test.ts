/**
 * The policy pack over the prod program with `topology: repmgr`: pgpool is a database workload to
 * the pack (exposure, anti-affinity, probes, resources, PDB, NetworkPolicy), and the program's
 * own output passes; a pgpool made public, without anti-affinity, probes or resources is caught.
 */
import * as assert from "assert";
import { TestResource } from "../helpers/policy";
import { mandatory, packConfig, PackResult, runPack } from "../helpers/policyPack";
import { runStack } from "../helpers/stack";

const repmgr = { topology: "repmgr", image: "registry.example/postgres-k8s-repmgr:15.18-5.3.3-4.3.5", restoreDrill: "" };

describe("the pack over the prod program with topology repmgr", () => {
    let resources: TestResource[];
    let result: PackResult;
    const pgpool = (rs: TestResource[]) => rs.find(r => r.type === "kubernetes:apps/v1:Deployment" && r.props.metadata.name === "pg-pgpool")!;

    before(async () => {
        resources = (await runStack("prod", repmgr)).map(r => ({
            type: r.type, name: r.name, props: r.inputs ?? {}, parent: r.parent || undefined,
            urn: `urn:pulumi:prod::postgres-k8s::${r.type}::${r.name}`,
        }));
        result = await runPack(resources, packConfig("prod"));
    });

    it("has no mandatory violation and every policy ran", () => {
        assert.ok(pgpool(resources), "no pgpool Deployment");
        assert.deepStrictEqual(mandatory(result), []);
        assert.deepStrictEqual(result.unknowns, []);
    });

    it("catches pgpool's read-write Service made a LoadBalancer", async () => {
        const changed = JSON.parse(JSON.stringify(resources)) as TestResource[];
        changed.find(r => r.type === "kubernetes:core/v1:Service" && r.props.metadata.name === "pg-rw")!.props.spec.type = "LoadBalancer";
        assert.deepStrictEqual(mandatory(await runPack(changed, packConfig("prod"))), [
            "postgres-k8s-service-disallow-public-exposure: The Service exposes PostgreSQL outside the cluster network (type LoadBalancer); use a ClusterIP Service."]);
    });

    it("catches pgpool without anti-affinity, probes and resources", async () => {
        const changed = JSON.parse(JSON.stringify(resources)) as TestResource[];
        const spec = pgpool(changed).props.spec.template.spec;
        delete spec.affinity;
        delete spec.containers[0].readinessProbe;
        delete spec.containers[0].livenessProbe;
        delete spec.containers[0].resources;
        const found = mandatory(await runPack(changed, packConfig("prod"))).map(m => m.split(":")[0]).sort();
        assert.ok(found.includes("postgres-k8s-workload-enforce-pod-anti-affinity"), found.join("\n"));
        assert.ok(found.includes("postgres-k8s-workload-configure-resources"), found.join("\n"));
        const all = (await runPack(changed, packConfig("prod"))).violations.map(v => v.policy);
        assert.ok(all.includes("postgres-k8s-workload-configure-probes"), all.join("\n"));
    });
});
