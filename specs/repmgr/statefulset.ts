/**
 * The repmgr topology's PostgreSQL StatefulSet: each pod runs PostgreSQL (repmgr-entrypoint.sh)
 * and repmgrd beside it (repmgrd-run.sh), sharing the data volume and the run directory.
 */
import { AntiAffinityMode } from "../affinity";
import { podPaths } from "../self-managed/paths";
import { clusterEnvOptions, ClusterEnvOptions, EnvVar, postgresEnv } from "../self-managed/pod-env";
import { postgresProbes } from "../self-managed/probes";
import { containerSecurityContext } from "../security";
import { Resources } from "../self-managed/pod-template";
import { ClaimTemplate } from "../persistent-volume-claim";
import { postgresStatefulSetSpec } from "../self-managed/statefulset";
import { podVolumes, postgresMounts, SecretNames } from "../self-managed/volumes";
import { backupDirsInitContainer } from "../self-managed/backup-volume";
import { repmgrSecretFiles } from "./paths";

export interface RepmgrStatefulSetOptions {
    cluster: string;
    namespace: string;
    instances: number;
    /** Image with PostgreSQL 15 and repmgr 5.3 (images/repmgr/Dockerfile). */
    image: string;
    port: number;
    resources: Resources;
    antiAffinity: AntiAffinityMode;
    topologyKey: string;
    terminationGracePeriodSeconds: number;
    configMap: string;
    scriptsConfigMap: string;
    secrets: SecretNames & { pgpool: string };
    users: ClusterEnvOptions["users"];
    /** repmgr's metadata database. */
    repmgrDatabase: string;
    /** pgpool's check role, created at first init. */
    pgpoolCheckUser: string;
    configChecksumSource: string;
    dataClaim: ClaimTemplate;
    backupClaim?: string;
}

/** repmgrd's own needs are small: it runs a few queries a second. */
const repmgrdResources: Resources = { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } };

/** The environment of both containers (see docs/repmgr.md). */
export function repmgrPodEnv(o: Pick<RepmgrStatefulSetOptions, "cluster" | "namespace" | "instances" | "port" | "users" | "repmgrDatabase" | "pgpoolCheckUser" | "terminationGracePeriodSeconds"> & { archive: boolean }): EnvVar[] {
    return [
        ...postgresEnv(clusterEnvOptions({ cluster: o.cluster, namespace: o.namespace, instances: o.instances, port: o.port, users: o.users, archive: o.archive })),
        { name: "REPMGR_DATABASE", value: o.repmgrDatabase },
        { name: "PGPOOL_CHECK_USER", value: o.pgpoolCheckUser },
        // pre-stop.sh needs time for its fast shutdown plus its immediate fallback.
        { name: "PG_STOP_TIMEOUT_SECONDS", value: String(o.terminationGracePeriodSeconds - 15) },
    ];
}

export function repmgrStatefulSetSpec(o: RepmgrStatefulSetOptions) {
    const archive = o.backupClaim !== undefined;
    const env = repmgrPodEnv({ ...o, archive });
    const script = (name: string) => ["bash", `${podPaths.scriptsDir}/${name}`];
    const mounts = postgresMounts(archive);
    // The shared projection plus pgpool's check password (repmgr-init-primary.sh creates the role).
    const volumes = podVolumes({
        configMap: o.configMap, scriptsConfigMap: o.scriptsConfigMap, secrets: o.secrets, backupClaim: o.backupClaim,
        extraSecretFiles: [[o.secrets.pgpool, repmgrSecretFiles.pgpool]],
    }).filter(v => v.name !== "tools");
    // Every pod decides its own role (repmgr-entrypoint.sh): a replica must be recreated while
    // ordinal 0 is down, which OrderedReady would block.
    return postgresStatefulSetSpec({ ...o, podManagementPolicy: "Parallel" }, {
        automountServiceAccountToken: false,
        // repmgrd-run.sh fences a stale primary with pg_ctl stop, a signal to the postgres
        // container's postmaster: only possible when the containers share the process namespace.
        shareProcessNamespace: true,
        ...(archive ? { initContainers: [backupDirsInitContainer(o.image)] } : {}),
        containers: [
            {
                name: "postgres",
                image: o.image,
                command: script("repmgr-entrypoint.sh"),
                env,
                ports: [{ name: "postgresql", containerPort: o.port, protocol: "TCP" }],
                resources: o.resources,
                ...postgresProbes(podPaths.runDir, o.port),
                lifecycle: { preStop: { exec: { command: script("repmgr-pre-stop.sh") } } },
                securityContext: containerSecurityContext(),
                volumeMounts: mounts,
            },
            {
                name: "repmgrd",
                image: o.image,
                command: script("repmgrd-run.sh"),
                env,
                resources: repmgrdResources,
                securityContext: containerSecurityContext(),
                // The data volume too: `standby follow` rewrites postgresql.auto.conf.
                volumeMounts: mounts,
            },
        ],
        volumes,
    });
}
