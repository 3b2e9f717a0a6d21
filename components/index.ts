export { ClusterSecrets, ClusterSecretsArgs } from "./secrets";
export { ClusterStorage, ClusterStorageArgs, StorageMode } from "./storage";
export { ClaimTemplate } from "../specs/persistent-volume-claim";
export { PostgresConfiguration, PostgresConfigurationArgs } from "./configuration";
export { PostgresCluster } from "./postgres-cluster";
export {
    PostgresClusterArgs, Topology, topologies, ContainerResources, ClusterStorageSettings, ClusterAntiAffinity, ClusterNetwork,
    ClusterUsers, ClusterBackupSettings, ClusterRestoreSettings, ClusterAutoFailoverSettings,
} from "./postgres-cluster-args";
export { clusterDefaults } from "./defaults";
export {
    StreamingCluster, StreamingClusterArgs, ClusterBackup, ClusterBackupArgs, PointInTimeRestore, PointInTimeRestoreArgs,
    RestoreDrill, RestoreDrillArgs, AutoFailover, AutoFailoverArgs,
} from "./streaming";
