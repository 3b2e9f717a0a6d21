/** Keys and rules of the repmgr topology (repmgr-managed instances behind pgpool; docs/repmgr.md). */
import { z } from "zod";
import { clusterDefaults } from "../../components/args/defaults";
import { int, key } from "../key-spec";
import { problem } from "../problems";
import { selfManagedKeys, selfManagedRestoreProblems } from "./self-managed";
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

/** Connections PostgreSQL keeps for repmgr, replication, backups and the superuser besides pgpool's. */
const reservedConnections = 20;

export const repmgr: TopologyConfig = {
    // The instances are the project's own pods: the self-managed keys (volumes, PDB, backups) apply.
    keys: { ...selfManagedKeys, ...repmgrKeys },
    problems: c => {
        const out: string[] = [];
        if (c.instances < 2) out.push(problem("instances", c.instances, "an integer from 2 to 15 when topology is 'repmgr' (repmgr fails over to a standby)"));
        if (c.image === clusterDefaults.image) {
            out.push(problem("image", c.image, "an image with PostgreSQL 15, repmgr 5.3 and pgpool-II 4.3 built from images/repmgr/Dockerfile (pinned tag) when topology is 'repmgr'"));
        }
        out.push(...selfManagedRestoreProblems(c));
        if (c.restoreDrill) out.push(problem("restoreDrill", c.restoreDrill, "'' when topology is 'repmgr' (the restore drill is built for the streaming topology only)"));
        const maxConnections = Number(c.postgresqlParameters.max_connections ?? 200);
        const pooled = c.pgpoolReplicas * c.pgpoolNumInitChildren * c.pgpoolMaxPool;
        if (pooled > maxConnections - reservedConnections) {
            out.push(problem("pgpoolNumInitChildren", c.pgpoolNumInitChildren,
                `at most ${Math.floor((maxConnections - reservedConnections) / (c.pgpoolReplicas * c.pgpoolMaxPool))} with pgpoolReplicas ${c.pgpoolReplicas} and pgpoolMaxPool ${c.pgpoolMaxPool}: pgpool may open replicas × children × max_pool = ${pooled} connections per backend, and max_connections ${maxConnections} keeps ${reservedConnections} for repmgr, replication and backups`));
        }
        return out;
    },
};
