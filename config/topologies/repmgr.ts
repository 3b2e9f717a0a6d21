/** Keys and rules of the repmgr topology (repmgr-managed instances behind pgpool; docs/repmgr.md). */
import { z } from "zod";
import { clusterDefaults } from "../../components/args/defaults";
import { int, key } from "../key-spec";
import { topologyRules } from "../../components/args/validation";
import { configNamer, findingProblems } from "../problems";
import { selfManagedKeys } from "./self-managed";
import { TopologyConfig } from "./topology-config";

const d = clusterDefaults.repmgr;

export const repmgrKeys = {
    repmgrMonitorIntervalSeconds: key({ type: "integer", schema: int(1, 60), default: d.monitorIntervalSeconds,
        allowed: "an integer from 1 to 60", description: "Seconds between repmgrd's checks of its upstream (monitor_interval_secs)." }),
    repmgrReconnectAttempts: key({ type: "integer", schema: int(1, 30), default: d.reconnectAttempts,
        allowed: "an integer from 1 to 30", description: "Further checks of a lost primary before the standbys elect a new one (reconnect_attempts)." }),
    repmgrReconnectIntervalSeconds: key({ type: "integer", schema: int(1, 60), default: d.reconnectIntervalSeconds,
        allowed: "an integer from 1 to 60", description: "Seconds between those checks (reconnect_interval)." }),
    repmgrConnectTimeoutSeconds: key({ type: "integer", schema: int(2, 30), default: d.connectTimeoutSeconds,
        allowed: "an integer from 2 to 30", description: "connect_timeout of repmgr's and pgpool's connections: bounds each check of a host that accepts TCP but does not answer (repmgr's check of an unreachable one ends after 1 s)." }),
    pgpoolReplicas: key({ type: "integer", schema: int(1, 10), default: d.pgpool.replicas,
        allowed: "an integer from 1 to 10", description: "pgpool pods in front of the instances." }),
    pgpoolNumInitChildren: key({ type: "integer", schema: int(1, 2000), default: d.pgpool.numInitChildren,
        allowed: "an integer from 1 to 2000", description: "Client connections one pgpool pod serves at once (num_init_children)." }),
    pgpoolMaxPool: key({ type: "integer", schema: int(1, 32), default: d.pgpool.maxPool,
        allowed: "an integer from 1 to 32", description: "Cached backend connections per pgpool child (max_pool)." }),
    pgpoolLoadBalance: key({ type: "boolean", schema: z.boolean(), default: d.pgpool.loadBalance,
        allowed: "true or false", description: "pgpool sends read-only queries to the replicas." }),
    pgpoolHealthCheckPeriodSeconds: key({ type: "integer", schema: int(1, 60), default: d.pgpool.healthCheckPeriodSeconds,
        allowed: "an integer from 1 to 60", description: "Seconds between pgpool's health checks of each backend." }),
    pgpoolHealthCheckMaxRetries: key({ type: "integer", schema: int(0, 10), default: d.pgpool.healthCheckMaxRetries,
        allowed: "an integer from 0 to 10", description: "Further failed health checks (1 s apart) before pgpool detaches a backend." }),
};

export const repmgr: TopologyConfig = {
    // The instances are the project's own pods: the self-managed keys (volumes, PDB, backups) apply.
    keys: { ...selfManagedKeys, ...repmgrKeys },
    problems: c => findingProblems(topologyRules.repmgr(c, configNamer)),
};
