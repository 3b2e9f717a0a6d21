/**
 * Starts the real pack (policies/bin/index.js, compiled from index.ts) as the Pulumi CLI does, and talks to it over the
 * analyzer gRPC protocol: the engine's view of the policies, one resource analysed end to end,
 * and the engine's "can't run during preview" downgrade for an unknown value.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { allPolicies } from "../../policies/all";
import { UNKNOWN } from "../helpers/policy";
import { repoRoot } from "../helpers/policyPeers";
import { podSpec, SELECTOR, service, statefulSet } from "./fixtures";

// The gRPC stack of @pulumi/pulumi itself, resolved from it so that the versions match.
const fromPulumi = (m: string) => require(require.resolve(m, { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }));
const grpc = fromPulumi("@grpc/grpc-js");
const analyzer = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const messages = require("@pulumi/pulumi/proto/analyzer_pb");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");

function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

describe("policy pack server (policies/index.ts)", function () {
    let child: ChildProcess;
    let client: any;

    before(async function () {
        // The entry point the Node.js language host runs for `--policy-pack policies`, resolved
        // from the pack directory as the CLI does; it loads the compiled pack (bin/index.js).
        const packDir = path.join(repoRoot, "policies");
        const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        // The engine address is only dialled to log errors; none are expected here.
        child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
        const port = await new Promise<string>((resolve, reject) => {
            child.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
            child.once("exit", code => reject(new Error(`pack exited with ${code}`)));
        });
        client = new analyzer.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        child?.kill();
    });

    async function analyze(type: string, props: Record<string, unknown>): Promise<any[]> {
        const req = new messages.AnalyzeRequest();
        req.setType(type);
        req.setUrn(`urn:pulumi:dev::postgres-k8s::${type}::x`);
        req.setName("x");
        req.setOptions(new messages.AnalyzerResourceOptions());
        req.setProperties(Struct.fromJavaScript(props));
        const res: any = await call(client, "analyze", req);
        return res.getDiagnosticsList();
    }

    it("lists every policy to the engine", async () => {
        const info: any = await call(client, "getAnalyzerInfo", new Empty());
        assert.strictEqual(info.getName(), "postgres-k8s");
        assert.deepStrictEqual(info.getPoliciesList().map((p: any) => p.getName()), allPolicies.map(p => p.name));
    });

    it("reports an exposed Service as a mandatory violation", async () => {
        const svc = service();
        svc.props.spec.type = "NodePort";
        const diags = await analyze(svc.type, svc.props);
        assert.deepStrictEqual(diags.map((d: any) => [d.getPolicyname(), d.getMessage(), d.getEnforcementlevel()]), [[
            "postgres-k8s-service-disallow-public-exposure",
            // The engine shows the policy's description above the violation.
            "Disallows LoadBalancer and NodePort types and external IPs on Services that reach PostgreSQL.\n" +
            "The Service exposes PostgreSQL outside the cluster network (type NodePort); use a ClusterIP Service.",
            messages.EnforcementLevel.MANDATORY,
        ]]);
    });

    it("downgrades a policy that meets an unknown value during preview to advisory", async () => {
        const svc = service();
        svc.props.spec.type = UNKNOWN;
        const diags = await analyze(svc.type, svc.props);
        assert.strictEqual(diags.length, 1);
        assert.match(diags[0].getMessage(), /^can't run policy 'postgres-k8s-service-disallow-public-exposure' .* during preview: string value at \.spec\.type can't be known during preview$/);
        assert.strictEqual(diags[0].getEnforcementlevel(), messages.EnforcementLevel.ADVISORY);
    });

    it("remediates a StatefulSet without anti-affinity when the policy's level is remediate", async () => {
        const configure = new messages.ConfigureAnalyzerRequest();
        const level = new messages.PolicyConfig();
        level.setEnforcementlevel(messages.EnforcementLevel.REMEDIATE);
        level.setProperties(Struct.fromJavaScript({}));
        configure.getPolicyconfigMap().set("postgres-k8s-workload-enforce-pod-anti-affinity", level);
        await call(client, "configure", configure);

        const sts = statefulSet();
        delete podSpec(sts).affinity;
        const req = new messages.AnalyzeRequest();
        req.setType(sts.type);
        req.setUrn(`urn:pulumi:prod::postgres-k8s::${sts.type}::main`);
        req.setName("main");
        req.setOptions(new messages.AnalyzerResourceOptions());
        req.setProperties(Struct.fromJavaScript(sts.props));
        const res: any = await call(client, "remediate", req);
        const remediations = res.getRemediationsList();
        assert.deepStrictEqual(remediations.map((r: any) => r.getPolicyname()), ["postgres-k8s-workload-enforce-pod-anti-affinity"]);
        assert.deepStrictEqual(remediations[0].getProperties().toJavaScript().spec.template.spec.affinity, { podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: SELECTOR }, topologyKey: "kubernetes.io/hostname" }],
        } });
    });
});
