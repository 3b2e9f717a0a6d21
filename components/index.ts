export { ClusterSecrets, ClusterSecretsArgs } from "./secrets";
export { ClusterStorage, ClusterStorageArgs, StorageMode } from "./storage";
export { ClaimTemplate } from "../specs/volumes";
export { PostgresConfiguration, PostgresConfigurationArgs } from "./configuration";
export { StreamingCluster, StreamingClusterArgs } from "./streaming-cluster";
export { PostgresCluster, PostgresClusterArgs } from "./postgres-cluster";
export { ClusterBackup, ClusterBackupArgs } from "./backup";
export { PointInTimeRestore, PointInTimeRestoreArgs } from "./restore";
export { RestoreDrill, RestoreDrillArgs } from "./restore-drill";
