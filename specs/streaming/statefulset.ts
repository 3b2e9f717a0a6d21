/** The PostgreSQL StatefulSet spec: one primary (ordinal 0 at first init) and streaming replicas. */
import { AntiAffinityMode } from "../affinity";
import { objectName } from "../names";
import { podPaths } from "../self-managed/paths";
import { Resources } from "../self-managed/pod-template";
import { clusterEnvOptions, ClusterEnvOptions, postgresEnv } from "../self-managed/pod-env";
import { labellerLivenessProbe, postgresProbes, streamingReadinessProbe } from "../self-managed/probes";
import { containerSecurityContext } from "../security";
import { ClaimTemplate } from "../persistent-volume-claim";
import { postgresStatefulSetSpec } from "../self-managed/statefulset";
import { podVolumes, postgresMounts, labellerMounts, toolsMounts, SecretNames, VolumeMount } from "../self-managed/volumes";
import { backupDirsInitContainer } from "../self-managed/backup-volume";


export interface StatefulSetOptions {
    cluster: string;
    namespace: string;
    /** Pods: ordinal 0 initialises as primary, the others clone it and stream. 1 is a standalone server. */
    instances: number;
    /** PostgreSQL image with a pinned tag. */
    image: string;
    /** Image with a static kubectl for the role labeller. */
    kubectlImage: string;
    port: number;
    resources: Resources;
    /** required: never two instances in one topology domain; preferred: spread when possible. */
    antiAffinity: AntiAffinityMode;
    /** `kubernetes.io/hostname` or `topology.kubernetes.io/zone`. */
    topologyKey: string;
    terminationGracePeriodSeconds: number;
    serviceAccount: string;
    /** Names of the ConfigMaps and Secrets the pods mount (they must exist). */
    configMap: string;
    scriptsConfigMap: string;
    secrets: SecretNames;
    users: ClusterEnvOptions["users"];
    /** Rendered config and scripts: their hash rolls the pods when they change. */
    configChecksumSource: string;
    dataClaim: ClaimTemplate;
    /** Claim of the backup volume when WAL archiving is on. */
    backupClaim?: string;
    /** A replica is Ready only while streaming with replay at most this many MB behind the primary. */
    replicaMaxLagMB: number;
}

/** Resources of the role labeller sidecar: it runs one psql and, on change, one kubectl. */
const labellerResources: Resources = { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "64Mi" } };


/** The ConfigMap whose `initialised` key records that the cluster was initialised (bootstrap.sh). */
export function initMarkerConfigMapName(cluster: string): string {
    return objectName(cluster, "initMarker");
}

export function statefulSetSpec(o: StatefulSetOptions) {
    const env = postgresEnv(clusterEnvOptions({
        cluster: o.cluster, namespace: o.namespace, instances: o.instances, port: o.port, users: o.users,
        archive: o.backupClaim !== undefined,
    }));
    const script = (name: string) => ["bash", `${podPaths.scriptsDir}/${name}`];
    const withBackup = o.backupClaim !== undefined;
    const toolsReadOnly: VolumeMount[] = toolsMounts().map(m => ({ ...m, readOnly: true }));
    // Parallel: the controller re-creates and updates any pod whatever the state of the lower
    // ordinals (an old primary that refuses to start after a failover must not hold the others
    // back). Ordinal 0 alone may initdb, and only while the cluster's initialised marker is unset.
    return postgresStatefulSetSpec({ ...o, podManagementPolicy: "Parallel" }, {
        serviceAccountName: o.serviceAccount,
        automountServiceAccountToken: true,
        initContainers: [{
            name: "kubectl",
            image: o.kubectlImage,
            command: ["sh", "-c", `cp "$(command -v kubectl)" ${podPaths.toolsDir}/kubectl`],
            securityContext: containerSecurityContext(),
            resources: labellerResources,
            volumeMounts: toolsMounts(),
        }, ...(withBackup ? [backupDirsInitContainer(o.image)] : []), {
            // initdb, clone or pg_rewind: no probe may kill it, however long a clone takes.
            name: "bootstrap",
            image: o.image,
            command: script("bootstrap.sh"),
            env: [...env, { name: "PG_INIT_MARKER_CONFIGMAP", value: initMarkerConfigMapName(o.cluster) }],
            resources: o.resources,
            securityContext: containerSecurityContext(),
            volumeMounts: [...postgresMounts(withBackup), ...toolsReadOnly],
        }],
        containers: [
            {
                name: "postgres",
                image: o.image,
                command: script("entrypoint.sh"),
                // pre-stop.sh needs time for its fast shutdown plus its immediate fallback.
                env: [...env, { name: "PG_STOP_TIMEOUT_SECONDS", value: String(o.terminationGracePeriodSeconds - 15) }],
                ports: [{ name: "postgresql", containerPort: o.port, protocol: "TCP" }],
                resources: o.resources,
                ...postgresProbes(podPaths.runDir, o.port),
                readinessProbe: streamingReadinessProbe(podPaths.scriptsDir, o.replicaMaxLagMB * 1024 * 1024),
                lifecycle: { preStop: { exec: { command: script("pre-stop.sh") } } },
                securityContext: containerSecurityContext(),
                volumeMounts: postgresMounts(withBackup),
            },
            {
                name: "role-labeller",
                image: o.image,
                command: script("role-labeller.sh"),
                env,
                livenessProbe: labellerLivenessProbe(podPaths.scriptsDir),
                resources: labellerResources,
                securityContext: containerSecurityContext(),
                volumeMounts: labellerMounts(),
            },
        ],
        volumes: podVolumes({
            configMap: o.configMap, scriptsConfigMap: o.scriptsConfigMap, secrets: o.secrets, backupClaim: o.backupClaim,
        }),
    });
}
