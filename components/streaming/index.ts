export { StreamingCluster, StreamingClusterArgs } from "./streaming-cluster";
export { streamingScripts } from "./scripts";
export { AutoFailover, AutoFailoverArgs } from "./auto-failover";
