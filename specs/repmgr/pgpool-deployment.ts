/** The pgpool Deployment: stateless routers in front of the repmgr-managed PostgreSQL pods. */
import { podAntiAffinity, AntiAffinityMode } from "../affinity";
import { commonLabels, imageVersion, selectorLabels } from "../labels";
import { EnvVar } from "../self-managed/pod-env";
import { ExecProbe } from "../self-managed/probes";
import { containerSecurityContext, podSecurityContext } from "../security";
import { checksum, Resources } from "../self-managed/pod-template";
import { configVolumes, secretsVolume, VolumeMount } from "../self-managed/volumes";
import { pgpoolPaths, pgpoolPcpPort, repmgrSecretFiles } from "./paths";
import { secretFiles } from "../self-managed/paths";

export interface PgpoolDeploymentOptions {
    cluster: string;
    replicas: number;
    /** Image with pgpool-II 4.3 (images/repmgr/Dockerfile). */
    image: string;
    port: number;
    resources: Resources;
    antiAffinity: AntiAffinityMode;
    topologyKey: string;
    /** ConfigMap with pgpool.conf and pool_hba.conf, and the shared scripts ConfigMap. */
    configMap: string;
    scriptsConfigMap: string;
    secrets: { app: string; pgpool: string; pcp: string };
    appUser: string;
    checkUser: string;
    pcpUser: string;
    configChecksumSource: string;
}

export function pgpoolEnv(o: Pick<PgpoolDeploymentOptions, "port" | "appUser" | "checkUser" | "pcpUser">): EnvVar[] {
    return [
        { name: "PGPOOL_CONFIG_DIR", value: pgpoolPaths.configDir },
        { name: "PGPOOL_SECRETS_DIR", value: pgpoolPaths.secretsDir },
        { name: "PGPOOL_RUN_DIR", value: pgpoolPaths.runDir },
        { name: "PGPOOL_PORT", value: String(o.port) },
        { name: "PGPOOL_PCP_PORT", value: String(pgpoolPcpPort) },
        { name: "PGPOOL_CHECK_USER", value: o.checkUser },
        { name: "PGPOOL_PCP_USER", value: o.pcpUser },
        { name: "PG_APP_USER", value: o.appUser },
    ];
}

export function pgpoolMounts(): VolumeMount[] {
    return [
        { name: "config", mountPath: pgpoolPaths.configDir, readOnly: true },
        { name: "scripts", mountPath: pgpoolPaths.scriptsDir, readOnly: true },
        { name: "secrets", mountPath: pgpoolPaths.secretsDir, readOnly: true },
        { name: "run", mountPath: pgpoolPaths.runDir },
        { name: "tmp", mountPath: "/tmp" },
    ];
}

export function pgpoolProbes(): { readinessProbe: ExecProbe; livenessProbe: ExecProbe } {
    const script = (name: string) => ["bash", `${pgpoolPaths.scriptsDir}/${name}`];
    return {
        // Not ready while it has no primary: clients then reach another pgpool pod.
        readinessProbe: { exec: { command: script("pgpool-ready.sh") }, initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 2, successThreshold: 1 },
        // Through pcp (no pgpool child needed): restarts a pgpool that does not answer or whose
        // failover is stuck (pgpool-alive.sh); 3 failures 2 s apart outlast a normal failover.
        // 30 s before the first check. It was meant to let a pgpool restarted while a backend's
        // host is unreachable start; that pgpool in fact never started (it retried the dead
        // address for ever), which pgpool-entrypoint.sh now avoids. The pgpool-alive.sh that
        // attaches backends started detached runs from then on.
        livenessProbe: { exec: { command: script("pgpool-alive.sh") }, initialDelaySeconds: 30, periodSeconds: 2, timeoutSeconds: 10, failureThreshold: 3 },
    };
}

export function pgpoolDeploymentSpec(o: PgpoolDeploymentOptions) {
    const selector = selectorLabels(o.cluster, "pgpool");
    return {
        replicas: o.replicas,
        // A new pgpool pod must be ready before an old one goes: the rw Service never empties.
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        selector: { matchLabels: selector },
        template: {
            metadata: {
                labels: commonLabels(o.cluster, "pgpool", imageVersion(o.image)),
                annotations: { "postgres-k8s.io/config-checksum": checksum(o.configChecksumSource) },
            },
            spec: {
                automountServiceAccountToken: false,
                terminationGracePeriodSeconds: 30,
                securityContext: podSecurityContext(),
                affinity: podAntiAffinity(o.antiAffinity, selector, o.topologyKey),
                enableServiceLinks: false,
                containers: [{
                    name: "pgpool",
                    image: o.image,
                    command: ["bash", `${pgpoolPaths.scriptsDir}/pgpool-entrypoint.sh`],
                    env: pgpoolEnv(o),
                    ports: [{ name: "postgresql", containerPort: o.port, protocol: "TCP" }],
                    resources: o.resources,
                    ...pgpoolProbes(),
                    securityContext: containerSecurityContext(),
                    volumeMounts: pgpoolMounts(),
                }],
                volumes: [
                    ...configVolumes(o.configMap, o.scriptsConfigMap),
                    secretsVolume([
                        [o.secrets.app, secretFiles.app],
                        [o.secrets.pgpool, repmgrSecretFiles.pgpool],
                        [o.secrets.pcp, repmgrSecretFiles.pcp],
                    ]),
                    { name: "run", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
                    { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
                ],
            },
        },
    };
}
