/**
 * Every stack config key: its schema, its default and, for error messages, what is allowed. The
 * keys every topology reads are here; a topology's own keys and cross-key rules are in
 * config/topologies/<topology>.ts. Pulumi.yaml's `config:` block is rendered from `configKeys`
 * (test/config/project-files.test.ts keeps them equal), so the CLI type-checks the same keys the
 * program validates. Defaults come from components/args/defaults.ts, as the component's do.
 */
import { z } from "zod";
import { clusterDefaults as d, topologies } from "../components/args";
import { images, locations, names, quantities, ranges } from "../components/args/checks";
import { checked, enumOf, key, parameters } from "./key-spec";
import { topologyKeys } from "./topologies";

/** Keys every topology reads. */
export const sharedKeys = {
    namespace: key({ type: "string", ...checked(z.string(), names.namespace), default: d.namespace,
        description: "Namespace the cluster is deployed into (created if missing)." }),
    clusterName: key({ type: "string", ...checked(z.string(), names.clusterName), default: "pg",
        description: "Name of the PostgreSQL cluster; prefixes every Kubernetes object." }),
    createNamespace: key({ type: "boolean", schema: z.boolean(), default: d.createNamespace,
        allowed: "true or false", description: "Create the namespace; false when it is managed elsewhere." }),
    topology: key({ type: "string", schema: enumOf(topologies), default: d.topology,
        allowed: "'standalone', 'streaming', 'repmgr' or 'cnpg'",
        description: "standalone (one instance), streaming (primary plus streaming replicas), repmgr (repmgr-managed instances with automatic failover behind pgpool) or cnpg (a CloudNativePG Cluster run by the operator)." }),
    instances: key({ type: "integer", ...checked(z.number(), ranges.instances), default: d.instances,
        description: "Number of PostgreSQL pods (1 primary, the rest replicas)." }),
    image: key({ type: "string", ...checked(z.string(), images.image), default: d.image,
        description: "PostgreSQL image (Debian-based official image; uid 999)." }),
    cpuRequest: key({ type: "string", ...checked(z.string(), quantities.cpuRequest), default: d.resources.requests.cpu, description: "CPU request of the postgres container." }),
    memoryRequest: key({ type: "string", ...checked(z.string(), quantities.memoryRequest), default: d.resources.requests.memory, description: "Memory request of the postgres container." }),
    cpuLimit: key({ type: "string", ...checked(z.string(), quantities.cpuLimit), default: d.resources.limits.cpu, description: "CPU limit of the postgres container." }),
    memoryLimit: key({ type: "string", ...checked(z.string(), quantities.memoryLimit), default: d.resources.limits.memory, description: "Memory limit of the postgres container." }),
    storageSize: key({ type: "string", ...checked(z.string(), quantities.storageSize), default: d.storage.size, description: "Size of each data volume." }),
    storageClassName: key({ type: "string", ...checked(z.string(), names.storageClassName), default: "",
        description: "StorageClass of the data volumes (storageClass mode)." }),
    postgresqlParameters: key({ type: "object", ...checked(parameters, names.postgresqlParameters), default: {},
        description: "postgresql.conf parameters merged over the defaults." }),
    antiAffinity: key({ type: "string", schema: enumOf(["required", "preferred"] as const), default: d.antiAffinity.mode,
        allowed: "'required' or 'preferred'", description: "Pod anti-affinity between instances." }),
    antiAffinityTopologyKey: key({ type: "string", schema: enumOf(["kubernetes.io/hostname", "topology.kubernetes.io/zone"] as const), default: d.antiAffinity.topologyKey,
        allowed: "'kubernetes.io/hostname' or 'topology.kubernetes.io/zone'", description: "Failure domain the instances are spread over." }),
    allowedClients: key({ type: "array", ...checked(z.array(z.string()), locations.allowedClients), default: [...d.network.allowedClients],
        description: "Pods (same namespace) admitted by the NetworkPolicy besides the cluster's own pods." }),
    allowedClientNamespaces: key({ type: "array", ...checked(z.array(z.string()), names.allowedClientNamespaces), default: [...d.network.allowedClientNamespaces],
        description: "Namespaces whose pods (matching allowedClients, or all when it is empty) are admitted." }),
    podCidrs: key({ type: "array", ...checked(z.array(z.string()), locations.podCidrs), default: [...d.network.podCidrs],
        description: "Pod network of the cluster: the only addresses pg_hba.conf admits." }),
    serviceType: key({ type: "string", schema: enumOf(["ClusterIP", "NodePort", "LoadBalancer"] as const), default: d.network.serviceType,
        allowed: "'ClusterIP', 'NodePort' or 'LoadBalancer' (the policy pack blocks the last two)", description: "Type of the read-write and read-only Services." }),
    terminationGracePeriodSeconds: key({ type: "integer", ...checked(z.number(), ranges.terminationGracePeriodSeconds), default: d.terminationGracePeriodSeconds, description: "Time PostgreSQL gets to shut down cleanly." }),
    protectData: key({ type: "boolean", schema: z.boolean(), default: d.protectData, allowed: "true or false", description: "Pulumi `protect` on data-bearing resources (PVCs, PVs, StatefulSet, Secrets)." }),
    production: key({ type: "boolean", schema: z.boolean(), default: false, allowed: "true or false", description: "Marks a production stack (the policy pack then requires backups)." }),
    appUser: key({ type: "string", ...checked(z.string(), names.appUser), default: d.users.appUser, description: "Application role (owner of appDatabase)." }),
    appDatabase: key({ type: "string", ...checked(z.string(), names.appDatabase), default: d.users.appDatabase, description: "Application database created on first init." }),
    backupEnabled: key({ type: "boolean", schema: z.boolean(), default: false, allowed: "true or false", description: "WAL archiving plus scheduled base backups." }),
    archiveTimeoutSeconds: key({ type: "integer", ...checked(z.number(), ranges.archiveTimeoutSeconds), default: d.backup.archiveTimeoutSeconds, description: "archive_timeout: the most time a written change waits before its WAL segment is archived." }),
    restoreFrom: key({ type: "string", ...checked(z.string(), names.restoreFrom), default: "",
        description: "Deploy a point-in-time recovery instance from this base backup." }),
    restoreTargetTime: key({ type: "string", schema: z.string(), default: "",
        allowed: "an RFC 3339 time such as '2026-11-22T10:00:00Z', required with restoreFrom", description: "recovery_target_time of the recovery instance." }),
};

/** The whole key table: shared keys, then the keys of each topology. */
export const configKeys = { ...sharedKeys, ...topologyKeys };

export type ConfigKey = keyof typeof configKeys;
export type StackConfig = { [K in ConfigKey]: z.infer<(typeof configKeys)[K]["schema"]> };
