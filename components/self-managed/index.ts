export { ClusterStorage, ClusterStorageArgs, StorageMode } from "./storage";
export { PostgresConfiguration, PostgresConfigurationArgs } from "./configuration";
export { ClusterBackup, ClusterBackupArgs } from "./backup";
export { PointInTimeRestore, PointInTimeRestoreArgs } from "./restore";
export { RestoreDrill, RestoreDrillArgs } from "./restore-drill";
