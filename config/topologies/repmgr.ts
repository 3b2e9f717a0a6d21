/** Keys and rules of the repmgr topology (repmgr-managed instances behind pgpool; docs/repmgr.md). */
import { z } from "zod";
import { clusterDefaults } from "../../components/args/defaults";
import { ranges } from "../../components/args/checks";
import { checked, key } from "../key-spec";
import { topologyRules } from "../../components/args/validation";
import { configNamer, findingProblems } from "../problems";
import { selfManagedKeys } from "./self-managed";
import { TopologyConfig } from "./topology-config";

const d = clusterDefaults.repmgr;

export const repmgrKeys = {
    repmgrMonitorIntervalSeconds: key({ type: "integer", ...checked(z.number(), ranges.repmgrMonitorIntervalSeconds), default: d.monitorIntervalSeconds,
        description: "Seconds between repmgrd's checks of its upstream (monitor_interval_secs)." }),
    repmgrReconnectAttempts: key({ type: "integer", ...checked(z.number(), ranges.repmgrReconnectAttempts), default: d.reconnectAttempts,
        description: "Further checks of a lost primary before the standbys elect a new one (reconnect_attempts)." }),
    repmgrReconnectIntervalSeconds: key({ type: "integer", ...checked(z.number(), ranges.repmgrReconnectIntervalSeconds), default: d.reconnectIntervalSeconds,
        description: "Seconds between those checks (reconnect_interval)." }),
    repmgrConnectTimeoutSeconds: key({ type: "integer", ...checked(z.number(), ranges.repmgrConnectTimeoutSeconds), default: d.connectTimeoutSeconds,
        description: "connect_timeout of repmgr's and pgpool's connections: bounds each check of a host that accepts TCP but does not answer (repmgr's check of an unreachable one ends after 1 s)." }),
    pgpoolReplicas: key({ type: "integer", ...checked(z.number(), ranges.pgpoolReplicas), default: d.pgpool.replicas,
        description: "pgpool pods in front of the instances." }),
    pgpoolNumInitChildren: key({ type: "integer", ...checked(z.number(), ranges.pgpoolNumInitChildren), default: d.pgpool.numInitChildren,
        description: "Client connections one pgpool pod serves at once (num_init_children)." }),
    pgpoolMaxPool: key({ type: "integer", ...checked(z.number(), ranges.pgpoolMaxPool), default: d.pgpool.maxPool,
        description: "Cached backend connections per pgpool child (max_pool)." }),
    pgpoolLoadBalance: key({ type: "boolean", schema: z.boolean(), default: d.pgpool.loadBalance,
        allowed: "true or false", description: "pgpool sends read-only queries to the replicas." }),
    pgpoolHealthCheckPeriodSeconds: key({ type: "integer", ...checked(z.number(), ranges.pgpoolHealthCheckPeriodSeconds), default: d.pgpool.healthCheckPeriodSeconds,
        description: "Seconds between pgpool's health checks of each backend." }),
    pgpoolHealthCheckMaxRetries: key({ type: "integer", ...checked(z.number(), ranges.pgpoolHealthCheckMaxRetries), default: d.pgpool.healthCheckMaxRetries,
        description: "Further failed health checks (1 s apart) before pgpool detaches a backend." }),
};

export const repmgr: TopologyConfig = {
    // The instances are the project's own pods: the self-managed keys (volumes, PDB, backups) apply.
    keys: { ...selfManagedKeys, ...repmgrKeys },
    problems: c => findingProblems(topologyRules.repmgr(c, configNamer)),
};
