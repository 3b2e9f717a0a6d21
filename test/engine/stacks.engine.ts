/**
 * The real Pulumi engine end to end: the CLI v3.248.0, Pulumi's Node.js language host and the
 * kubernetes 4.25.0 / random 4.21.1 providers (all built by scripts/tools-build.sh) run this
 * program per stack against the local control plane (scripts/cluster-up.sh; kwok nodes mark
 * the pods Ready, so the provider's await logic completes), with the local file backend, the
 * passphrase secrets provider and the policy pack with the stack's policy config.
 * Every assertion is on what the CLI printed or on what the API server holds.
 */
import { strict as assert } from "assert";
import { clusterDown, clusterUp, getJson, kubectl } from "../helpers/kube";
import { buildPulumiTools, CliResult, pluginWarnings, previewSteps, PulumiWorkspace } from "../helpers/pulumi-cli";
import { StackName } from "../helpers/stack-config";

interface StackCase {
    namespace: string;
    instances: number;
    /** Pulumi.prod.yaml names the classes of the user's cluster; here, those of scripts/cluster-up.sh. */
    localConfig: Record<string, string>;
    /** Policy config for the stack (policies/config/<stack>.json) and protect on data (prod). */
    protectData: boolean;
}

const stacks: Record<StackName, StackCase> = {
    dev: { namespace: "postgres-dev", instances: 2, localConfig: {}, protectData: false },
    prod: {
        namespace: "postgres-prod", instances: 3, protectData: true,
        localConfig: { storageClassName: "local-storage", backupStorageClassName: "shared" },
    },
};

const k8sType = {
    ns: "kubernetes:core/v1:Namespace",
    sts: "kubernetes:apps/v1:StatefulSet",
    svc: "kubernetes:core/v1:Service",
    secret: "kubernetes:core/v1:Secret",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    password: "random:index/randomPassword:RandomPassword",
};

function noPluginWarnings(r: CliResult): void {
    for (const w of pluginWarnings) assert.doesNotMatch(r.output, w, `pulumi ${r.args.join(" ")} printed a plugin warning`);
}

function secretValue(namespace: string, name: string, key: string): string {
    const s = getJson(["-n", namespace, "get", "secret", name]);
    return Buffer.from(s.data[key], "base64").toString("utf8");
}

/** Ops of a preview by resource type, for the custom resources (components and the stack are "same" or absent). */
function opsByType(steps: { op: string; type: string }[]): Map<string, Set<string>> {
    const m = new Map<string, Set<string>>();
    for (const s of steps) {
        if (!s.type.includes(":") || s.type.startsWith("postgres-k8s:") || s.type.startsWith("pulumi:")) continue;
        if (!m.has(s.type)) m.set(s.type, new Set());
        m.get(s.type)!.add(s.op);
    }
    return m;
}

describe("engine: pulumi preview / up / destroy of the program on the local cluster", function () {
    this.timeout(60 * 60_000);
    let ws: PulumiWorkspace;

    before(async () => {
        buildPulumiTools();
        clusterUp();
        ws = await PulumiWorkspace.create();
    });
    after(() => {
        clusterDown();
        ws?.remove();
    });

    for (const stack of ["dev", "prod"] as StackName[]) {
        const c = stacks[stack];
        describe(stack, () => {
            const preview = (...extra: string[]) => ws.run(["preview", "-s", stack, ...ws.policyArgs(stack), ...extra]);
            /** Sets KEY for one check and puts the stack's own value back afterwards. */
            async function withConfig<T>(key: string, value: string, f: () => Promise<T>): Promise<T> {
                const before = await ws.run(["config", "get", "-s", stack, `postgres-k8s:${key}`]);
                await ws.configSet(stack, key, value);
                try {
                    return await f();
                } finally {
                    if (before.status === 0) await ws.configSet(stack, key, before.stdout.trim());
                    else await ws.must(["config", "rm", "-s", stack, `postgres-k8s:${key}`]);
                }
            }

            before(async () => {
                await ws.stackInit(stack);
                for (const [k, v] of Object.entries(c.localConfig)) await ws.configSet(stack, k, v);
            });

            it("preview with the policy pack and the stack's policy config plans every create, without plugin warnings", async () => {
                const r = await preview("--json");
                assert.equal(r.status, 0, r.output);
                noPluginWarnings(r);
                const { steps, summary } = previewSteps(r);
                const ops = opsByType(steps);
                for (const t of [k8sType.ns, k8sType.sts, k8sType.svc, k8sType.secret, k8sType.pdb, k8sType.password]) {
                    assert.deepEqual([...(ops.get(t) ?? [])], ["create"], `${t}: ${[...(ops.get(t) ?? [])]}`);
                }
                assert.equal(steps.filter(s => s.type === k8sType.svc).length, 3);
                assert.equal(steps.filter(s => s.type === k8sType.password).length, 3);
                assert.equal(summary.create, steps.filter(s => s.op === "create").length);
                assert.ok(steps.every(s => s.op === "create"), steps.filter(s => s.op !== "create").map(s => `${s.op} ${s.urn}`).join("\n"));
            });

            it("up: the objects exist on the API server as the stack outputs say, made by the matched providers", async () => {
                const r = await ws.run(["up", "--yes", "-s", stack, ...ws.policyArgs(stack)]);
                assert.equal(r.status, 0, r.output);
                noPluginWarnings(r);
                const out = await ws.outputs(stack);
                assert.equal(out.namespace, c.namespace);
                assert.equal(out.appPassword, "[secret]");
                getJson(["get", "namespace", out.namespace]);
                for (const host of [out.readWriteHost, out.readOnlyHost]) {
                    const [svc, ns] = String(host).split(".");
                    assert.equal(ns, c.namespace, host);
                    const s = getJson(["-n", ns, "get", "service", svc]);
                    assert.ok(s.spec.ports.some((p: any) => p.port === out.port), `${host} serves port ${out.port}`);
                    assert.equal(s.spec.type, "ClusterIP");
                }
                const app = getJson(["-n", c.namespace, "get", "secret", out.appSecretName]);
                assert.equal(app.type, "kubernetes.io/basic-auth");
                assert.equal(Buffer.from(app.data.username, "base64").toString(), out.appUser);
                const sts = getJson(["-n", c.namespace, "get", "statefulset", "pg"]);
                assert.equal(sts.spec.replicas, c.instances);
                assert.equal(sts.status.readyReplicas, c.instances, "the provider awaited the rollout");
                const claims = getJson(["-n", c.namespace, "get", "pvc"]).items;
                assert.ok(claims.length >= c.instances && claims.every((p: any) => p.status.phase === "Bound"),
                    claims.map((p: any) => `${p.metadata.name}=${p.status.phase}`).join(" "));
                getJson(["-n", c.namespace, "get", "poddisruptionbudget", "pg"]);
                getJson(["-n", c.namespace, "get", "networkpolicy", "pg"]);
                // The provider entries in the state carry the versions of the plugins that ran.
                const state = JSON.parse((await ws.must(["stack", "export", "-s", stack])).stdout);
                const providers = state.deployment.resources.filter((x: any) => x.type.startsWith("pulumi:providers:"));
                const versions = Object.fromEntries(providers.map((p: any) => [p.type.replace("pulumi:providers:", ""), p.inputs.version]));
                assert.deepEqual(versions, { kubernetes: "4.25.0", random: "4.21.1" });
            });

            it("preview --expect-no-changes right after up: no perpetual diff", async () => {
                const r = await preview("--expect-no-changes", "--diff");
                assert.equal(r.status, 0, r.output);
                noPluginWarnings(r);
            });

            it("no generated password is in the state in plaintext; stack output --show-secrets appPassword is the Secret's", async () => {
                const exported = (await ws.must(["stack", "export", "-s", stack])).stdout;
                for (const role of ["superuser", "replication", "app"]) {
                    const password = secretValue(c.namespace, `pg-${role}`, "password");
                    assert.ok(password.length >= 16, `pg-${role} holds a generated password`);
                    assert.ok(!exported.includes(password), `pg-${role}'s password is in the exported state`);
                    assert.ok(!exported.includes(Buffer.from(password).toString("base64")), `pg-${role}'s password is in the state as base64`);
                }
                const shown = await ws.must(["stack", "output", "-s", stack, "--show-secrets", "appPassword"]);
                assert.equal(shown.stdout.trim(), secretValue(c.namespace, "pg-app", "password"));
            });

            it("a storageSize change (immutable volumeClaimTemplates) previews as a replace of the StatefulSet and nothing else", async () => {
                const r = await withConfig("storageSize", "3Gi", () => preview("--json"));
                if (c.protectData) {
                    // prod: the StatefulSet is protected, so the engine refuses to plan its replacement.
                    assert.notEqual(r.status, 0, r.output);
                    assert.match(r.output, /pg-cluster-statefulset[\s\S]*protect/);
                    return;
                }
                // The plan: one replace, of the StatefulSet, for the immutable claim template. The
                // provider then dry-runs the replacement against the existing object, which the API
                // server refuses during preview (pulumi-kubernetes 4.25.0 behaviour for a named object
                // replaced in place; `up` deletes before it replaces): the preview exits 1 with that
                // one error and no other.
                const { steps, summary, diagnostics } = previewSteps(r);
                const changed = steps.filter(s => s.op !== "same");
                assert.deepEqual(changed.map(s => `${s.op} ${s.type} ${s.name}`), [`replace ${k8sType.sts} pg-cluster-statefulset`]);
                // --json lists the changed steps; the summary counts the unchanged ones too.
                assert.deepEqual(Object.keys(summary).sort(), ["replace", "same"], JSON.stringify(summary));
                assert.equal(summary.replace, 1);
                const reasons = JSON.parse(r.stdout).steps.find((s: any) => s.op === "replace").replaceReasons;
                assert.deepEqual(reasons, ["spec.volumeClaimTemplates[0].spec.resources.requests.storage"]);
                const errors = diagnostics.filter((d: any) => d.severity === "error" && !/^error: preview failed/.test(d.message));
                assert.ok(errors.every((d: any) => /Forbidden: updates to statefulset spec for fields other than/.test(d.message)),
                    errors.map((d: any) => d.message).join("\n"));
            });

            it("a clusterName change previews as a rename: every named object created anew and the old one deleted", async () => {
                const r = await withConfig("clusterName", "pg2", () => preview("--json"));
                if (c.protectData) {
                    // prod: deleting the protected passwords, Secrets and StatefulSet is refused.
                    assert.notEqual(r.status, 0, r.output);
                    assert.match(r.output, /protect/);
                    return;
                }
                assert.equal(r.status, 0, r.output);
                const changed = previewSteps(r).steps.filter(s => s.op !== "same" && !s.type.startsWith("pulumi:"));
                assert.ok(changed.every(s => s.op === "create" || s.op === "delete"), changed.map(s => `${s.op} ${s.name}`).join("\n"));
                const created = changed.filter(s => s.op === "create").map(s => s.name.replace(/^pg2/, "")).sort();
                const deleted = changed.filter(s => s.op === "delete").map(s => s.name.replace(/^pg/, "")).sort();
                assert.ok(created.length > 10);
                assert.deepEqual(created, deleted);
            });

            it(`pdbMaxUnavailable ${c.instances} (every member) is refused at preview by name`, async () => {
                const r = await withConfig("pdbMaxUnavailable", String(c.instances), () => ws.run(["preview", "-s", stack]));
                assert.notEqual(r.status, 0, r.output);
                assert.ok(r.output.includes(`error: Invalid config postgres-k8s:pdbMaxUnavailable = ${c.instances}; allowed: at most instances - 1 (${c.instances - 1})`), r.output);
            });

            // The stacks' budget is 1: with two instances (dev) no other value is allowed.
            if (c.instances > 2) {
                it("a pdbMaxUnavailable change previews as an in-place update of the PodDisruptionBudget and nothing else", async () => {
                    const r = await withConfig("pdbMaxUnavailable", String(c.instances - 1), () => preview("--json"));
                    assert.equal(r.status, 0, r.output);
                    const changed = previewSteps(r).steps.filter(s => s.op !== "same");
                    assert.deepEqual(changed.map(s => `${s.op} ${s.type} ${s.name}`), [`update ${k8sType.pdb} pg-cluster-pdb`]);
                });
            }

            it("serviceType LoadBalancer: preview fails with the policy's mandatory message and up applies nothing", async () => {
                const before = JSON.parse((await ws.must(["stack", "export", "-s", stack])).stdout).deployment.resources.length;
                const [p, u] = await withConfig("serviceType", "LoadBalancer", async () =>
                    [await preview(), await ws.run(["up", "--yes", "-s", stack, ...ws.policyArgs(stack)])]);
                for (const r of [p, u]) {
                    assert.notEqual(r.status, 0, r.output);
                    assert.match(r.output, /mandatory/);
                    assert.match(r.output, /postgres-k8s-service-disallow-public-exposure/);
                    assert.match(r.output, /The Service exposes PostgreSQL outside the cluster network \([^)]*LoadBalancer[^)]*\); use a ClusterIP Service\./);
                }
                for (const svc of ["pg-rw", "pg-ro"]) {
                    assert.equal(getJson(["-n", c.namespace, "get", "service", svc]).spec.type, "ClusterIP");
                }
                const after = JSON.parse((await ws.must(["stack", "export", "-s", stack])).stdout).deployment.resources.length;
                assert.equal(after, before);
            });

            it("a bad config value: one clean line naming key, value and what is allowed, no stack trace", async () => {
                const r = await withConfig("instances", "0", () => ws.run(["preview", "-s", stack]));
                assert.notEqual(r.status, 0, r.output);
                const line = "Invalid config postgres-k8s:instances = 0; allowed: an integer from 1 to 15.";
                // The diagnostics hold exactly that one error line (the progress row echoes it once).
                const diagnostics = r.output.slice(r.output.indexOf("Diagnostics:"));
                assert.deepEqual(diagnostics.split("\n").filter(l => /error:/.test(l)).map(l => l.trim()), [`error: ${line}`], r.output);
                assert.doesNotMatch(r.output, /^\s+at /m, "a stack frame was printed");
                assert.doesNotMatch(r.output, /unhandled exception|ConfigError/, r.output);
            });

            if (c.protectData) {
                it("destroy is refused by protect, and the data-bearing objects stay", async () => {
                    const r = await ws.run(["destroy", "--yes", "-s", stack]);
                    assert.notEqual(r.status, 0, r.output);
                    assert.match(r.output, /protected/);
                    assert.equal(getJson(["-n", c.namespace, "get", "statefulset", "pg"]).spec.replicas, c.instances);
                    for (const role of ["superuser", "replication", "app"]) getJson(["-n", c.namespace, "get", "secret", `pg-${role}`]);
                    getJson(["-n", c.namespace, "get", "pvc", "pg-backup"]);
                });
            } else {
                it("destroy removes the cluster's objects and keeps what the README says is retained (namespace, data claims)", async () => {
                    const claimsBefore = getJson(["-n", c.namespace, "get", "pvc"]).items.map((p: any) => p.metadata.name).sort();
                    const r = await ws.run(["destroy", "--yes", "-s", stack]);
                    assert.equal(r.status, 0, r.output);
                    noPluginWarnings(r);
                    for (const [kind, name] of [["statefulset", "pg"], ["service", "pg-rw"], ["service", "pg-ro"], ["service", "pg-hl"],
                        ["secret", "pg-app"], ["secret", "pg-superuser"], ["secret", "pg-replication"], ["configmap", "pg-config"],
                        ["configmap", "pg-scripts"], ["poddisruptionbudget", "pg"], ["networkpolicy", "pg"], ["role", "pg-instance"],
                        ["rolebinding", "pg-instance"], ["serviceaccount", "pg-instance"]]) {
                        const g = kubectl(["-n", c.namespace, "get", kind, name]);
                        assert.notEqual(g.status, 0, `${kind}/${name} still exists`);
                    }
                    assert.equal(getJson(["get", "namespace", c.namespace]).status.phase, "Active");
                    const claimsAfter = getJson(["-n", c.namespace, "get", "pvc"]).items.map((p: any) => p.metadata.name).sort();
                    assert.deepEqual(claimsAfter, claimsBefore);
                    assert.ok(claimsAfter.length >= c.instances);
                    const state = JSON.parse((await ws.must(["stack", "export", "-s", stack])).stdout);
                    assert.deepEqual(state.deployment.resources ?? [], []);
                });
            }
        });
    }
});
