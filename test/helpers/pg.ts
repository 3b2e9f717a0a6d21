/** The real-PostgreSQL test harness: see pgCluster.ts (a StatefulSet) and pgPod.ts (a pod). */
export { PgCluster, ClusterOptions } from "./pgCluster";
export { PgPod } from "./pgPod";
export { sleep, waitFor, runAsPostgres, mustRun } from "./pgExec";
