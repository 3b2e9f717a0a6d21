/**
 * The cnpg topology against the real CloudNativePG 1.30.0 operator on a real control plane
 * (kube-apiserver, controller-manager, scheduler, etcd; kwok plays the kubelets, so no container
 * runs). The program runs for real under mocks to produce its objects for the dev and prod
 * stacks; the API server admits them through the operator's own webhooks (defaulting and
 * validation) and the real CRDs of CloudNativePG 1.30.0, plugin-barman-cloud 0.15.0 and
 * prometheus-operator; then the operator reconciles the program's Cluster as far as simulated
 * pods allow: up to the first instance, whose status it cannot reach over HTTPS.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { clusterDown, clusterUp, getJson, kubectl, mustKubectl } from "../helpers/kube";
import { KubeObject, renderStack } from "../helpers/manifests";
import { StackName } from "../helpers/stack-config";
import { applyServerSide, buildOperator, namesOf, Operator } from "./operator";
import { cnpgStackOverrides } from "./stacks";
import { eventually } from "../helpers/eventually";


/** A server-side dry-run create: what admission (webhooks included) makes of an object. */
function dryRun(object: object): { status: number; stdout: string; stderr: string } {
    return kubectl(["create", "--dry-run=server", "-o", "json", "-f", "-"], { input: JSON.stringify(object) });
}

/** The operator comes from the module, not the chart; prod's classes are the local cluster's. */
const tierOverrides: Record<StackName, Record<string, unknown>> = {
    dev: { installOperator: false },
    prod: { installOperator: false, storageClassName: "local-storage" },
};

const expectedObjects: Record<StackName, string[]> = {
    dev: ["Cluster/pg", "Namespace/postgres-dev", "NetworkPolicy/pg", "NetworkPolicy/pg-poolers", "Pooler/pg-pooler-rw", "Secret/pg-app", "Secret/pg-superuser"],
    prod: ["Cluster/pg", "Namespace/postgres-prod", "NetworkPolicy/pg", "NetworkPolicy/pg-poolers", "ObjectStore/pg-backup", "PodMonitor/pg",
        "Pooler/pg-pooler-ro", "Pooler/pg-pooler-rw", "ScheduledBackup/pg-backup", "Secret/pg-app", "Secret/pg-superuser"],
};

const probeCluster = (namespace: string, spec: object) => ({
    apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster",
    metadata: { name: "probe", namespace },
    spec: { instances: 1, storage: { size: "1Gi" }, ...spec },
});

describe("cnpg: the program's objects and the real CloudNativePG 1.30.0 operator", function () {
    this.timeout(30 * 60_000);
    let tmp: string;
    let operator: Operator;
    const rendered: Partial<Record<StackName, KubeObject[]>> = {};

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-cnpg-"));
        buildOperator();
        clusterUp();
        operator = await Operator.start(tmp);
    });
    after(async () => {
        if (operator) await operator.stop();
        clusterDown();
        fs.rmSync(tmp, { recursive: true, force: true });
    });
    afterEach(function () {
        if (this.currentTest?.state === "failed" && operator) console.log(`operator log (tail):\n${operator.tail(20)}`);
    });

    it("the operator serves its webhooks and the API server calls them: defaulting and validation run on admission", () => {
        mustKubectl(["create", "namespace", "webhook-probe"]);
        const defaulted = dryRun(probeCluster("webhook-probe", { imageName: "docker.io/library/postgres:15.19-bookworm" }));
        assert.strictEqual(defaulted.status, 0, defaulted.stderr);
        // Filled in by the mutating webhook's defaulter (the CRD schema has no such default).
        assert.deepStrictEqual(JSON.parse(defaulted.stdout).spec.bootstrap.initdb, {
            database: "app", owner: "app", encoding: "UTF8", localeCType: "C", localeCollate: "C" });
        assert.ok(operator.entries().some(e => e.msg === "Defaulting for Cluster" && e.name === "probe"), "the webhook call is in the operator's log");
        const refused = dryRun(probeCluster("webhook-probe", { imageName: "docker.io/library/postgres:latest" }));
        assert.notStrictEqual(refused.status, 0);
        assert.match(refused.stderr, /spec\.imageName: Invalid value: "docker\.io\/library\/postgres:latest": Can't use 'latest' as image tag/);
        const backup = (schedule: string) => dryRun({
            apiVersion: "postgresql.cnpg.io/v1", kind: "ScheduledBackup", metadata: { name: "probe", namespace: "webhook-probe" },
            spec: { cluster: { name: "probe" }, schedule, method: "plugin", pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" } },
        });
        assert.match(backup("0 0 3 * * * *").stderr, /spec\.schedule: Invalid value: "0 0 3 \* \* \* \*": Expected 5 to 6 fields, found 7/);
        // A CronJob-style schedule only earns a warning (it would run at minute 3 of every hour):
        // why config validation accepts six fields only.
        const five = backup("0 3 * * *");
        assert.strictEqual(five.status, 0, five.stderr);
        assert.match(five.stderr, /Schedule parameter may not have the right number of arguments \(usually six arguments are needed\)/);
    });

    for (const stack of ["dev", "prod"] as StackName[]) {
        it(`${stack}: every object the program renders is admitted (CRD schemas, CEL rules and the operator's webhooks)`, async () => {
            const { objects } = await renderStack(stack, cnpgStackOverrides(stack, tierOverrides[stack]));
            rendered[stack] = objects;
            applyServerSide(objects.filter(o => o.kind === "Namespace"), "postgres-k8s-cnpg-tier");
            const out = applyServerSide(objects.filter(o => o.kind !== "Namespace"), "postgres-k8s-cnpg-tier");
            assert.deepStrictEqual(objects.map(o => `${o.kind}/${o.metadata.name}`).sort(), expectedObjects[stack]);
            for (const o of objects.filter(x => x.kind !== "Namespace")) {
                assert.match(out, new RegExp(`^${o.kind.toLowerCase()}(\\.[a-z0-9.]+)?/${o.metadata.name} serverside-applied$`, "m"), `${o.kind}/${o.metadata.name}`);
            }
        });
    }

    it("dev: the operator reconciles the program's Cluster up to the first instance, then cannot reach its status over HTTPS", async () => {
        const ns = "postgres-dev";
        const status = await eventually("the status call to pg-1 to fail", () => {
            const c = getJson(["-n", ns, "get", "cluster", "pg"]);
            return c.status?.phase === "Instance Status Extraction Error: HTTP communication issue" ? c.status : undefined;
        });
        assert.match(status.phaseReason, /unable to receive the status from all the ready instances/);
        // Exactly what it created so far, besides the program's own Secrets, Pooler and NetworkPolicies.
        assert.deepStrictEqual(namesOf(ns, "secrets"), ["Secret/pg-app", "Secret/pg-ca", "Secret/pg-pooler", "Secret/pg-replication", "Secret/pg-server", "Secret/pg-superuser"]);
        assert.deepStrictEqual(namesOf(ns, "services"), ["Service/pg-pooler-rw", "Service/pg-r", "Service/pg-ro", "Service/pg-rw"]);
        assert.deepStrictEqual(namesOf(ns, "poddisruptionbudgets"), ["PodDisruptionBudget/pg-primary"]);
        assert.deepStrictEqual(namesOf(ns, "persistentvolumeclaims"), ["PersistentVolumeClaim/pg-1"]);
        assert.deepStrictEqual(namesOf(ns, "jobs"), ["Job/pg-1-initdb"]);
        assert.deepStrictEqual(namesOf(ns, "serviceaccounts,roles,rolebindings,leases").filter(n => !n.endsWith("/default")),
            ["Lease/pg", "Role/pg", "Role/pg-pooler-rw", "RoleBinding/pg", "RoleBinding/pg-pooler-rw", "ServiceAccount/pg", "ServiceAccount/pg-pooler-rw"]);
        const instances = getJson(["-n", ns, "get", "pods", "-l", "cnpg.io/podRole=instance"]).items;
        assert.deepStrictEqual(instances.map((p: any) => p.metadata.name), ["pg-1"], "no second instance: the operator waits for pg-1's status");

        const claim = getJson(["-n", ns, "get", "pvc", "pg-1"]);
        assert.deepStrictEqual([claim.status.phase, claim.spec.resources.requests.storage], ["Bound", "2Gi"]);
        const job = getJson(["-n", ns, "get", "job", "pg-1-initdb"]);
        assert.strictEqual(job.status.succeeded, 1);
        assert.deepStrictEqual(job.spec.template.spec.containers[0].command.slice(0, 3), ["/controller/manager", "instance", "init"]);
        assert.deepStrictEqual(job.spec.template.spec.containers[0].command.slice(5, 9), ["--app-db-name", "app", "--app-user", "app"]);

        // The pod carries what the program asked for: image, uid, resources, anti-affinity, labels.
        const pod = instances[0];
        assert.strictEqual(pod.spec.containers[0].image, "docker.io/library/postgres:15.19-bookworm");
        assert.deepStrictEqual([pod.spec.securityContext.runAsUser, pod.spec.securityContext.fsGroup], [999, 999]);
        assert.deepStrictEqual(pod.spec.containers[0].resources, { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
        assert.deepStrictEqual(pod.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey, "kubernetes.io/hostname");
        assert.strictEqual(pod.metadata.labels["postgres-k8s.io/cluster"], "pg");
        // The operator calls the instance manager at https://<pod IP>:8000; a kwok pod has none.
        const url = `https://${pod.status.podIP}:8000/pg/status`;
        assert.ok(operator.entries().some(e => e.msg === "Cannot extract Pod status" && e.podName === "pg-1" && String(e.error).includes(url)),
            `the operator logged its failed call to ${url}`);
    });

    it("prod: with WAL archiving through the Barman Cloud plugin, the operator waits for the plugin (not running here)", async () => {
        const status = await eventually("the plugin check", () => {
            const c = getJson(["-n", "postgres-prod", "get", "cluster", "pg"]);
            return /unknown plugin/.test(c.status?.phase ?? "") ? c.status : undefined;
        });
        assert.match(status.phaseReason, /Unknown plugin: 'barman-cloud\.cloudnative-pg\.io'/);
        assert.deepStrictEqual(namesOf("postgres-prod", "persistentvolumeclaims,jobs"), []);
    });
});
