/**
 * The cnpg topology through the real Pulumi engine: the dev and prod stacks switched to
 * `topology: cnpg` (test/cnpg/stacks.ts) are previewed with the policy pack, deployed with
 * `pulumi up` onto the local control plane, where the real CloudNativePG 1.30.0 operator (built
 * from its module, run as a host process with its webhooks registered, test/cnpg/operator.ts)
 * defaults, validates and reconciles them, then previewed again with --expect-no-changes (no
 * perpetual diff from what the webhooks fill in), and dev is destroyed (its Cluster retained). The operator comes from
 * the module, not the chart's Helm release, which needs the chart repository on the network:
 * `installOperator: false`, as for clusters that already run it.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { clusterDown, clusterUp, getJson, kubectl } from "../helpers/kube";
import { buildPulumiTools, PulumiWorkspace } from "../helpers/pulumi-cli";
import { StackName } from "../helpers/stack-config";
import { buildOperator, namesOf, Operator } from "../cnpg/operator";
import { cnpgStackOverrides } from "../cnpg/stacks";
import { eventually } from "../helpers/eventually";

const namespaces: Record<StackName, string> = { dev: "postgres-dev", prod: "postgres-prod" };
const localConfig: Record<StackName, Record<string, unknown>> = {
    dev: { installOperator: false },
    prod: { installOperator: false, storageClassName: "local-storage" },
};

function secretValue(namespace: string, name: string, key: string): string {
    return Buffer.from(getJson(["-n", namespace, "get", "secret", name]).data[key], "base64").toString("utf8");
}

describe("engine: the cnpg topology, pulumi preview / up / destroy with the real operator", function () {
    this.timeout(60 * 60_000);
    let ws: PulumiWorkspace;
    let operator: Operator;
    let tmp: string;

    before(async () => {
        buildPulumiTools();
        buildOperator();
        clusterUp();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-cnpg-engine-"));
        operator = await Operator.start(tmp);
        ws = await PulumiWorkspace.create("pgk8s-cnpg-engine-");
    });
    after(async () => {
        if (operator) await operator.stop();
        clusterDown();
        ws?.remove();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    for (const stack of ["dev", "prod"] as StackName[]) {
        const namespace = namespaces[stack];
        describe(stack, () => {
            const preview = (...extra: string[]) => ws.run(["preview", "-s", stack, ...ws.policyArgs(stack), ...extra]);

            before(async () => {
                await ws.stackInit(stack);
                for (const [k, v] of Object.entries({ ...cnpgStackOverrides(stack), ...localConfig[stack] })) {
                    if (v === undefined) await ws.must(["config", "rm", "-s", stack, `postgres-k8s:${k}`]);
                    else await ws.configSet(stack, k, String(v));
                }
            });

            it("preview with the policy pack plans a Cluster, its Secrets and Poolers, and nothing of the self-managed topologies", async () => {
                const r = await preview("--json");
                assert.equal(r.status, 0, r.output);
                const types = new Set(JSON.parse(r.stdout).steps.map((s: any) => s.newState?.type ?? s.oldState?.type));
                for (const t of ["kubernetes:postgresql.cnpg.io/v1:Cluster", "kubernetes:postgresql.cnpg.io/v1:Pooler", "kubernetes:core/v1:Secret"]) {
                    assert.ok(types.has(t), `${t} is not planned: ${[...types].join(", ")}`);
                }
                assert.ok(!types.has("kubernetes:apps/v1:StatefulSet"), "a StatefulSet is planned under cnpg");
            });

            it("up: the operator admits and reconciles the Cluster; the outputs have the shape of every topology", async () => {
                const r = await ws.run(["up", "--yes", "-s", stack, ...ws.policyArgs(stack)]);
                assert.equal(r.status, 0, r.output);
                const out = await ws.outputs(stack);
                assert.equal(out.namespace, namespace);
                assert.equal(out.port, 5432);
                assert.equal(out.appPassword, "[secret]");
                const cluster = getJson(["-n", namespace, "get", "cluster.postgresql.cnpg.io", "pg"]);
                assert.equal(cluster.spec.bootstrap.initdb.secret.name, out.appSecretName);
                assert.equal(getJson(["-n", namespace, "get", "secret", out.appSecretName]).type, "kubernetes.io/basic-auth");
                // The hosts name Services the operator makes as it reconciles the Cluster. prod's
                // Cluster names the Barman Cloud plugin, which cannot be built here (docs/cnpg.md),
                // and the operator makes nothing for a Cluster whose plugin does not answer.
                for (const host of [out.readWriteHost, out.readOnlyHost]) {
                    const [svc, ns] = String(host).split(".");
                    assert.equal(ns, namespace, host);
                    if (stack === "dev") {
                        await eventually(`Service ${svc} made by the operator`, () => (namesOf(namespace, "services").includes(`Service/${svc}`) ? true : undefined));
                    }
                }
                if (stack === "prod") {
                    await eventually("the operator to stop at the missing Barman Cloud plugin", () => {
                        const status = getJson(["-n", namespace, "get", "cluster.postgresql.cnpg.io", "pg"]).status ?? {};
                        return /Unknown plugin: 'barman-cloud\.cloudnative-pg\.io'/.test(status.phaseReason ?? "") ? true : undefined;
                    });
                }
            });

            it("preview --expect-no-changes right after up: nothing the webhooks or the operator filled in shows as a diff", async () => {
                const r = await preview("--expect-no-changes", "--diff");
                assert.equal(r.status, 0, r.output);
            });

            it("no generated password is in the state in plaintext; --show-secrets appPassword is the Secret's", async () => {
                const exported = (await ws.must(["stack", "export", "-s", stack])).stdout;
                for (const secret of ["pg-superuser", "pg-app"]) {
                    const password = secretValue(namespace, secret, "password");
                    assert.ok(password.length >= 16, `${secret} holds a generated password`);
                    assert.ok(!exported.includes(password), `${secret}'s password is in the exported state`);
                }
                const shown = await ws.must(["stack", "output", "-s", stack, "--show-secrets", "appPassword"]);
                assert.equal(shown.stdout.trim(), secretValue(namespace, "pg-app", "password"));
            });

            if (stack === "dev") {
                it("destroy removes the Poolers, Secrets and NetworkPolicy and retains the Cluster (the operator would delete its claims with it)", async () => {
                    const r = await ws.run(["destroy", "--yes", "-s", stack]);
                    assert.equal(r.status, 0, r.output);
                    // The operator clears its finalizers after the delete: the objects go a moment later.
                    // The Pooler's Deployment goes too: deleted in the background, the Pooler is not
                    // there for the operator to recreate it from (specs/cnpg/pooler.ts).
                    for (const [kind, name] of [["pooler.postgresql.cnpg.io", "pg-pooler-rw"], ["deployment", "pg-pooler-rw"], ["secret", "pg-app"], ["secret", "pg-superuser"], ["networkpolicy", "pg"]]) {
                        await eventually(`${kind}/${name} to be gone`, () => (kubectl(["-n", namespace, "get", kind, name]).status !== 0 ? true : undefined), 120);
                    }
                    const cluster = getJson(["-n", namespace, "get", "cluster.postgresql.cnpg.io", "pg"]);
                    assert.equal(cluster.metadata.deletionTimestamp, undefined, "the Cluster is being deleted");
                });
            }
        });
    }
});
