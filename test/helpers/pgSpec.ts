/**
 * The containers the components deploy, taken from the same spec builders the components use
 * (statefulSetSpec, backupCronJobSpec, restoreStatefulSetSpec): the tests run their commands with
 * their environment, so tests and manifests cannot drift apart.
 */
import { BackupCompression, backupCronJobSpec, restoreStatefulSetSpec } from "../../specs/self-managed/backup";
import { restoreDrillCronJobSpec } from "../../specs/self-managed/restore-drill";
import { clusterEnvOptions, EnvVar } from "../../specs/self-managed/pod-env";
import { statefulSetSpec, StatefulSetOptions } from "../../specs/streaming/statefulset";
import { VolumeMount } from "../../specs/self-managed/volumes";
import { clusterDefaults } from "../../components/args/defaults";

export interface ContainerSpec { command: string[]; env: EnvVar[]; volumeMounts: VolumeMount[]; readinessProbe?: { exec: { command: string[] } } }

export interface ClusterContainers {
    postgres: ContainerSpec;
    /** The StatefulSet's `bootstrap` init container (initdb, clone, rejoin). */
    bootstrap: ContainerSpec;
    labeller: ContainerSpec;
    backupJob: ContainerSpec;
    restoreInit: (from: string, targetTime: string) => ContainerSpec;
    restoreServer: ContainerSpec;
    restoreDrill: ContainerSpec;
}

export interface SpecInput { cluster: string; namespace: string; instances: number; archive: boolean; retain: number; compression?: BackupCompression; replicaMaxLagMB?: number }

export const testUsers = { superuser: "postgres", replicationUser: "replicator", appUser: "app", appDatabase: "appdb" };

const image = "docker.io/library/postgres:15.19-bookworm";
const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } };
const secrets = { superuser: "s", replication: "r", app: "a" };

function container(c: Partial<ContainerSpec> | undefined, what: string): ContainerSpec {
    if (!c?.command || !c.env || !c.volumeMounts) throw new Error(`spec has no complete ${what} container`);
    return { command: c.command, env: c.env, volumeMounts: c.volumeMounts, readinessProbe: c.readinessProbe };
}

export function clusterContainers(o: SpecInput): ClusterContainers {
    const backupClaim = o.archive ? "backup-claim" : undefined;
    const sts = statefulSetSpec({
        cluster: o.cluster, namespace: o.namespace, instances: o.instances, image, kubectlImage: image, port: 5432,
        resources, antiAffinity: "preferred", topologyKey: "kubernetes.io/hostname", terminationGracePeriodSeconds: 60,
        serviceAccount: "sa", configMap: "config", scriptsConfigMap: "scripts", secrets, users: testUsers,
        configChecksumSource: "", dataClaim: { size: "1Gi" }, backupClaim,
        replicaMaxLagMB: o.replicaMaxLagMB ?? clusterDefaults.replicaMaxLagMB,
    });
    const [postgres, labeller] = sts.template.spec.containers;
    const env = clusterEnvOptions({ cluster: o.cluster, namespace: o.namespace, instances: o.instances, port: 5432, users: testUsers, archive: o.archive });
    const pod = { cluster: o.cluster, image, resources, env, configMap: "config", scriptsConfigMap: "scripts", secrets, backupClaim: "backup-claim" };
    const job = backupCronJobSpec({ ...pod, schedule: "0 * * * *", retain: o.retain, compression: o.compression });
    const restore = (from: string, targetTime: string) => restoreStatefulSetSpec({
        ...pod, from, targetTime, port: 5432, storage: { size: "1Gi" }, terminationGracePeriodSeconds: 60,
    }).template.spec;
    const drill = restoreDrillCronJobSpec({ ...pod, schedule: "0 5 * * *", storage: { size: "1Gi" } });
    return {
        postgres: container(postgres, "postgres"),
        bootstrap: container(sts.template.spec.initContainers?.find(c => c.name === "bootstrap"), "bootstrap"),
        labeller: container(labeller, "role-labeller"),
        backupJob: container(job.jobTemplate.spec.template.spec.containers[0], "base-backup"),
        restoreInit: (from, targetTime) => container(restore(from, targetTime).initContainers[0], "restore"),
        restoreServer: container(restore("latest", "").containers[0], "restore postgres"),
        restoreDrill: container(drill.jobTemplate.spec.template.spec.containers[0], "restore-drill"),
    };
}

/** The streaming StatefulSet spec with small test values, for assertions on its shape. */
export function streamingSpec(o: Partial<StatefulSetOptions> = {}) {
    return statefulSetSpec({
        cluster: "pg", namespace: "db", instances: 2, image: "postgres:15.18", kubectlImage: "k:1", port: 5432,
        resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
        antiAffinity: "preferred", topologyKey: "kubernetes.io/hostname", terminationGracePeriodSeconds: 60,
        serviceAccount: "sa", configMap: "c", scriptsConfigMap: "s", secrets: { superuser: "s", replication: "r", app: "a" },
        users: testUsers, configChecksumSource: "", dataClaim: { size: "1Gi" }, replicaMaxLagMB: clusterDefaults.replicaMaxLagMB, ...o,
    });
}
