/**
 * The operations side on a real control plane (kwok nodes: no container runs, so no exec): the
 * CLI's Kubernetes transport (pods, nodes, Jobs from CronJobs followed to completion, drill
 * results from termination messages) and the auto-failover controller's least-privilege RBAC and
 * API queries, with its ServiceAccount's token.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { KubeAccess, loadKubeConfig } from "../../cli/kube";
import { runCli } from "../../cli/main";
import { lastDrill } from "../../cli/restore-drill";
import { adminKubeconfig, applyObjects, clusterDown, clusterUp, getJson, kubectl, mustKubectl, serviceAccountKubeconfig } from "../helpers/kube";
import { renderStack } from "../helpers/manifests";
import { eventually } from "../helpers/eventually";

const ns = "postgres-ops";
const CONTROLLER = path.resolve(__dirname, "../../components/streaming/scripts/auto-failover.sh");
const SCRIPTS = path.resolve(__dirname, "../../components/scripts");


describe("e2e: operations (CLI transport, auto-failover RBAC) on a real control plane", function () {
    this.timeout(20 * 60_000);
    let tmp: string;
    let access: KubeAccess;
    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pgk8s-ops-e2e-"));
        clusterUp();
        const { objects } = await renderStack("prod", {
            namespace: ns, storageClassName: "local-storage", backupStorageClassName: "shared", autoFailover: true, autoFailoverChecks: 1,
        });
        applyObjects(objects);
        mustKubectl(["-n", ns, "rollout", "status", "statefulset/pg", "--timeout=300s"]);
        access = new KubeAccess(loadKubeConfig({ kubeconfig: adminKubeconfig }), ns);
    });
    after(() => {
        clusterDown();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("lists the cluster's pods with their nodes, readiness and node readiness", async () => {
        const pods = await access.pods("pg");
        assert.deepStrictEqual(pods.map(p => p.name), ["pg-0", "pg-1", "pg-2"]);
        for (const p of pods) {
            assert.match(p.node, /^kwok-node-\d$/);
            assert.deepStrictEqual([p.phase, p.ready, p.nodeReady], ["Running", true, true], p.name);
        }
        assert.strictEqual(new Set(pods.map(p => p.node)).size, 3);
        assert.deepStrictEqual(await access.pods("pg", "restore"), []);
        assert.deepStrictEqual(await access.clusters(), ["pg"]);
    });

    it("backup: a Job from the backup CronJob, owned by it, followed to completion", async () => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(["-n", ns, "backup"], {
            connect: () => access, io: { out: s => out.push(s), err: s => err.push(s) }, pollMs: 500,
        });
        assert.strictEqual(code, 0, err.join("\n"));
        const name = /created job (\S+) from cronjob pg-backup/.exec(err.join("\n"))![1];
        const job = getJson(["-n", ns, "get", "job", name]);
        assert.deepStrictEqual(job.metadata.ownerReferences.map((o: any) => `${o.kind}/${o.name}`), ["CronJob/pg-backup"]);
        assert.strictEqual(job.metadata.annotations["cronjob.kubernetes.io/instantiate"], "manual");
        const cron = getJson(["-n", ns, "get", "cronjob", "pg-backup"]);
        assert.deepStrictEqual(job.spec.template.spec.containers[0].command, cron.spec.jobTemplate.spec.template.spec.containers[0].command);
        assert.match(err.join("\n"), /succeeded/);
        assert.match(out.join("\n"), new RegExp(`^backup job ${name} complete$`));
    });

    it("restore-drill: the drill Job's result is its pod's termination message, read back by status", async () => {
        const name = await access.createJobFromCronJob("pg-restore-drill", "pg-restore-drill-e2e");
        const pod = await eventually("the drill pod", async () => (await access.job(name))?.pods[0]?.name);
        const message = '{"kind":"restore-drill","time":"2026-12-01T05:30:00Z","backup":"20261201T030000000Z","durationSeconds":42,"result":"fail","reasons":["WAL missing from the archive after backup 20261201T030000000Z started: log/segment 0000000000000007 (no timeline has it)"]}';
        // kwok runs no container: write what the kubelet would record when restore-drill.sh exits 1.
        await eventually("kwok to finish starting the pod", async () => (getJson(["-n", ns, "get", "pod", pod]).status.phase !== "Pending" ? true : undefined));
        mustKubectl(["-n", ns, "patch", "pod", pod, "--subresource=status", "--type=merge", "-p", JSON.stringify({
            status: { phase: "Failed", containerStatuses: [{ name: "restore-drill", image: "x", imageID: "", ready: false, restartCount: 0,
                state: { terminated: { exitCode: 1, reason: "Error", message, startedAt: "2026-12-01T05:30:00Z", finishedAt: "2026-12-01T05:30:42Z" } } }] },
        })]);
        const drill = await eventually("the drill result", async () => {
            const d = await lastDrill(access, "pg");
            return d?.backup ? d : undefined;
        }, 60);
        assert.deepStrictEqual({ result: drill.result, backup: drill.backup, reasons: drill.reasons, job: drill.job },
            { result: "fail", backup: "20261201T030000000Z", reasons: JSON.parse(message).reasons, job: name });
    });

    it("the controller's ServiceAccount may get and exec into the cluster's pods by name and get nodes; nothing else", () => {
        const sa = `system:serviceaccount:${ns}:pg-failover`;
        const can = (...args: string[]) => kubectl(["auth", "can-i", "--as", sa, "-n", ns, ...args]).stdout.trim();
        assert.strictEqual(can("create", "pods/pg-0", "--subresource=exec"), "yes");
        assert.strictEqual(can("get", "pods/pg-1", "--subresource=exec"), "yes");
        assert.strictEqual(can("get", "pods/pg-2"), "yes");
        assert.strictEqual(can("get", "nodes/kwok-node-1"), "yes");
        for (const denied of [["create", "pods/intruder", "--subresource=exec"], ["get", "pods/intruder"], ["list", "pods"], ["delete", "pods/pg-0"],
            ["patch", "pods/pg-0"], ["get", "secrets/pg-superuser"], ["create", "pods"], ["patch", "nodes/kwok-node-1"], ["list", "nodes"]]) {
            assert.strictEqual(can(...denied), "no", denied.join(" "));
        }
    });

    /** One check of the real controller script with the real kubectl and its ServiceAccount's token. */
    const controllerOnce = (kubeconfig: string) => spawnSync("bash", [CONTROLLER, "--once"], {
        encoding: "utf8", timeout: 120_000,
        env: { PATH: process.env.PATH, KUBECONFIG: kubeconfig, POD_NAMESPACE: ns, PG_FAILOVER_PODS: "pg-0 pg-1 pg-2",
            PG_ROLE_LABEL: "postgres-k8s.io/role", PG_SCRIPTS_DIR: SCRIPTS, PG_RUN_DIR: tmp, PG_FAILOVER_CHECKS: "1", PG_FAILOVER_EXEC_TIMEOUT_SECONDS: "5", HOME: tmp },
    });

    it("the controller, through the real API server, never fails over a primary whose pod and node are Ready", () => {
        mustKubectl(["-n", ns, "label", "pod", "pg-0", "postgres-k8s.io/role=primary", "--overwrite"]);
        const kubeconfig = serviceAccountKubeconfig(ns, "pg-failover", tmp);
        const r = controllerOnce(kubeconfig);
        assert.strictEqual(r.status, 0, r.stderr);
        // No exec reaches a kwok pod: every instance is silent, and the API says pg-0's container runs.
        assert.match(r.stderr, /no instance answers as primary \(check 1 of 1\); replicas: none; silent: pg-0 pg-1 pg-2; lost primary: pg-0/);
        assert.match(r.stderr, /pg-0 does not answer but its postgres container runs \(since \S+, Ready=True\): waiting/);
        assert.doesNotMatch(r.stderr, /FAILOVER/);
    });

    it("the controller sees the lost primary's node NotReady through the real API server (and finds no replica to promote)", () => {
        let r: ReturnType<typeof controllerOnce>;
        const node = getJson(["-n", ns, "get", "pod", "pg-0"]).spec.nodeName;
        const kubeconfig = serviceAccountKubeconfig(ns, "pg-failover", tmp);
        // kwok keeps the nodes it manages Ready: take the node from it, then report it NotReady, as
        // the node controller does when a kubelet stops posting status.
        mustKubectl(["annotate", "node", node, "kwok.x-k8s.io/node-"]);
        try {
            mustKubectl(["patch", "node", node, "--subresource=status", "--type=strategic", "-p", JSON.stringify({
                status: { conditions: [{ type: "Ready", status: "False", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." }] } })]);
            assert.strictEqual(getJson(["get", "node", node]).status.conditions.find((c: any) => c.type === "Ready").status, "False");
            r = controllerOnce(kubeconfig);
        } finally {
            mustKubectl(["annotate", "node", node, "kwok.x-k8s.io/node=fake"]);
        }
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stderr, new RegExp(`pg-0 is down \\(its node ${node} is not Ready \\(False\\)\\) but no replica answers: nothing to promote`));
        assert.doesNotMatch(r.stderr, /FAILOVER/);
    });
});
