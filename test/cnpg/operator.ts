/**
 * The real CloudNativePG 1.30.0 operator, built from its Go module by scripts/tools-build.sh, run
 * as a host process against the local control plane, as its release manifest would run it in a
 * pod: the release's CRDs, RBAC (it authenticates with the `cnpg-manager` ServiceAccount's token),
 * monitoring ConfigMap, command-line arguments and environment, and its webhooks, registered with
 * the API server by URL since no Service can reach a host process. What differs from the pod, and
 * why, is in docs/cnpg.md.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import * as YAML from "yaml";
import { cache, getJson, mustKubectl, script, serviceAccountKubeconfig } from "../helpers/kube";
import { KubeObject } from "../helpers/manifests";
import { caSignedServerCertificate } from "../helpers/tls";

export const share = path.join(cache, "share", "cnpg");
export const operatorNamespace = "cnpg-system";
const binary = path.join(cache, "bin", "cnpg-manager");

/** Builds (or reuses) the operator and copies the CRDs and release manifest into the cache. */
export function buildOperator(): void {
    script("tools-build.sh", { TOOLS_ONLY: "cnpg-manager" });
}

export function releaseObjects(): KubeObject[] {
    return YAML.parseAllDocuments(fs.readFileSync(path.join(share, "release.yaml"), "utf8"))
        .map(d => d.toJS() as KubeObject).filter(Boolean);
}

function crdsIn(dir: string): KubeObject[] {
    return fs.readdirSync(path.join(share, dir)).sort()
        .map(f => YAML.parse(fs.readFileSync(path.join(share, dir, f), "utf8")) as KubeObject);
}

/** CloudNativePG's CRDs and the Barman Cloud plugin's ObjectStore CRD. */
export const crds = () => crdsIn("crds");
/** prometheus-operator's PodMonitor CRD. */
export const monitoringCrds = () => crdsIn("monitoring-crds");

export function applyServerSide(objects: KubeObject[], manager = "postgres-k8s-cnpg"): string {
    // Server-side: the clusters and poolers CRDs exceed the client-side last-applied annotation.
    return mustKubectl(["apply", "--server-side", "--force-conflicts", `--field-manager=${manager}`, "-f", "-"],
        { input: JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }) });
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const port = (s.address() as net.AddressInfo).port;
            s.close(() => resolve(port));
        });
    });
}

/** A CA and a serving certificate for `address`, named as the operator expects in WEBHOOK_CERT_DIR. */
function webhookCertificates(dir: string, address: string): string {
    const { caFile } = caSignedServerCertificate(dir, "postgres-k8s-cnpg-webhook-ca", "apiserver", [address]);
    return fs.readFileSync(caFile).toString("base64");
}

/** The release's webhook configurations, pointed at the host process by URL. */
function webhookConfigurations(address: string, port: number, caBundle: string): KubeObject[] {
    return releaseObjects().filter(o => o.kind.endsWith("WebhookConfiguration")).map(o => ({
        ...o,
        webhooks: (o.webhooks as any[]).map(w => ({
            ...w,
            clientConfig: { url: `https://${address}:${port}${w.clientConfig.service.path}`, caBundle },
        })),
    }));
}

/**
 * Where the operator process runs when not on the host's loopback: inside a real node's network
 * namespace (scripts/nodes-env.sh), where the pod network is routed, reaching the API server
 * through the node network's relay. `address` is the node's, where the API server calls the webhooks.
 */
export interface OperatorNetwork {
    netns: string;
    address: string;
    apiServer: string;
    /**
     * The cluster DNS Service's address: when set, the operator resolves `<svc>.<ns>.svc` names as
     * a pod does (CloudNativePG dials a plugin at `<service>.<namespace>.svc:<cnpg.io/pluginPort>`,
     * internal/controller/plugin_controller.go, with no override). It is then started with `ip netns
     * exec`, which bind-mounts /etc/netns/<netns>/resolv.conf over /etc/resolv.conf for that process
     * alone; the node namespace routes the Service range and kube-proxy's OUTPUT rules DNAT it.
     */
    clusterDns?: string;
}

/** /etc/netns/<netns>/resolv.conf for `ip netns exec`: the cluster DNS and a pod's search list. */
function netnsResolvConf(network: OperatorNetwork): string {
    const dir = path.join("/etc/netns", network.netns);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "resolv.conf");
    fs.writeFileSync(file, `nameserver ${network.clusterDns}\nsearch ${operatorNamespace}.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n`);
    return dir;
}

/** The `cnpg-manager` ServiceAccount's token (the release RBAC), for the API server at `server` if given. */
function operatorKubeconfig(dir: string, server?: string): string {
    const file = serviceAccountKubeconfig(operatorNamespace, "cnpg-manager", dir, "24h");
    if (server) {
        const config = YAML.parse(fs.readFileSync(file, "utf8"));
        config.clusters[0].cluster.server = server;
        fs.writeFileSync(file, YAML.stringify(config), { mode: 0o644 });
    }
    return file;
}

export class Operator {
    private constructor(private readonly child: ChildProcess, public readonly log: string,
        public readonly webhookAddress: string, public readonly webhookPort: number, private readonly netnsDir?: string) {}

    /**
     * Installs what the release installs (but the Deployment and its Service) and starts the
     * operator with the release Deployment's arguments and environment, plus `config` (operator
     * settings such as PGBOUNCER_IMAGE_NAME, as a user would put them in its ConfigMap).
     */
    static async start(dir: string, network?: OperatorNetwork, config: Record<string, string> = {}): Promise<Operator> {
        const release = releaseObjects();
        const kinds = ["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap"];
        const definitions = [...crds(), ...monitoringCrds()];
        applyServerSide([...definitions, ...release.filter(o => kinds.includes(o.kind))]);
        mustKubectl(["wait", "--for=condition=Established", "--timeout=60s", "crd", ...definitions.map(c => c.metadata.name)]);

        const work = fs.mkdtempSync(path.join(dir, "operator-"));
        const certDir = path.join(work, "certs");
        fs.mkdirSync(certDir);
        const address = network?.address ?? "127.0.0.1";
        const caBundle = webhookCertificates(certDir, address);
        // The operator finds its own binary at operator/manager_<arch>, relative to its working
        // directory, and hands it to the instance pods (pkg/utils/discovery.go).
        fs.mkdirSync(path.join(work, "operator"));
        fs.copyFileSync(binary, path.join(work, "operator", "manager_amd64"));
        fs.chmodSync(path.join(work, "operator", "manager_amd64"), 0o755);

        const deployment = release.find(o => o.kind === "Deployment") as any;
        const container = deployment.spec.template.spec.containers[0];
        const port = await freePort();
        // Leader election needs an in-cluster namespace; the only instance needs none. Metrics off.
        const args = (container.args as string[])
            .filter(a => a !== "--leader-elect" && !a.startsWith("--webhook-port="))
            .concat([`--webhook-port=${port}`, "--metrics-bind-address=0"]);
        const env: NodeJS.ProcessEnv = {
            PATH: process.env.PATH,
            HOME: work,
            KUBECONFIG: operatorKubeconfig(work, network?.apiServer),
            WEBHOOK_CERT_DIR: certDir,
            // The webhook configurations are registered here, with their own CA.
            MANAGE_WEBHOOK_CONFIGURATIONS: "false",
        };
        for (const e of container.env as { name: string; value?: string; valueFrom?: unknown }[]) {
            env[e.name] = e.value ?? (e.name === "OPERATOR_NAMESPACE" ? operatorNamespace : undefined);
        }
        Object.assign(env, config);
        const log = path.join(work, "operator.log");
        const out = fs.openSync(log, "a");
        const manager = path.join(work, "operator", "manager_amd64");
        const netnsDir = network?.clusterDns ? netnsResolvConf(network) : undefined;
        const [command, ...argv] = !network ? [manager, ...args]
            : netnsDir ? ["ip", "netns", "exec", network.netns, manager, ...args]
                : ["nsenter", `--net=/run/netns/${network.netns}`, "--", manager, ...args];
        const child = spawn(command, argv, { cwd: work, env, stdio: ["ignore", out, out] });
        fs.closeSync(out);
        const operator = new Operator(child, log, address, port, netnsDir);
        try {
            await operator.waitForWebhookServer();
            applyServerSide(webhookConfigurations(address, port, caBundle));
        } catch (e) {
            await operator.stop();
            throw e;
        }
        return operator;
    }

    private async waitForWebhookServer(): Promise<void> {
        const deadline = Date.now() + 120_000;
        for (;;) {
            if (this.child.exitCode !== null) throw new Error(`the operator exited (${this.child.exitCode}):\n${this.tail()}`);
            const open = await new Promise<boolean>(resolve => {
                const s = net.connect(this.webhookPort, this.webhookAddress, () => { s.destroy(); resolve(true); });
                s.once("error", () => resolve(false));
            });
            if (open) return;
            if (Date.now() > deadline) throw new Error(`the operator's webhook server is not listening after 120s:\n${this.tail()}`);
            await new Promise(r => setTimeout(r, 500));
        }
    }

    get running(): boolean {
        return this.child.exitCode === null;
    }

    tail(lines = 40): string {
        return fs.readFileSync(this.log, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    }

    /** The operator's JSON log lines (controller-runtime zap). */
    entries(): any[] {
        return fs.readFileSync(this.log, "utf8").split("\n").filter(l => l.startsWith("{"))
            .map(l => { try { return JSON.parse(l); } catch { return undefined; } }).filter(Boolean);
    }

    async stop(): Promise<void> {
        if (this.running) {
            const exited = new Promise(resolve => this.child.once("exit", resolve));
            this.child.kill("SIGTERM");
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
            await exited;
            clearTimeout(timer);
        }
        if (this.netnsDir) fs.rmSync(this.netnsDir, { recursive: true, force: true });
    }
}

/** Objects of one namespace, as `kind/name`, sorted. */
export function namesOf(namespace: string, kinds: string): string[] {
    return getJson(["-n", namespace, "get", kinds]).items
        .map((o: any) => `${o.kind}/${o.metadata.name}`).sort();
}
