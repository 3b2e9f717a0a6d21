/** Keys and rules of the cnpg topology (a CloudNativePG `Cluster`, run by the operator). */
import { z } from "zod";
import { cnpgDefaults as d } from "../../components/cnpg/settings";
import { locations, names, quantities, ranges, schedules } from "../../components/args/checks";
import { topologyRules } from "../../components/args/validation";
import { checked, enumOf, key } from "../key-spec";
import { configNamer, findingProblems } from "../problems";
import { TopologyConfig } from "./topology-config";

export const cnpgKeys = {
    installOperator: key({ type: "boolean", schema: z.boolean(), default: d.installOperator, allowed: "true or false",
        description: "Install the CloudNativePG operator (Helm chart cloudnative-pg 0.29.0, operator 1.30.0); false when the cluster already runs it." }),
    operatorNamespace: key({ type: "string", ...checked(z.string(), names.operatorNamespace), default: d.operatorNamespace,
        description: "Namespace of the CloudNativePG operator, admitted to the instances by their NetworkPolicy." }),
    walStorageSize: key({ type: "string", ...checked(z.string(), quantities.walStorageSize), default: "",
        description: "Size of a separate WAL volume per instance." }),
    synchronousReplicas: key({ type: "integer", ...checked(z.number(), ranges.synchronousReplicas), default: 0,
        description: "Standbys that must confirm each commit (0: asynchronous replication)." }),
    synchronousDataDurability: key({ type: "string", schema: enumOf(["required", "preferred"] as const), default: d.synchronousDataDurability,
        allowed: "'required' or 'preferred'", description: "required: commits wait while too few standbys answer; preferred: they go on with fewer." }),
    poolers: key({ type: "string", schema: enumOf(["none", "rw", "rw+ro"] as const), default: "rw",
        allowed: "'none', 'rw' or 'rw+ro'", description: "PgBouncer Poolers in front of the primary (rw) and the replicas (ro)." }),
    poolerInstances: key({ type: "integer", ...checked(z.number(), ranges.poolerInstances), default: d.poolers.instances, description: "PgBouncer pods per Pooler." }),
    poolerMode: key({ type: "string", schema: enumOf(["session", "transaction"] as const), default: d.poolers.poolMode,
        allowed: "'session' or 'transaction'", description: "PgBouncer pool_mode." }),
    podMonitor: key({ type: "boolean", schema: z.boolean(), default: d.podMonitor, allowed: "true or false",
        description: "A PodMonitor over the instances (needs the prometheus-operator CRDs)." }),
    metricsNamespace: key({ type: "string", ...checked(z.string(), names.metricsNamespace), default: "",
        description: "Namespace of the Prometheus admitted to the metrics ports." }),
    backupDestinationPath: key({ type: "string", ...checked(z.string(), locations.backupDestinationPath), default: "",
        description: "Object store path of the base backups and WAL." }),
    backupEndpointURL: key({ type: "string", ...checked(z.string(), locations.backupEndpointURL), default: "",
        description: "S3-compatible endpoint of the object store." }),
    backupEndpointCASecret: key({ type: "string", ...checked(z.string(), names.backupEndpointCASecret), default: "",
        description: "CA of a private object store endpoint." }),
    backupCredentialsSecret: key({ type: "string", ...checked(z.string(), names.backupCredentialsSecret), default: "",
        description: "Secret holding the object store credentials (created outside the program)." }),
    backupRetentionPolicy: key({ type: "string", ...checked(z.string(), schedules.backupRetentionPolicy), default: d.retentionPolicy,
        description: "Base backups (and their WAL) older than this are removed." }),
    scheduledBackupSchedule: key({ type: "string", ...checked(z.string(), schedules.scheduledBackupSchedule), default: d.backupSchedule,
        description: "Schedule of the CloudNativePG ScheduledBackup (six fields, seconds first)." }),
};

export const cnpg: TopologyConfig = {
    keys: cnpgKeys,
    problems: c => findingProblems(topologyRules.cnpg(c, configNamer)),
};
