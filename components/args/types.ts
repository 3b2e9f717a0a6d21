/**
 * The arguments of PostgresCluster, usable from any Pulumi program: the documented types. Omitted
 * fields take the defaults of defaults.ts; `resolveClusterArgs` (resolve.ts) fills them in and
 * `clusterArgsProblems` (validation.ts) checks them before any resource is created. Stack config
 * reaches these args through config/cluster-args.ts, after config/ has validated every key with
 * the same rules.
 */
import * as pulumi from "@pulumi/pulumi";
import { AntiAffinityMode } from "../../specs/affinity";
import { ParameterValue } from "../../specs/postgresql-conf";
import { ServiceType } from "../../specs/services";
import { BackupCompression } from "../../specs/self-managed/backup";
import { CnpgSettings, ResolvedCnpgSettings } from "../cnpg/settings";
import { StorageMode } from "../self-managed/storage";

/** Topologies the component builds. */
export const topologies = ["standalone", "streaming", "repmgr", "cnpg"] as const;
export type Topology = (typeof topologies)[number];

export interface ContainerResources {
    requests?: { cpu?: pulumi.Input<string>; memory?: pulumi.Input<string> };
    limits?: { cpu?: pulumi.Input<string>; memory?: pulumi.Input<string> };
}

export interface ClusterStorageSettings {
    /**
     * `storageClass`: claims from the StatefulSet's volumeClaimTemplate, provisioned by a
     * StorageClass; `hostPath`: one pre-created PV per instance on one node (single-node
     * clusters); `nfs`: one pre-created NFS PV per instance. Defaults to "storageClass".
     */
    mode?: StorageMode;
    /** Size of each data volume, a Kubernetes quantity. Defaults to "10Gi". */
    size?: pulumi.Input<string>;
    /**
     * StorageClass of the data volumes (storageClass mode); use one with `reclaimPolicy: Retain`
     * in production. Defaults to the cluster's default StorageClass (static modes: `<cluster>-static`).
     */
    storageClassName?: string;
    /** Directory on `node`; pod N uses `<path>/<cluster>-N`. Required in hostPath mode. Defaults to none. */
    hostPath?: { path: string; node: string };
    /** NFS export; pod N uses `<path>/<cluster>-N`. Required in nfs mode. Defaults to none. */
    nfs?: { server: string; path: string };
}

export interface ClusterAntiAffinity {
    /** `required`: never two instances in one failure domain; `preferred`: spread when possible. Defaults to "preferred". */
    mode?: AntiAffinityMode;
    /** Failure domain: `kubernetes.io/hostname` or `topology.kubernetes.io/zone`. Defaults to "kubernetes.io/hostname". */
    topologyKey?: string;
}

export interface ClusterNetwork {
    /**
     * Pod label selectors (`app=web,tier=api`) admitted by the NetworkPolicy besides the cluster's
     * own pods, in the cluster's namespace (or in `allowedClientNamespaces`). Defaults to none.
     */
    allowedClients?: string[];
    /** Namespaces whose pods (matching `allowedClients`, or all when it is empty) are admitted. Defaults to none. */
    allowedClientNamespaces?: string[];
    /** Pod network: the only addresses pg_hba.conf admits (never `0.0.0.0/0`). Defaults to every private range (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). */
    podCidrs?: string[];
    /** Type of the read-write and read-only Services (the policy pack blocks NodePort and LoadBalancer). Defaults to "ClusterIP". */
    serviceType?: ServiceType;
}

export interface ClusterUsers {
    /** Replication role. Defaults to "replicator". */
    replicationUser?: string;
    /** Application role, owner of `appDatabase`. Defaults to "app". */
    appUser?: string;
    /** Application database, created on first initialisation. Defaults to "app". */
    appDatabase?: string;
}

export interface ClusterBackupSettings {
    /** Five-field cron schedule of the base-backup CronJob. Defaults to "0 3 * * *". */
    schedule?: pulumi.Input<string>;
    /** Base backups kept; WAL older than the oldest kept backup is pruned. Defaults to 7. */
    retain?: number;
    /**
     * Compression of base backups, done by the source server (a replica when there is one):
     * zstd (about 40 % of the raw size near the raw rate), lz4 (faster, larger) or none. Restores
     * read every choice. Defaults to "zstd".
     */
    compression?: BackupCompression;
    /**
     * activeDeadlineSeconds of each base-backup Job: a hung run is killed after this long instead
     * of blocking every later backup (the CronJob forbids concurrent runs). Defaults to 21600 (6 h).
     */
    deadlineSeconds?: number;
    /**
     * Requests and limits of the base-backup and restore-drill Jobs, their own rather than the
     * database's (a scheduled Job must not reserve a second database's worth of a node). Raise the
     * memory limit for drills when shared_buffers is large: the drill runs the cluster's
     * postgresql.conf. Defaults to requests of 100m CPU and 256Mi, limits of 1 CPU and 1Gi.
     */
    resources?: ContainerResources;
    /** archive_timeout: the most seconds a written change waits before its WAL segment is archived. Defaults to 300. */
    archiveTimeoutSeconds?: number;
    /** Size of the shared volume holding the WAL archive and the base backups. Defaults to "50Gi". */
    storageSize?: pulumi.Input<string>;
    /** StorageClass of the backup volume; it must offer ReadWriteMany when instances > 1. Defaults to the cluster's default StorageClass. */
    storageClassName?: string;
    /**
     * Five-field cron schedule of the restore-drill CronJob, which restores the newest base backup
     * plus WAL into a scratch instance and checks it. Defaults to none (no drill).
     */
    restoreDrillSchedule?: string;
}

export interface ClusterRestoreSettings {
    /**
     * Base backup to restore: `latest`, or a backup id: the backup Job's such as
     * `20261122T030000123Z`, Barman's such as `20261122T030000` (topology cnpg).
     */
    from: string;
    /** recovery_target_time, RFC 3339, in the past and after the chosen backup. */
    targetTime: string;
}

/** The opt-in failover controller of the streaming topology (components/streaming/auto-failover.ts). */
export interface ClusterAutoFailoverSettings {
    /** Seconds between the controller's checks. Defaults to 10. */
    intervalSeconds?: number;
    /**
     * Consecutive checks without a primary, with the lost primary provably stopped (node NotReady,
     * pod gone, or container not running), before it promotes the most advanced replica. Defaults to 3.
     */
    checks?: number;
}

/** pgpool-II in front of the repmgr topology (components/repmgr/pgpool.ts). */
export interface ClusterPgpoolSettings {
    /** pgpool pods (a Deployment with its own PDB and anti-affinity). Defaults to 2. */
    replicas?: number;
    /** Client connections one pgpool pod serves at once (`num_init_children`). Defaults to 32. */
    numInitChildren?: number;
    /** Cached backend connections per pgpool child (`max_pool`). Defaults to 2. */
    maxPool?: number;
    /** Send read-only queries to the replicas. Defaults to true. */
    loadBalance?: boolean;
    /** Seconds between pgpool's health checks of each backend. Defaults to 1. */
    healthCheckPeriodSeconds?: number;
    /** Further failed checks (1 s apart) before pgpool detaches a backend. Defaults to 1. */
    healthCheckMaxRetries?: number;
}

/** repmgrd's failure detection (components/repmgr/; docs/repmgr.md explains the defaults). */
export interface ClusterRepmgrSettings {
    /** Seconds between repmgrd's checks of its upstream (`monitor_interval_secs`). Defaults to 1. */
    monitorIntervalSeconds?: number;
    /** Further checks of a lost primary before the standbys elect a new one (`reconnect_attempts`). Defaults to 2. */
    reconnectAttempts?: number;
    /** Seconds between those checks (`reconnect_interval`). Defaults to 1. */
    reconnectIntervalSeconds?: number;
    /** libpq connect_timeout of repmgr's connections: bounds each check of a host that accepts TCP but does not answer (an unreachable one's check ends after 1 s, at tcp_user_timeout). Defaults to 2. */
    connectTimeoutSeconds?: number;
    /** pgpool in front of the instances. Defaults to the fields' defaults. */
    pgpool?: ClusterPgpoolSettings;
}

export interface PostgresClusterArgs {
    /**
     * How the instances run and replicate: `streaming` (a primary plus streaming replicas in one
     * StatefulSet; switchover and failover by the pod scripts), `standalone` (one instance;
     * `instances` must be 1) or `cnpg` (a CloudNativePG `Cluster`, run by the operator).
     * Defaults to "streaming".
     */
    topology?: Topology;
    /**
     * Name of the PostgreSQL cluster, the prefix of every Kubernetes object (`<cluster>-rw`,
     * `<cluster>-app`, ...): a DNS-1123 label of at most 40 characters. Defaults to the
     * component's name.
     */
    clusterName?: string;
    /** Namespace of every namespaced object. Defaults to "postgres". */
    namespace?: string;
    /**
     * Create the namespace (retained on destroy: deleting it would delete the retained volumes);
     * false when it is managed elsewhere. Defaults to true.
     */
    createNamespace?: boolean;
    /** PostgreSQL pods: ordinal 0 initialises as primary, the others clone it and stream. Defaults to 1. */
    instances?: number;
    /** PostgreSQL image: the official Debian-based layout (uid 999), pinned by tag or digest. Defaults to "docker.io/library/postgres:15.19-bookworm". */
    image?: string;
    /**
     * Image with a static kubectl that an init container copies for the role labeller (streaming
     * and standalone), with `sh -c cp`: it needs sh, cp and kubectl on PATH (docs/images.md).
     * Defaults to "registry.k8s.io/kubectl:v1.36.4".
     */
    kubectlImage?: string;
    /**
     * Requests and limits of the postgres container, also used by the point-in-time recovery
     * instance (the backup Jobs have `backup.resources`). Defaults to requests of 250m CPU and
     * 512Mi, limits of 1 CPU and 1Gi.
     */
    resources?: ContainerResources;
    /** Data volumes. Defaults to storageClass mode, 10Gi each, from the cluster's default StorageClass. */
    storage?: ClusterStorageSettings;
    /**
     * postgresql.conf parameters merged over the program's defaults; the parameters the program
     * owns (`ownedParameters` in specs/postgresql-conf.ts) are refused, and every other entry is
     * checked against PostgreSQL's catalogue for the image's major (specs/postgresql-parameters/).
     * Defaults to none.
     */
    postgresqlParameters?: Record<string, ParameterValue>;
    /** Pod anti-affinity between instances. Defaults to preferred, over `kubernetes.io/hostname`. */
    antiAffinity?: ClusterAntiAffinity;
    /** Who may connect and how the cluster is exposed. Defaults to the cluster's own pods, the private ranges, ClusterIP. */
    network?: ClusterNetwork;
    /** PodDisruptionBudget maxUnavailable. Defaults to 1. */
    pdbMaxUnavailable?: number;
    /** Seconds PostgreSQL gets to shut down cleanly (the preStop hook uses all but 15). Defaults to 60. */
    terminationGracePeriodSeconds?: number;
    /**
     * streaming: a replica is Ready (served by the read-only Service) only while it streams from
     * the primary with replay at most this many MB (1 to 102400) behind. Defaults to 64.
     */
    replicaMaxLagMB?: number;
    /**
     * Pulumi `protect` on data-bearing resources (namespace, StatefulSet, Secrets and passwords,
     * PVs, backup volume): a new password would not match a retained data volume. Defaults to false.
     */
    protectData?: boolean;
    /** Roles and database. The superuser is always `postgres`, the image's OS user. Defaults to replicator, app, app. */
    users?: ClusterUsers;
    /** WAL archiving plus scheduled base backups, on when set. Defaults to none (off). */
    backup?: ClusterBackupSettings;
    /**
     * A point-in-time recovery instance `<cluster>-restore` beside the running cluster, restored
     * from the backup volume; needs `backup`. Defaults to none.
     */
    restore?: ClusterRestoreSettings;
    /**
     * Automatic failover (streaming, at least 2 instances), on when set. It has no lease: read
     * docs/failover.md for what it cannot prevent. Defaults to none (off).
     */
    autoFailover?: ClusterAutoFailoverSettings;
    /**
     * Failover timing and pgpool of the `repmgr` topology (repmgrd fails over automatically;
     * pgpool routes writes to the primary). Ignored by other topologies. Defaults to the fields'
     * defaults.
     */
    repmgr?: ClusterRepmgrSettings;
    /** The cnpg topology's own settings (operator, WAL volume, synchronous replication, poolers, object store). */
    cnpg?: CnpgSettings;
}

/** ContainerResources with every field filled in. */
export interface ResolvedResources {
    requests: { cpu: pulumi.Input<string>; memory: pulumi.Input<string> };
    limits: { cpu: pulumi.Input<string>; memory: pulumi.Input<string> };
}


/** PostgresClusterArgs with every default filled in. */
export interface ResolvedClusterArgs {
    topology: Topology;
    clusterName: string;
    namespace: string;
    createNamespace: boolean;
    instances: number;
    image: string;
    kubectlImage: string;
    resources: ResolvedResources;
    storage: Required<Pick<ClusterStorageSettings, "mode" | "size">> & Omit<ClusterStorageSettings, "mode" | "size">;
    postgresqlParameters: Record<string, ParameterValue>;
    antiAffinity: Required<ClusterAntiAffinity>;
    network: Required<ClusterNetwork>;
    pdbMaxUnavailable: number;
    terminationGracePeriodSeconds: number;
    replicaMaxLagMB: number;
    protectData: boolean;
    users: Required<ClusterUsers>;
    backup?: Required<Omit<ClusterBackupSettings, "storageClassName" | "restoreDrillSchedule" | "resources">>
        & Pick<ClusterBackupSettings, "storageClassName" | "restoreDrillSchedule"> & { resources: ResolvedResources };
    restore?: ClusterRestoreSettings;
    autoFailover?: Required<ClusterAutoFailoverSettings>;
    repmgr: Required<Omit<ClusterRepmgrSettings, "pgpool">> & { pgpool: Required<ClusterPgpoolSettings> };
    cnpg: ResolvedCnpgSettings;
}

