/**
 * Every stack config key: its schema, its default and, for error messages, what is allowed. The
 * keys every topology reads are here; a topology's own keys and cross-key rules are in
 * config/topologies/<topology>.ts. Pulumi.yaml's `config:` block is rendered from `configKeys`
 * (test/config/project-files.test.ts keeps them equal), so the CLI type-checks the same keys the
 * program validates. Defaults come from components/args/defaults.ts, as the component's do.
 */
import { z } from "zod";
import { clusterDefaults as d, topologies } from "../components/args";
import {
    backupIdPatterns, cidrPattern, dnsLabelPattern, enumOf, int, key, labelSelectorPattern, parameters,
    pinnedImage, positiveQuantity, quantity, roleNamePattern,
} from "./key-spec";
import { topologyKeys } from "./topologies";

/** Keys every topology reads. */
export const sharedKeys = {
    namespace: key({ type: "string", schema: z.string().regex(dnsLabelPattern), default: d.namespace,
        allowed: "a DNS-1123 label (lowercase letters, digits, '-', at most 63 characters)",
        description: "Namespace the cluster is deployed into (created if missing)." }),
    clusterName: key({ type: "string", schema: z.string().regex(dnsLabelPattern).max(40), default: "pg",
        allowed: "a DNS-1123 label of at most 40 characters",
        description: "Name of the PostgreSQL cluster; prefixes every Kubernetes object." }),
    createNamespace: key({ type: "boolean", schema: z.boolean(), default: d.createNamespace,
        allowed: "true or false", description: "Create the namespace; false when it is managed elsewhere." }),
    topology: key({ type: "string", schema: enumOf(topologies), default: d.topology,
        allowed: "'standalone', 'streaming', 'repmgr' or 'cnpg'",
        description: "standalone (one instance), streaming (primary plus streaming replicas), repmgr (repmgr-managed instances with automatic failover behind pgpool) or cnpg (a CloudNativePG Cluster run by the operator)." }),
    instances: key({ type: "integer", schema: int(1, 15), default: d.instances,
        allowed: "an integer from 1 to 15", description: "Number of PostgreSQL pods (1 primary, the rest replicas)." }),
    image: key({ type: "string", schema: pinnedImage, default: d.image,
        allowed: "an image with a pinned tag other than 'latest', or a sha256 digest",
        description: "PostgreSQL image (Debian-based official image; uid 999)." }),
    cpuRequest: key({ type: "string", schema: quantity, default: d.resources.requests.cpu, allowed: "a Kubernetes quantity such as '500m' or '2'", description: "CPU request of the postgres container." }),
    memoryRequest: key({ type: "string", schema: quantity, default: d.resources.requests.memory, allowed: "a Kubernetes quantity such as '512Mi' or '2Gi'", description: "Memory request of the postgres container." }),
    cpuLimit: key({ type: "string", schema: quantity, default: d.resources.limits.cpu, allowed: "a Kubernetes quantity such as '500m' or '2'", description: "CPU limit of the postgres container." }),
    memoryLimit: key({ type: "string", schema: quantity, default: d.resources.limits.memory, allowed: "a Kubernetes quantity such as '512Mi' or '2Gi'", description: "Memory limit of the postgres container." }),
    storageSize: key({ type: "string", schema: positiveQuantity, default: d.storage.size, allowed: "a Kubernetes quantity above zero such as '10Gi'", description: "Size of each data volume." }),
    storageClassName: key({ type: "string", schema: z.string().regex(/^$|^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/), default: "",
        allowed: "a StorageClass name, or '' for the cluster default", description: "StorageClass of the data volumes (storageClass mode)." }),
    postgresqlParameters: key({ type: "object", schema: parameters, default: {},
        allowed: "a map of postgresql.conf parameter names (lowercase, '_' and '.') to strings, numbers or booleans",
        description: "postgresql.conf parameters merged over the defaults." }),
    antiAffinity: key({ type: "string", schema: enumOf(["required", "preferred"] as const), default: d.antiAffinity.mode,
        allowed: "'required' or 'preferred'", description: "Pod anti-affinity between instances." }),
    antiAffinityTopologyKey: key({ type: "string", schema: enumOf(["kubernetes.io/hostname", "topology.kubernetes.io/zone"] as const), default: d.antiAffinity.topologyKey,
        allowed: "'kubernetes.io/hostname' or 'topology.kubernetes.io/zone'", description: "Failure domain the instances are spread over." }),
    allowedClients: key({ type: "array", schema: z.array(z.string().regex(labelSelectorPattern)), default: [...d.network.allowedClients],
        allowed: "a list of pod label selectors such as 'app=web,tier=api'", description: "Pods (same namespace) admitted by the NetworkPolicy besides the cluster's own pods." }),
    allowedClientNamespaces: key({ type: "array", schema: z.array(z.string().regex(dnsLabelPattern)), default: [...d.network.allowedClientNamespaces],
        allowed: "a list of namespace names", description: "Namespaces whose pods (matching allowedClients, or all when it is empty) are admitted." }),
    podCidrs: key({ type: "array", schema: z.array(z.string().regex(cidrPattern)).min(1).refine(c => !c.some(x => /^(0\.0\.0\.0|::)\/0$/.test(x))), default: [...d.network.podCidrs],
        allowed: "a non-empty list of CIDRs, none of them 0.0.0.0/0 or ::/0", description: "Pod network of the cluster: the only addresses pg_hba.conf admits." }),
    serviceType: key({ type: "string", schema: enumOf(["ClusterIP", "NodePort", "LoadBalancer"] as const), default: d.network.serviceType,
        allowed: "'ClusterIP', 'NodePort' or 'LoadBalancer' (the policy pack blocks the last two)", description: "Type of the read-write and read-only Services." }),
    terminationGracePeriodSeconds: key({ type: "integer", schema: int(30, 3600), default: d.terminationGracePeriodSeconds, allowed: "an integer from 30 to 3600", description: "Time PostgreSQL gets to shut down cleanly." }),
    protectData: key({ type: "boolean", schema: z.boolean(), default: d.protectData, allowed: "true or false", description: "Pulumi `protect` on data-bearing resources (PVCs, PVs, StatefulSet, Secrets)." }),
    production: key({ type: "boolean", schema: z.boolean(), default: false, allowed: "true or false", description: "Marks a production stack (the policy pack then requires backups)." }),
    appUser: key({ type: "string", schema: z.string().regex(roleNamePattern), default: d.users.appUser, allowed: "a PostgreSQL role name (lowercase, digits, '_')", description: "Application role (owner of appDatabase)." }),
    appDatabase: key({ type: "string", schema: z.string().regex(roleNamePattern), default: d.users.appDatabase, allowed: "a database name (lowercase, digits, '_')", description: "Application database created on first init." }),
    backupEnabled: key({ type: "boolean", schema: z.boolean(), default: false, allowed: "true or false", description: "WAL archiving plus scheduled base backups." }),
    archiveTimeoutSeconds: key({ type: "integer", schema: int(30, 3600), default: d.backup.archiveTimeoutSeconds, allowed: "an integer from 30 to 3600", description: "archive_timeout: the most time a written change waits before its WAL segment is archived." }),
    restoreFrom: key({ type: "string", schema: z.string().refine(s => s === "" || s === "latest" || Object.values(backupIdPatterns).some(p => p.test(s))), default: "",
        allowed: "'' (no restore), 'latest', or a backup id: '20261122T030000123Z' (the backup Job's), '20261122T030000' (Barman's, topology cnpg)",
        description: "Deploy a point-in-time recovery instance from this base backup." }),
    restoreTargetTime: key({ type: "string", schema: z.string(), default: "",
        allowed: "an RFC 3339 time such as '2026-11-22T10:00:00Z', required with restoreFrom", description: "recovery_target_time of the recovery instance." }),
};

/** The whole key table: shared keys, then the keys of each topology. */
export const configKeys = { ...sharedKeys, ...topologyKeys };

export type ConfigKey = keyof typeof configKeys;
export type StackConfig = { [K in ConfigKey]: z.infer<(typeof configKeys)[K]["schema"]> };
