export { ClusterSecrets, ClusterSecretsArgs } from "./secrets";
export { ClaimTemplate } from "../specs/persistent-volume-claim";
export { PostgresCluster } from "./postgres-cluster";
export {
    PostgresClusterArgs, Topology, topologies, ContainerResources, ClusterStorageSettings, ClusterAntiAffinity, ClusterNetwork,
    ClusterUsers, ClusterBackupSettings, ClusterRestoreSettings, ClusterAutoFailoverSettings, clusterDefaults,
} from "./args";
export {
    ClusterStorage, ClusterStorageArgs, StorageMode, PostgresConfiguration, PostgresConfigurationArgs,
    ClusterBackup, ClusterBackupArgs, PointInTimeRestore, PointInTimeRestoreArgs, RestoreDrill, RestoreDrillArgs,
} from "./self-managed";
export { StreamingCluster, StreamingClusterArgs, AutoFailover, AutoFailoverArgs } from "./streaming";
