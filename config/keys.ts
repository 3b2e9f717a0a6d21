/**
 * Every stack config key: its schema, its default and, for error messages, what is allowed.
 * Pulumi.yaml's `config:` block is rendered from this table (test/config/pulumi-yaml.test.ts
 * keeps them equal), so the CLI type-checks the same keys the program validates.
 */
import { z } from "zod";
import { ownedParameters } from "../specs/postgresql-conf";

/** Kubernetes quantity, e.g. `10Gi`, `500m`, `1.5`. */
const quantityPattern = /^([+]?[0-9]+(\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const dnsLabelPattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const roleNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;
const labelSelectorPattern = /^([A-Za-z0-9][-A-Za-z0-9_./]*=[-A-Za-z0-9_.]*)(,[A-Za-z0-9][-A-Za-z0-9_./]*=[-A-Za-z0-9_.]*)*$/;
const cidrPattern = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$|^[0-9a-fA-F:]+\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
/** Five-field cron, as Kubernetes CronJob accepts (no seconds field, no macros). */
const cronFieldPattern = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const isCron = (s: string) => { const f = s.trim().split(/\s+/); return f.length === 5 && f.every(x => cronFieldPattern.test(x)); };

export type ConfigType = "string" | "integer" | "boolean" | "array";

export interface KeySpec<S extends z.ZodTypeAny> {
    /** Pulumi.yaml type; `object` keys cannot be typed there (Pulumi's project schema has no object type). */
    type: ConfigType | "object";
    schema: S;
    default: z.infer<S>;
    /** What is allowed, in words, for the error message. */
    allowed: string;
    description: string;
}

function key<S extends z.ZodTypeAny>(spec: KeySpec<S>): KeySpec<S> {
    return spec;
}

const enumOf = <T extends string>(values: readonly [T, ...T[]]) => z.enum(values);
const quantity = z.string().regex(quantityPattern);
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

/** A pinned image: a tag other than `latest`, or a digest. */
const pinnedImage = z.string().refine(image => {
    if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
    const lastSegment = image.split("/").pop() ?? "";
    const tag = lastSegment.includes(":") ? lastSegment.split(":").pop() : undefined;
    return tag !== undefined && tag !== "" && tag !== "latest";
});

const parameterName = z.string().regex(/^[a-z_][a-z0-9_.]*$/);
const parameters = z.record(parameterName, z.union([z.string(), z.number(), z.boolean()]))
    .refine(p => Object.keys(p).every(k => !(ownedParameters as readonly string[]).includes(k)));

export const configKeys = {
    namespace: key({ type: "string", schema: z.string().regex(dnsLabelPattern), default: "postgres",
        allowed: "a DNS-1123 label (lowercase letters, digits, '-', at most 63 characters)",
        description: "Namespace the cluster is deployed into (created if missing)." }),
    clusterName: key({ type: "string", schema: z.string().regex(dnsLabelPattern).max(40), default: "pg",
        allowed: "a DNS-1123 label of at most 40 characters",
        description: "Name of the PostgreSQL cluster; prefixes every Kubernetes object." }),
    createNamespace: key({ type: "boolean", schema: z.boolean(), default: true,
        allowed: "true or false", description: "Create the namespace; false when it is managed elsewhere." }),
    topology: key({ type: "string", schema: enumOf(["standalone", "streaming"] as const), default: "streaming",
        allowed: "'standalone' or 'streaming' ('repmgr' and 'cnpg' are not implemented yet)",
        description: "standalone (one instance) or streaming (primary plus streaming replicas)." }),
    instances: key({ type: "integer", schema: int(1, 15), default: 1,
        allowed: "an integer from 1 to 15", description: "Number of PostgreSQL pods (1 primary, the rest replicas)." }),
    image: key({ type: "string", schema: pinnedImage, default: "docker.io/library/postgres:15.18-bookworm",
        allowed: "an image with a pinned tag other than 'latest', or a sha256 digest",
        description: "PostgreSQL image (Debian-based official image; uid 999)." }),
    kubectlImage: key({ type: "string", schema: pinnedImage, default: "docker.io/alpine/k8s:1.32.4",
        allowed: "an image with a pinned tag other than 'latest', or a sha256 digest",
        description: "Image that provides a static kubectl for the role labeller (copied by an init container)." }),
    cpuRequest: key({ type: "string", schema: quantity, default: "250m", allowed: "a Kubernetes quantity such as '500m' or '2'", description: "CPU request of the postgres container." }),
    memoryRequest: key({ type: "string", schema: quantity, default: "512Mi", allowed: "a Kubernetes quantity such as '512Mi' or '2Gi'", description: "Memory request of the postgres container." }),
    cpuLimit: key({ type: "string", schema: quantity, default: "1", allowed: "a Kubernetes quantity such as '500m' or '2'", description: "CPU limit of the postgres container." }),
    memoryLimit: key({ type: "string", schema: quantity, default: "1Gi", allowed: "a Kubernetes quantity such as '512Mi' or '2Gi'", description: "Memory limit of the postgres container." }),
    storageMode: key({ type: "string", schema: enumOf(["storageClass", "hostPath", "nfs"] as const), default: "storageClass",
        allowed: "'storageClass', 'hostPath' or 'nfs'",
        description: "storageClass: dynamic volumeClaimTemplates; hostPath: pre-created PVs on one node (single-node clusters); nfs: pre-created NFS PVs." }),
    storageSize: key({ type: "string", schema: quantity, default: "10Gi", allowed: "a Kubernetes quantity such as '10Gi'", description: "Size of each data volume." }),
    storageClassName: key({ type: "string", schema: z.string().regex(/^$|^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/), default: "",
        allowed: "a StorageClass name, or '' for the cluster default", description: "StorageClass of the data volumes (storageClass mode)." }),
    hostPath: key({ type: "string", schema: z.string().regex(/^$|^\/[^\0]*$/), default: "",
        allowed: "an absolute path, required when storageMode is 'hostPath'", description: "Directory on the node; pod N uses <hostPath>/<cluster>-N (hostPath mode)." }),
    hostPathNode: key({ type: "string", schema: z.string(), default: "",
        allowed: "a node name, required when storageMode is 'hostPath'", description: "Node that holds the hostPath volumes (the PVs get node affinity to it)." }),
    nfsServer: key({ type: "string", schema: z.string(), default: "",
        allowed: "a host name or address, required when storageMode is 'nfs'", description: "NFS server (nfs mode)." }),
    nfsPath: key({ type: "string", schema: z.string().regex(/^$|^\/.*$/), default: "",
        allowed: "an absolute export path, required when storageMode is 'nfs'", description: "Exported directory; pod N uses <nfsPath>/<cluster>-N (nfs mode)." }),
    postgresqlParameters: key({ type: "object", schema: parameters, default: {},
        allowed: `a map of postgresql.conf parameters to strings, numbers or booleans, without the parameters the program owns (${ownedParameters.join(", ")})`,
        description: "postgresql.conf parameters merged over the defaults." }),
    antiAffinity: key({ type: "string", schema: enumOf(["required", "preferred"] as const), default: "preferred",
        allowed: "'required' or 'preferred'", description: "Pod anti-affinity between instances." }),
    antiAffinityTopologyKey: key({ type: "string", schema: enumOf(["kubernetes.io/hostname", "topology.kubernetes.io/zone"] as const), default: "kubernetes.io/hostname",
        allowed: "'kubernetes.io/hostname' or 'topology.kubernetes.io/zone'", description: "Failure domain the instances are spread over." }),
    allowedClients: key({ type: "array", schema: z.array(z.string().regex(labelSelectorPattern)), default: [] as string[],
        allowed: "a list of pod label selectors such as 'app=web,tier=api'", description: "Pods (same namespace) admitted by the NetworkPolicy besides the cluster's own pods." }),
    allowedClientNamespaces: key({ type: "array", schema: z.array(z.string().regex(dnsLabelPattern)), default: [] as string[],
        allowed: "a list of namespace names", description: "Namespaces whose pods (matching allowedClients, or all when it is empty) are admitted." }),
    podCidrs: key({ type: "array", schema: z.array(z.string().regex(cidrPattern)).min(1).refine(c => !c.some(x => /^(0\.0\.0\.0|::)\/0$/.test(x))), default: ["10.0.0.0/8"],
        allowed: "a non-empty list of CIDRs, none of them 0.0.0.0/0 or ::/0", description: "Pod network of the cluster: the only addresses pg_hba.conf admits." }),
    serviceType: key({ type: "string", schema: enumOf(["ClusterIP", "NodePort", "LoadBalancer"] as const), default: "ClusterIP",
        allowed: "'ClusterIP', 'NodePort' or 'LoadBalancer' (the policy pack blocks the last two)", description: "Type of the read-write and read-only Services." }),
    pdbMaxUnavailable: key({ type: "integer", schema: int(1), default: 1, allowed: "an integer >= 1", description: "PodDisruptionBudget maxUnavailable." }),
    terminationGracePeriodSeconds: key({ type: "integer", schema: int(30, 3600), default: 60, allowed: "an integer from 30 to 3600", description: "Time PostgreSQL gets to shut down cleanly." }),
    protectData: key({ type: "boolean", schema: z.boolean(), default: false, allowed: "true or false", description: "Pulumi `protect` on data-bearing resources (PVCs, PVs, StatefulSet, Secrets)." }),
    production: key({ type: "boolean", schema: z.boolean(), default: false, allowed: "true or false", description: "Marks a production stack (the policy pack then requires backups)." }),
    replicationUser: key({ type: "string", schema: z.string().regex(roleNamePattern), default: "replicator", allowed: "a PostgreSQL role name (lowercase, digits, '_')", description: "Replication role." }),
    appUser: key({ type: "string", schema: z.string().regex(roleNamePattern), default: "app", allowed: "a PostgreSQL role name (lowercase, digits, '_')", description: "Application role (owner of appDatabase)." }),
    appDatabase: key({ type: "string", schema: z.string().regex(roleNamePattern), default: "app", allowed: "a database name (lowercase, digits, '_')", description: "Application database created on first init." }),
    backupEnabled: key({ type: "boolean", schema: z.boolean(), default: false, allowed: "true or false", description: "WAL archiving plus scheduled base backups." }),
    backupSchedule: key({ type: "string", schema: z.string().refine(isCron), default: "0 3 * * *",
        allowed: "a five-field cron expression such as '0 3 * * *'", description: "Schedule of the base-backup CronJob." }),
    backupRetain: key({ type: "integer", schema: int(1, 365), default: 7, allowed: "an integer from 1 to 365", description: "Base backups kept; WAL older than the oldest kept backup is pruned." }),
    archiveTimeoutSeconds: key({ type: "integer", schema: int(30, 3600), default: 300, allowed: "an integer from 30 to 3600", description: "archive_timeout: the most time a written change waits before its WAL segment is archived." }),
    backupStorageSize: key({ type: "string", schema: quantity, default: "50Gi", allowed: "a Kubernetes quantity such as '50Gi'", description: "Size of the shared volume that holds the WAL archive and base backups." }),
    backupStorageClassName: key({ type: "string", schema: z.string().regex(/^$|^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/), default: "",
        allowed: "a StorageClass name offering ReadWriteMany, or '' for the cluster default", description: "StorageClass of the backup volume (must support ReadWriteMany when instances > 1)." }),
    restoreDrill: key({ type: "string", schema: z.string().refine(s => s === "" || isCron(s)), default: "",
        allowed: "'' (no drill) or a five-field cron expression such as '30 5 * * *'",
        description: "Schedule of the restore-drill CronJob: restores the newest base backup plus WAL into a scratch instance and checks it." }),
    restoreFrom: key({ type: "string", schema: z.string().regex(/^$|^latest$|^[0-9]{8}T[0-9]{9}Z$/), default: "",
        allowed: "'' (no restore), 'latest', or a backup id such as '20261122T030000123Z'", description: "Deploy a point-in-time recovery instance from this base backup." }),
    restoreTargetTime: key({ type: "string", schema: z.string(), default: "",
        allowed: "an RFC 3339 time such as '2026-11-22T10:00:00Z', required with restoreFrom", description: "recovery_target_time of the recovery instance." }),
};

/**
 * The superuser is not configurable: it must be the image's OS user (`postgres`) so the pod
 * scripts reach it over the unix socket with peer authentication, without a password.
 */
export const superuser = "postgres";

export type ConfigKey = keyof typeof configKeys;
export type StackConfig = { [K in ConfigKey]: z.infer<(typeof configKeys)[K]["schema"]> };
