export { StreamingCluster, StreamingClusterArgs } from "./streaming-cluster";
export { ClusterBackup, ClusterBackupArgs } from "./backup";
export { PointInTimeRestore, PointInTimeRestoreArgs } from "./restore";
export { streamingScripts } from "./scripts";
export { RestoreDrill, RestoreDrillArgs } from "./restore-drill";
export { AutoFailover, AutoFailoverArgs } from "./auto-failover";
