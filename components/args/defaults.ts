/**
 * Defaults of PostgresClusterArgs, in one place: the component fills omitted fields from here and
 * the stack config key table (config/keys.ts) takes its defaults from here, so both agree.
 */
export const clusterDefaults = {
    topology: "streaming",
    namespace: "postgres",
    createNamespace: true,
    instances: 1,
    image: "docker.io/library/postgres:15.19-bookworm",
    kubectlImage: "registry.k8s.io/kubectl:v1.36.4",
    resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    storage: { mode: "storageClass", size: "10Gi" },
    antiAffinity: { mode: "preferred", topologyKey: "kubernetes.io/hostname" },
    // Every private range a provider's pod network uses (EKS VPC addresses, often 172.31.0.0/16
    // or 192.168.0.0/16; GKE and AKS 10.x; Calico 192.168.0.0/16; carrier-grade NAT 100.64/10;
    // IPv6 unique-local): pg_hba.conf admits them all, the NetworkPolicy narrows to the pods.
    network: {
        allowedClients: [] as string[], allowedClientNamespaces: [] as string[],
        podCidrs: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"], serviceType: "ClusterIP",
    },
    pdbMaxUnavailable: 1,
    terminationGracePeriodSeconds: 60,
    protectData: false,
    users: { replicationUser: "replicator", appUser: "app", appDatabase: "app" },
    backup: {
        schedule: "0 3 * * *", retain: 7, compression: "zstd", deadlineSeconds: 21600, archiveTimeoutSeconds: 300, storageSize: "50Gi",
        // The backup and restore-drill Jobs: the source server compresses, the Job streams, checksums
        // and writes; the drill runs a scratch PostgreSQL (shared_buffers 128MB by default).
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    },
    autoFailover: { intervalSeconds: 10, checks: 3 },
    /**
     * A replica is Ready (served by pg-ro) while streaming with replay at most this many MB behind
     * the primary: a few seconds of a busy primary's WAL, so a bulk load does not empty pg-ro.
     */
    replicaMaxLagMB: 64,
    /** Timing reasoning: docs/repmgr.md (measured: writes resume 2-6 s after a killed primary, 12-14 s after a vanished host). */
    repmgr: {
        monitorIntervalSeconds: 1, reconnectAttempts: 2, reconnectIntervalSeconds: 1, connectTimeoutSeconds: 2,
        pgpool: { replicas: 2, numInitChildren: 32, maxPool: 2, loadBalance: true, healthCheckPeriodSeconds: 1, healthCheckMaxRetries: 1 },
    },
} as const;
