/**
 * The README's main job, `npm run deploy -- dev`, as a newcomer without a kube context runs it:
 * it must start a local cluster of its own, deploy the stack with the real CLI and the policy
 * pack, and print how to connect. Runs scripts/deploy.sh of a project copy (it writes the
 * passphrase salt into Pulumi.dev.yaml) with the local file backend.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cache } from "../helpers/kube";
import { buildPulumiTools, pulumiBin, PulumiWorkspace } from "../helpers/pulumi-cli";

/** cluster-up.sh's ports of the test cluster, plus this offset: the deploy cluster is a second one. */
const portOffset = 1000;
const port = (name: string, dflt: number) => String(Number(process.env[name] ?? dflt) + portOffset);

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", d => { output += d; });
        child.stderr.on("data", d => { output += d; });
        child.on("error", reject);
        child.on("close", code => resolve({ status: code ?? -1, output }));
    });
}

describe("engine: npm run deploy -- dev without a kube context", function () {
    this.timeout(60 * 60_000);
    let ws: PulumiWorkspace;
    let env: NodeJS.ProcessEnv;
    let clusterDir: string;

    before(async () => {
        buildPulumiTools();
        ws = await PulumiWorkspace.create("pgk8s-deploy-");
        clusterDir = path.join(ws.dir, "cluster-deploy");
        env = {
            ...ws.env,
            KUBECONFIG: path.join(ws.dir, "no-kubeconfig"),
            POSTGRES_K8S_CACHE: cache,
            POSTGRES_K8S_CLUSTER_DIR: clusterDir,
            CLUSTER_ETCD_PORT: port("CLUSTER_ETCD_PORT", 22379),
            CLUSTER_API_PORT: port("CLUSTER_API_PORT", 26443),
            CLUSTER_CM_PORT: port("CLUSTER_CM_PORT", 20257),
            CLUSTER_SCHED_PORT: port("CLUSTER_SCHED_PORT", 20259),
            PULUMI_BACKEND_URL: `file://${path.join(ws.dir, "state")}`,
        };
    });
    after(async () => {
        if (env) await run("bash", [path.join(ws.project, "scripts", "cluster-down.sh")], ws.project, { ...env, CLUSTER_WIPE: "1" });
        ws?.remove();
    });

    it("starts its own local cluster, deploys dev with the policy pack and prints how to connect", async () => {
        const r = await run("bash", [path.join(ws.project, "scripts", "deploy.sh"), "dev"], ws.project, env);
        assert.equal(r.status, 0, r.output);
        assert.match(r.output, /deploying stack 'dev' to the local cluster/);
        assert.match(r.output, /starting the local cluster/);
        assert.match(r.output, /creating stack 'dev' \(passphrase secrets provider\)/);
        assert.match(r.output, /Policies:[\s\S]*postgres-k8s@v0\.1\.0/, "the policy pack ran");
        assert.match(r.output, /stack 'dev' is up on the local cluster/);
        assert.match(r.output, /postgresql:\/\/app@pg-rw\.postgres-dev\.svc:5432\/app/);
        assert.match(r.output, /kubectl -n postgres-dev port-forward svc\/pg-rw 5432:5432/);
        assert.doesNotMatch(r.output, /using pulumi-\S+ from \$PATH|is expected to have version/);
        assert.match(fs.readFileSync(path.join(ws.project, "Pulumi.dev.yaml"), "utf8"), /^encryptionsalt: /m);

        const clusterEnv = { ...env, KUBECONFIG: path.join(clusterDir, "kubeconfig") };
        const kubectl = (...args: string[]) => run("kubectl", args, ws.project, clusterEnv);
        const sts = await kubectl("-n", "postgres-dev", "get", "statefulset", "pg", "-o", "jsonpath={.status.readyReplicas}");
        assert.equal(sts.output, "2");

        const again = await run("bash", [path.join(ws.project, "scripts", "deploy.sh"), "dev"], ws.project, env);
        assert.equal(again.status, 0, again.output);
        assert.match(again.output, /the local cluster is already running/);
        assert.match(again.output, /\d+ unchanged/);
        assert.doesNotMatch(again.output, /\+ \d+ to create|~ \d+ to update|\+-\d+ to replace/);

        const destroy = await run(pulumiBin, ["destroy", "--yes", "-s", "dev", "--non-interactive"], ws.project, clusterEnv);
        assert.equal(destroy.status, 0, destroy.output);
    });
});
