export { ClusterSecrets, ClusterSecretsArgs } from "./secrets";
export { ClusterStorage, ClusterStorageArgs, ClaimTemplate, StorageMode } from "./storage";
export { PostgresConfiguration, PostgresConfigurationArgs } from "./configuration";
export { StreamingCluster, StreamingClusterArgs } from "./streaming-cluster";
export { PostgresCluster, PostgresClusterArgs } from "./postgres-cluster";
export { ClusterBackup, ClusterBackupArgs } from "./backup";
export { PointInTimeRestore, PointInTimeRestoreArgs } from "./restore";
