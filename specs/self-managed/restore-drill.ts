/**
 * The restore-drill CronJob: restores the newest base backup plus the archived WAL into a
 * scratch instance inside the Job's own pod (an ephemeral volume, deleted with the pod) and
 * checks it (components/scripts/restore-drill.sh). It mounts the backup volume read-only, has no
 * Secrets and no ServiceAccount token, and never talks to the cluster. The result is the
 * container's termination message, which `postgres-k8s status` reads.
 */
import { commonLabels, imageVersion } from "../labels";
import { dataVolumeName } from "../names";
import { ClaimTemplate } from "../persistent-volume-claim";
import { containerSecurityContext } from "../security";
import { BackupPodOptions, cronJobSchedule, jobPodSettings } from "./backup";
import { podPaths } from "./paths";
import { EnvVar, postgresEnv } from "./pod-env";
import { podVolumes, postgresMounts } from "./volumes";

export interface RestoreDrillCronJobOptions extends BackupPodOptions {
    /** Five-field cron schedule. */
    schedule: string;
    /** Scratch volume for the restored data: the data volumes' class and size. */
    storage: ClaimTemplate;
    /**
     * Use an emptyDir of that size on the node's disk instead of a claim: for the hostPath and
     * nfs storage modes, whose class has only the cluster's own pre-bound volumes.
     */
    scratchOnNode?: boolean;
    /** Longest a drill may take (restore, recovery and amcheck). Defaults to 6 hours. */
    timeoutSeconds?: number;
}

export const restoreDrillContainer = "restore-drill";
export const restoreDrillResultFile = "/dev/termination-log";

export function restoreDrillCronJobSpec(o: RestoreDrillCronJobOptions) {
    const timeout = o.timeoutSeconds ?? 6 * 3600;
    const env: EnvVar[] = [
        ...postgresEnv({ ...o.env, archive: true, backups: true }),
        { name: "PG_DRILL_TIMEOUT_SECONDS", value: String(timeout) },
        { name: "PG_DRILL_RESULT_FILE", value: restoreDrillResultFile },
    ];
    // No password is needed (the scratch server is reached over its socket) nor mounted.
    const mounts = postgresMounts(true)
        .filter(m => m.name !== "secrets")
        .map(m => (m.name === "backup" ? { ...m, readOnly: true } : m));
    const volumes = [
        ...podVolumes({ ...o, backupClaim: o.backupClaim }).filter(v => v.name !== "secrets" && v.name !== "tools"),
        o.scratchOnNode
            ? { name: dataVolumeName, emptyDir: { sizeLimit: o.storage.size } }
            : {
                name: dataVolumeName,
                ephemeral: {
                    volumeClaimTemplate: {
                        metadata: { labels: commonLabels(o.cluster, "restore-drill") },
                        spec: {
                            accessModes: ["ReadWriteOnce"],
                            ...(o.storage.storageClassName ? { storageClassName: o.storage.storageClassName } : {}),
                            resources: { requests: { storage: o.storage.size } },
                        },
                    },
                },
            },
    ];
    return {
        // The kept Jobs are where `status` finds the last results (their pods' termination messages).
        ...cronJobSchedule(o.schedule),
        jobTemplate: {
            metadata: { labels: commonLabels(o.cluster, "restore-drill") },
            spec: {
                // A failed drill is the alert: no retry hides it.
                backoffLimit: 0,
                activeDeadlineSeconds: timeout + 600,
                template: {
                    metadata: { labels: commonLabels(o.cluster, "restore-drill", imageVersion(o.image)) },
                    spec: {
                        ...jobPodSettings(),
                        containers: [{
                            name: restoreDrillContainer,
                            image: o.image,
                            command: ["bash", `${podPaths.scriptsDir}/restore-drill.sh`],
                            env,
                            resources: o.resources,
                            securityContext: containerSecurityContext(),
                            terminationMessagePath: restoreDrillResultFile,
                            terminationMessagePolicy: "File",
                            volumeMounts: mounts,
                        }],
                        volumes,
                    },
                },
            },
        },
    };
}
