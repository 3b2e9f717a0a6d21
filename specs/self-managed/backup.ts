/** Specs of the backup CronJob and the point-in-time recovery StatefulSet. */
import type * as pulumi from "@pulumi/pulumi";
import { commonLabels, imageVersion, selectorLabels } from "../labels";
import { dataVolumeName, objectName } from "../names";
import { podPaths } from "./paths";
import { EnvVar, postgresEnv, PodEnvOptions } from "./pod-env";
import { postgresProbes } from "./probes";
import { containerSecurityContext, podSecurityContext } from "../security";
import { Resources } from "./pod-template";
import { ClaimTemplate, dataClaimTemplate } from "../persistent-volume-claim";
import { podVolumes, postgresMounts, SecretNames, VolumeMount } from "./volumes";
import { backupDirsInitContainer } from "./backup-volume";

export interface BackupPodOptions {
    cluster: string;
    image: string;
    resources: Resources;
    env: PodEnvOptions;
    configMap: string;
    scriptsConfigMap: string;
    secrets: SecretNames;
    backupClaim: string;
}

const script = (name: string) => `${podPaths.scriptsDir}/${name}`;

/** Mounts for pods that use the backup volume but have no data volume of their own (backup job). */
function mountsWithoutData(readOnlyBackup: boolean): VolumeMount[] {
    return postgresMounts(true)
        .filter(m => m.name !== dataVolumeName)
        .map(m => (m.name === "backup" && readOnlyBackup ? { ...m, readOnly: true } : m));
}

/** How base backups are compressed (base-backup.sh); restores read every one, and gzip backups made before. */
export const backupCompressions = ["zstd", "lz4", "none"] as const;
export type BackupCompression = (typeof backupCompressions)[number];

/** Id of a base backup the backup Job writes: its start time to the millisecond (BACKUP_ID_RE of lib.sh). */
export const selfManagedBackupId = /^[0-9]{8}T[0-9]{9}Z$/;

export interface BackupCronJobOptions extends BackupPodOptions {
    schedule: pulumi.Input<string>;
    retain: number;
    /** Defaults to zstd (server-side, two threads: about a third of the size at close to raw speed). */
    compression?: BackupCompression;
    /** A Job still running after this long is killed (with Forbid, a hung one would block every later backup). Defaults to 21600 (6 h). */
    deadlineSeconds?: number;
}

/** What every CronJob of the cluster shares: never two runs at once, the last runs kept for inspection. */
export function cronJobSchedule(schedule: pulumi.Input<string>) {
    return {
        schedule,
        concurrencyPolicy: "Forbid",
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
    };
}

/** The pod-level settings of a Job pod: no restarts in place, non-root, no API token. */
export function jobPodSettings() {
    return {
        restartPolicy: "Never",
        securityContext: podSecurityContext(),
        automountServiceAccountToken: false,
        enableServiceLinks: false,
    };
}

export function backupCronJobSpec(o: BackupCronJobOptions) {
    const env: EnvVar[] = [
        ...postgresEnv({ ...o.env, archive: true, backups: true }),
        { name: "PG_BACKUP_RETAIN", value: String(o.retain) },
        { name: "PG_BACKUP_COMPRESSION", value: o.compression ?? "zstd" },
        // A backup waits for nobody: a connection that takes a few seconds (a dropped SYN on a busy
        // node) must not fail it, as it would with the members' 3 s, which keeps failure detection fast.
        { name: "PG_CONNECT_TIMEOUT", value: "10" },
    ];
    return {
        // A second backup must never start while one is still running.
        ...cronJobSchedule(o.schedule),
        jobTemplate: {
            metadata: { labels: commonLabels(o.cluster, "backup") },
            spec: {
                backoffLimit: 2,
                activeDeadlineSeconds: o.deadlineSeconds ?? 21600,
                template: {
                    metadata: { labels: commonLabels(o.cluster, "backup", imageVersion(o.image)) },
                    spec: {
                        ...jobPodSettings(),
                        initContainers: [backupDirsInitContainer(o.image)],
                        containers: [{
                            name: "base-backup",
                            image: o.image,
                            // Prune only after a new backup completed: base-backup.sh fails first otherwise.
                            command: ["bash", "-c", `${script("base-backup.sh")} && ${script("prune-backups.sh")}`],
                            env,
                            resources: o.resources,
                            securityContext: containerSecurityContext(),
                            volumeMounts: mountsWithoutData(false),
                        }],
                        volumes: podVolumes({ ...o, backupClaim: o.backupClaim }),
                    },
                },
            },
        },
    };
}

export interface RestoreOptions extends BackupPodOptions {
    from: string;
    targetTime: string;
    port: number;
    storage: ClaimTemplate;
    terminationGracePeriodSeconds: number;
}

/**
 * One recovery instance beside the running cluster: an init container unpacks the chosen base
 * backup into the instance's own new volume and writes the recovery target; PostgreSQL then
 * replays archived WAL to the target and promotes. It reads the backup volume read-only and never
 * archives, so the cluster's archive and volumes stay untouched.
 */
export function restoreStatefulSetSpec(o: RestoreOptions) {
    const selector = selectorLabels(o.cluster, "restore");
    const env: EnvVar[] = [
        ...postgresEnv({ ...o.env, archive: true, backups: true }),
        { name: "PG_RESTORE_FROM", value: o.from },
        { name: "PG_RESTORE_TARGET_TIME", value: o.targetTime },
    ];
    const mounts = postgresMounts(true).map(m => (m.name === "backup" ? { ...m, readOnly: true } : m));
    return {
        serviceName: objectName(o.cluster, "restoreHeadless"),
        replicas: 1,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
        selector: { matchLabels: selector },
        template: {
            metadata: { labels: commonLabels(o.cluster, "restore", imageVersion(o.image)) },
            spec: {
                securityContext: podSecurityContext(),
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                terminationGracePeriodSeconds: o.terminationGracePeriodSeconds,
                initContainers: [{
                    name: "restore",
                    image: o.image,
                    command: ["bash", script("restore.sh")],
                    env,
                    resources: o.resources,
                    securityContext: containerSecurityContext(),
                    volumeMounts: mounts,
                }],
                containers: [{
                    name: "postgres",
                    image: o.image,
                    command: [
                        "postgres", "-D", podPaths.pgdata,
                        "-c", `config_file=${podPaths.configDir}/postgresql.conf`,
                        "-c", `hba_file=${podPaths.configDir}/pg_hba.conf`,
                        // The recovered server must not write into the cluster's WAL archive.
                        "-c", "archive_mode=off",
                    ],
                    env,
                    ports: [{ name: "postgresql", containerPort: o.port, protocol: "TCP" }],
                    resources: o.resources,
                    ...postgresProbes(podPaths.runDir, o.port),
                    lifecycle: { preStop: { exec: { command: ["bash", script("pre-stop.sh")] } } },
                    securityContext: containerSecurityContext(),
                    volumeMounts: mounts,
                }],
                volumes: podVolumes({ ...o, backupClaim: o.backupClaim }),
            },
        },
        volumeClaimTemplates: [dataClaimTemplate(selector, o.storage)],
    };
}
