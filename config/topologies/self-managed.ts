/**
 * Keys of the topologies that run PostgreSQL in the project's own pods (streaming, standalone, repmgr):
 * the static volume modes, the PodDisruptionBudget, the replication role and the shared backup
 * volume with its CronJobs. An operator-managed topology (cnpg) refuses them by name.
 */
import { z } from "zod";
import { clusterDefaults as d } from "../../components/args/defaults";
import { backupCompressions } from "../../specs/self-managed/backup";
import { cronAllowed, enumOf, int, isCron, key, positiveQuantity, quantity, roleNamePattern } from "../key-spec";

export const selfManagedKeys = {
    storageMode: key({ type: "string", schema: enumOf(["storageClass", "hostPath", "nfs"] as const), default: d.storage.mode,
        allowed: "'storageClass', 'hostPath' or 'nfs'",
        description: "storageClass: dynamic volumeClaimTemplates; hostPath: pre-created PVs on one node (single-node clusters); nfs: pre-created NFS PVs." }),
    hostPath: key({ type: "string", schema: z.string().regex(/^$|^\/[^\0]*$/), default: "",
        allowed: "an absolute path, required when storageMode is 'hostPath'", description: "Directory on the node; pod N uses <hostPath>/<cluster>-N (hostPath mode)." }),
    hostPathNode: key({ type: "string", schema: z.string(), default: "",
        allowed: "a node name, required when storageMode is 'hostPath'", description: "Node that holds the hostPath volumes (the PVs get node affinity to it)." }),
    nfsServer: key({ type: "string", schema: z.string(), default: "",
        allowed: "a host name or address, required when storageMode is 'nfs'", description: "NFS server (nfs mode)." }),
    nfsPath: key({ type: "string", schema: z.string().regex(/^$|^\/.*$/), default: "",
        allowed: "an absolute export path, required when storageMode is 'nfs'", description: "Exported directory; pod N uses <nfsPath>/<cluster>-N (nfs mode)." }),
    pdbMaxUnavailable: key({ type: "integer", schema: int(1), default: d.pdbMaxUnavailable, allowed: "an integer >= 1", description: "PodDisruptionBudget maxUnavailable." }),
    replicationUser: key({ type: "string", schema: z.string().regex(roleNamePattern), default: d.users.replicationUser, allowed: "a PostgreSQL role name (lowercase, digits, '_')", description: "Replication role." }),
    backupSchedule: key({ type: "string", schema: z.string().refine(isCron), default: d.backup.schedule,
        allowed: cronAllowed, description: "Schedule of the base-backup CronJob." }),
    backupRetain: key({ type: "integer", schema: int(1, 365), default: d.backup.retain, allowed: "an integer from 1 to 365", description: "Base backups kept; WAL older than the oldest kept backup is pruned." }),
    backupCompression: key({ type: "string", schema: enumOf(backupCompressions), default: d.backup.compression,
        allowed: "zstd, lz4 or none", description: "Compression of base backups, done by the source server: zstd (smallest, near raw speed), lz4 (fastest, larger) or none." }),
    backupDeadlineSeconds: key({ type: "integer", schema: int(600, 604800), default: d.backup.deadlineSeconds, allowed: "an integer from 600 to 604800",
        description: "activeDeadlineSeconds of each base-backup Job: a hung backup is killed after this long instead of blocking every later one." }),
    backupCpuRequest: key({ type: "string", schema: quantity, default: d.backup.resources.requests.cpu, allowed: "a Kubernetes quantity such as '500m' or '2'",
        description: "CPU request of the base-backup and restore-drill Jobs (their own, not the database's)." }),
    backupMemoryRequest: key({ type: "string", schema: quantity, default: d.backup.resources.requests.memory, allowed: "a Kubernetes quantity such as '512Mi' or '2Gi'",
        description: "Memory request of the base-backup and restore-drill Jobs." }),
    backupCpuLimit: key({ type: "string", schema: quantity, default: d.backup.resources.limits.cpu, allowed: "a Kubernetes quantity such as '500m' or '2'",
        description: "CPU limit of the base-backup and restore-drill Jobs." }),
    backupMemoryLimit: key({ type: "string", schema: quantity, default: d.backup.resources.limits.memory, allowed: "a Kubernetes quantity such as '512Mi' or '2Gi'",
        description: "Memory limit of the base-backup and restore-drill Jobs (a drill runs the cluster's postgresql.conf: keep it above shared_buffers)." }),
    backupStorageSize: key({ type: "string", schema: positiveQuantity, default: d.backup.storageSize, allowed: "a Kubernetes quantity above zero such as '50Gi'", description: "Size of the shared volume that holds the WAL archive and base backups." }),
    backupStorageClassName: key({ type: "string", schema: z.string().regex(/^$|^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/), default: "",
        allowed: "a StorageClass name offering ReadWriteMany, or '' for the cluster default", description: "StorageClass of the backup volume (must support ReadWriteMany when instances > 1)." }),
    restoreDrill: key({ type: "string", schema: z.string().refine(s => s === "" || isCron(s)), default: "",
        allowed: `'' (no drill) or ${cronAllowed}`,
        description: "Schedule of the restore-drill CronJob: restores the newest base backup plus WAL into a scratch instance and checks it." }),
};
