/**
 * The auto-failover controller of the streaming topology (components/streaming/scripts/
 * auto-failover.sh): a one-replica Deployment (Recreate: never two controllers at once) in the
 * PostgreSQL image, with a static kubectl copied in from the kubectl image, and the least
 * privilege it needs: get and exec on the cluster's own pods by name, get on nodes.
 */
import { commonLabels, roleLabel } from "../labels";
import { containerSecurityContext, podSecurityContext } from "../security";
import { podPaths } from "../self-managed/paths";
import { Resources } from "../self-managed/pod-template";

export interface AutoFailoverOptions {
    cluster: string;
    namespace: string;
    podNames: string[];
    /** PostgreSQL image (bash, coreutils) and the image the static kubectl is copied from. */
    image: string;
    kubectlImage: string;
    serviceAccount: string;
    /** The scripts ConfigMap: auto-failover.sh and the lib.sh it sources. */
    scriptsConfigMap: string;
    /** Seconds between checks. */
    intervalSeconds: number;
    /** Consecutive checks without a primary before a failover. */
    checks: number;
}

const resources: Resources = { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } };

/** Namespaced rules: read the instances, exec into them (role.sh, the WAL position, promote.sh); by name only. */
export function autoFailoverRoleRules(podNames: string[]) {
    return [
        { apiGroups: [""], resources: ["pods"], resourceNames: podNames, verbs: ["get"] },
        // Exec is authorised as `create` (POST) or, over WebSockets, `get` on pods/exec.
        { apiGroups: [""], resources: ["pods/exec"], resourceNames: podNames, verbs: ["create", "get"] },
    ];
}

/** Cluster-scoped: whether the lost primary's node is Ready. */
export function autoFailoverClusterRoleRules() {
    return [{ apiGroups: [""], resources: ["nodes"], verbs: ["get"] }];
}

/** The controller serves nothing: no ingress at all (it only calls the API server). */
export function autoFailoverNetworkPolicySpec(cluster: string) {
    return { podSelector: { matchLabels: commonLabels(cluster, "failover") }, policyTypes: ["Ingress"], ingress: [] };
}

export function autoFailoverDeploymentSpec(o: AutoFailoverOptions) {
    const labels = commonLabels(o.cluster, "failover");
    const script = `${podPaths.scriptsDir}/auto-failover.sh`;
    const probe = { exec: { command: ["bash", script, "--alive"] }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 2 };
    return {
        replicas: 1,
        strategy: { type: "Recreate" },
        selector: { matchLabels: labels },
        template: {
            metadata: { labels },
            spec: {
                serviceAccountName: o.serviceAccount,
                securityContext: podSecurityContext(),
                enableServiceLinks: false,
                initContainers: [{
                    name: "kubectl",
                    image: o.kubectlImage,
                    command: ["sh", "-c", `cp "$(command -v kubectl)" ${podPaths.toolsDir}/kubectl`],
                    securityContext: containerSecurityContext(),
                    resources,
                    volumeMounts: [{ name: "tools", mountPath: podPaths.toolsDir }],
                }],
                containers: [{
                    name: "auto-failover",
                    image: o.image,
                    command: ["bash", script],
                    env: [
                        { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                        { name: "PG_FAILOVER_PODS", value: o.podNames.join(" ") },
                        { name: "PG_FAILOVER_INTERVAL_SECONDS", value: String(o.intervalSeconds) },
                        { name: "PG_FAILOVER_CHECKS", value: String(o.checks) },
                        { name: "PG_ROLE_LABEL", value: roleLabel },
                        { name: "PG_SCRIPTS_DIR", value: podPaths.scriptsDir },
                        { name: "PG_RUN_DIR", value: podPaths.runDir },
                        { name: "PG_KUBECTL", value: `${podPaths.toolsDir}/kubectl` },
                        // kubectl's discovery cache needs a writable home on a read-only root.
                        { name: "HOME", value: "/tmp" },
                    ],
                    resources,
                    livenessProbe: { ...probe, initialDelaySeconds: 60 },
                    readinessProbe: { ...probe, initialDelaySeconds: 5 },
                    securityContext: containerSecurityContext(),
                    volumeMounts: [
                        { name: "scripts", mountPath: podPaths.scriptsDir, readOnly: true },
                        { name: "tools", mountPath: podPaths.toolsDir, readOnly: true },
                        { name: "run", mountPath: podPaths.runDir },
                        { name: "tmp", mountPath: "/tmp" },
                    ],
                }],
                volumes: [
                    { name: "scripts", configMap: { name: o.scriptsConfigMap, defaultMode: 0o555 } },
                    { name: "tools", emptyDir: { sizeLimit: "256Mi" } },
                    { name: "run", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
                    { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                ],
            },
        },
    };
}
