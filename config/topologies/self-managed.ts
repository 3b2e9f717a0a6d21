/**
 * Keys of the topologies that run PostgreSQL in the project's own pods (streaming, standalone, repmgr):
 * the static volume modes, the PodDisruptionBudget, the replication role and the shared backup
 * volume with its CronJobs. An operator-managed topology (cnpg) refuses them by name.
 */
import { z } from "zod";
import { clusterDefaults as d } from "../../components/args/defaults";
import { backupCompressions } from "../../specs/self-managed/backup";
import { locations, names, quantities, ranges, schedules } from "../../components/args/checks";
import { checked, enumOf, key } from "../key-spec";

export const selfManagedKeys = {
    storageMode: key({ type: "string", schema: enumOf(["storageClass", "hostPath", "nfs"] as const), default: d.storage.mode,
        allowed: "'storageClass', 'hostPath' or 'nfs'",
        description: "storageClass: dynamic volumeClaimTemplates; hostPath: pre-created PVs on one node (single-node clusters); nfs: pre-created NFS PVs." }),
    hostPath: key({ type: "string", ...checked(z.string(), locations.hostPath), default: "",
        description: "Directory on the node; pod N uses <hostPath>/<cluster>-N (hostPath mode)." }),
    hostPathNode: key({ type: "string", schema: z.string(), default: "",
        allowed: "a node name, required when storageMode is 'hostPath'", description: "Node that holds the hostPath volumes (the PVs get node affinity to it)." }),
    nfsServer: key({ type: "string", schema: z.string(), default: "",
        allowed: "a host name or address, required when storageMode is 'nfs'", description: "NFS server (nfs mode)." }),
    nfsPath: key({ type: "string", ...checked(z.string(), locations.nfsPath), default: "",
        description: "Exported directory; pod N uses <nfsPath>/<cluster>-N (nfs mode)." }),
    pdbMaxUnavailable: key({ type: "integer", ...checked(z.number(), ranges.pdbMaxUnavailable), default: d.pdbMaxUnavailable, description: "PodDisruptionBudget maxUnavailable." }),
    replicationUser: key({ type: "string", ...checked(z.string(), names.replicationUser), default: d.users.replicationUser, description: "Replication role." }),
    backupSchedule: key({ type: "string", ...checked(z.string(), schedules.backupSchedule), default: d.backup.schedule,
        description: "Schedule of the base-backup CronJob." }),
    backupRetain: key({ type: "integer", ...checked(z.number(), ranges.backupRetain), default: d.backup.retain, description: "Base backups kept; WAL older than the oldest kept backup is pruned." }),
    backupCompression: key({ type: "string", schema: enumOf(backupCompressions), default: d.backup.compression,
        allowed: "zstd, lz4 or none", description: "Compression of base backups, done by the source server: zstd (smallest, near raw speed), lz4 (fastest, larger) or none." }),
    backupDeadlineSeconds: key({ type: "integer", ...checked(z.number(), ranges.backupDeadlineSeconds), default: d.backup.deadlineSeconds,
        description: "activeDeadlineSeconds of each base-backup Job: a hung backup is killed after this long instead of blocking every later one." }),
    backupCpuRequest: key({ type: "string", ...checked(z.string(), quantities.backupCpuRequest), default: d.backup.resources.requests.cpu,
        description: "CPU request of the base-backup and restore-drill Jobs (their own, not the database's)." }),
    backupMemoryRequest: key({ type: "string", ...checked(z.string(), quantities.backupMemoryRequest), default: d.backup.resources.requests.memory,
        description: "Memory request of the base-backup and restore-drill Jobs." }),
    backupCpuLimit: key({ type: "string", ...checked(z.string(), quantities.backupCpuLimit), default: d.backup.resources.limits.cpu,
        description: "CPU limit of the base-backup and restore-drill Jobs." }),
    backupMemoryLimit: key({ type: "string", ...checked(z.string(), quantities.backupMemoryLimit), default: d.backup.resources.limits.memory,
        description: "Memory limit of the base-backup and restore-drill Jobs (a drill runs the cluster's postgresql.conf: keep it above shared_buffers)." }),
    backupStorageSize: key({ type: "string", ...checked(z.string(), quantities.backupStorageSize), default: d.backup.storageSize, description: "Size of the shared volume that holds the WAL archive and base backups." }),
    backupStorageClassName: key({ type: "string", ...checked(z.string(), names.backupStorageClassName), default: "",
        description: "StorageClass of the backup volume (must support ReadWriteMany when instances > 1)." }),
    restoreDrill: key({ type: "string", ...checked(z.string(), schedules.restoreDrill), default: "",
        description: "Schedule of the restore-drill CronJob: restores the newest base backup plus WAL into a scratch instance and checks it." }),
};
