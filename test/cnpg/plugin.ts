/**
 * The Barman Cloud plugin v0.14.0 installed from its own release manifest (manifest.yaml of the
 * pinned module, copied by scripts/tools-build.sh into <cache>/share/barman-cloud): its ObjectStore
 * CRD, ServiceAccount, RBAC, the SIDECAR_IMAGE Secret, the Service `barman-cloud` (the annotations
 * `cnpg.io/pluginPort`, `cnpg.io/pluginServerSecret`, `cnpg.io/pluginClientSecret` and the label
 * `cnpg.io/pluginName` by which the operator discovers it) and the Deployment, in the operator's
 * namespace. What differs, and why:
 * - the two TLS Secrets cert-manager would issue (Issuer `selfsigned-issuer`, Certificates
 *   `barman-cloud-server`, `barman-cloud-client`: no cert-manager here) are made with openssl, as
 *   those Certificates specify them: self-signed, server `CN=barman-cloud` with the DNS name
 *   `barman-cloud` (the operator verifies the server against its own `tls.crt` with ServerName =
 *   the Service name) and usage server auth; client `CN=barman-cloud-client`, client auth (the
 *   plugin trusts exactly that `tls.crt`, `--client-cert`);
 * - the Deployment's image is the one images/barman-cloud-plugin.sh builds from the same binary
 *   (named as the release's image, by tag: the manifest names a `-testing:main` image);
 * - the Secret's SIDECAR_IMAGE names images/barman-cloud-sidecar.sh's image.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { cache, getJson, kubectl, mustKubectl } from "../helpers/kube";
import { KubeObject } from "../helpers/manifests";
import { eventually } from "../helpers/realStack";
import { applyServerSide, Operator, operatorNamespace } from "./operator";

export const pluginName = "barman-cloud.cloudnative-pg.io";
const certManagerKinds = ["Issuer", "Certificate"];

export function pluginManifest(): KubeObject[] {
    return YAML.parseAllDocuments(fs.readFileSync(path.join(cache, "share", "barman-cloud", "manifest.yaml"), "utf8"))
        .map(d => d.toJS() as KubeObject).filter(Boolean);
}

function selfSigned(dir: string, name: string, subject: string, ext: string): KubeObject {
    const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2",
        "-subj", subject, ...ext.split("\n").flatMap(e => ["-addext", e]));
    const b64 = (f: string) => fs.readFileSync(path.join(dir, f)).toString("base64");
    return {
        apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls",
        metadata: { name, namespace: operatorNamespace },
        data: { "tls.crt": b64(`${name}.crt`), "tls.key": b64(`${name}.key`) },
    } as KubeObject;
}

export interface PluginImages {
    plugin: string;
    sidecar: string;
}

/** The manifest's objects as applied here (no cert-manager objects, the two TLS Secrets, the images). */
export function pluginObjects(dir: string, images: PluginImages): KubeObject[] {
    const objects = pluginManifest().filter(o => !certManagerKinds.includes(o.kind)).map(o => {
        const x = JSON.parse(JSON.stringify(o));
        if (x.kind === "Secret" && x.data?.SIDECAR_IMAGE !== undefined) {
            x.data.SIDECAR_IMAGE = Buffer.from(images.sidecar).toString("base64");
        }
        if (x.kind === "Deployment" && x.metadata.name === "barman-cloud") {
            x.spec.template.spec.containers[0].image = images.plugin;
            x.spec.template.spec.containers[0].imagePullPolicy = "IfNotPresent";
        }
        return x as KubeObject;
    });
    const certs = fs.mkdtempSync(path.join(dir, "plugin-tls-"));
    objects.push(
        selfSigned(certs, "barman-cloud-server-tls", "/CN=barman-cloud",
            "subjectAltName=DNS:barman-cloud\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment"),
        selfSigned(certs, "barman-cloud-client-tls", "/CN=barman-cloud-client",
            "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment"),
    );
    return objects;
}

/**
 * Applies the plugin (the operator must be running: its plugin reconciler registers the Service),
 * waits for the Deployment to be Available and for the operator to log that it registered the plugin.
 */
export async function installPlugin(dir: string, images: PluginImages, operator: Operator): Promise<void> {
    const objects = pluginObjects(dir, images);
    const crds = objects.filter(o => o.kind === "CustomResourceDefinition");
    applyServerSide(crds, "postgres-k8s-barman-cloud");
    mustKubectl(["wait", "--for=condition=Established", "--timeout=60s", "crd", ...crds.map(c => c.metadata.name)]);
    // Secrets first: the operator reads the TLS Secrets as soon as it sees the Service.
    const rest = objects.filter(o => o.kind !== "CustomResourceDefinition");
    applyServerSide(rest.filter(o => o.kind === "Secret"), "postgres-k8s-barman-cloud");
    applyServerSide(rest.filter(o => o.kind !== "Secret"), "postgres-k8s-barman-cloud");
    await eventually("Deployment barman-cloud Available", () => {
        const r = kubectl(["-n", operatorNamespace, "get", "deployment", "barman-cloud", "-o", "json"]);
        if (r.status !== 0) return undefined;
        const d = JSON.parse(r.stdout);
        return d.status?.conditions?.some((c: any) => c.type === "Available" && c.status === "True") && d.status.readyReplicas === 1 ? true : undefined;
    }, 300);
    await eventually(`the operator registered ${pluginName}`, () =>
        (operator.entries().some(e => e.msg === "Registered plugin" || e.msg === "Plugin already registered") ? true : undefined), 180);
}

/** The plugin pod's log. */
export function pluginLog(tail = 40): string {
    const pods = getJson(["-n", operatorNamespace, "get", "pods", "-l", "app=barman-cloud"]).items;
    if (pods.length === 0) return "(no barman-cloud pod)";
    return kubectl(["-n", operatorNamespace, "logs", pods[0].metadata.name, `--tail=${tail}`]).stdout;
}
