/** Keys and rules of the cnpg topology (a CloudNativePG `Cluster`, run by the operator). */
import { z } from "zod";
import { cnpgDefaults as d } from "../../components/cnpg/settings";
import { cnpgImageProblem } from "../../specs/cnpg/image";
import { isSixFieldCron } from "../../specs/cnpg/cron";
import { cnpgFixedParameters } from "../../specs/cnpg/parameters";
import { backupIdPatterns, dnsLabelPattern, enumOf, int, key, quantity } from "../key-spec";
import { problem } from "../problems";
import { TopologyConfig } from "./topology-config";

const empty = z.literal("");
const objectName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);

export const cnpgKeys = {
    installOperator: key({ type: "boolean", schema: z.boolean(), default: d.installOperator, allowed: "true or false",
        description: "Install the CloudNativePG operator (Helm chart cloudnative-pg 0.29.0, operator 1.30.0); false when the cluster already runs it." }),
    operatorNamespace: key({ type: "string", schema: z.string().regex(dnsLabelPattern), default: d.operatorNamespace,
        allowed: "a DNS-1123 label", description: "Namespace of the CloudNativePG operator, admitted to the instances by their NetworkPolicy." }),
    walStorageSize: key({ type: "string", schema: empty.or(quantity), default: "",
        allowed: "a Kubernetes quantity such as '5Gi', or '' to keep WAL on the data volume", description: "Size of a separate WAL volume per instance." }),
    synchronousReplicas: key({ type: "integer", schema: int(0, 14), default: 0,
        allowed: "an integer from 0 (asynchronous) to instances - 1", description: "Standbys that must confirm each commit (0: asynchronous replication)." }),
    synchronousDataDurability: key({ type: "string", schema: enumOf(["required", "preferred"] as const), default: d.synchronousDataDurability,
        allowed: "'required' or 'preferred'", description: "required: commits wait while too few standbys answer; preferred: they go on with fewer." }),
    poolers: key({ type: "string", schema: enumOf(["none", "rw", "rw+ro"] as const), default: "rw",
        allowed: "'none', 'rw' or 'rw+ro'", description: "PgBouncer Poolers in front of the primary (rw) and the replicas (ro)." }),
    poolerInstances: key({ type: "integer", schema: int(1, 10), default: d.poolers.instances, allowed: "an integer from 1 to 10", description: "PgBouncer pods per Pooler." }),
    poolerMode: key({ type: "string", schema: enumOf(["session", "transaction"] as const), default: d.poolers.poolMode,
        allowed: "'session' or 'transaction'", description: "PgBouncer pool_mode." }),
    podMonitor: key({ type: "boolean", schema: z.boolean(), default: d.podMonitor, allowed: "true or false",
        description: "A PodMonitor over the instances (needs the prometheus-operator CRDs)." }),
    metricsNamespace: key({ type: "string", schema: empty.or(z.string().regex(dnsLabelPattern)), default: "",
        allowed: "a namespace name, or '' to keep the metrics ports closed", description: "Namespace of the Prometheus admitted to the metrics ports." }),
    backupDestinationPath: key({ type: "string", schema: empty.or(z.string().regex(/^s3:\/\/[a-z0-9][-a-z0-9.]{1,61}[a-z0-9](\/\S*)?$/)), default: "",
        allowed: "an s3://bucket/prefix URL, required with backupEnabled", description: "Object store path of the base backups and WAL." }),
    backupEndpointURL: key({ type: "string", schema: empty.or(z.string().regex(/^https?:\/\/\S+$/)), default: "",
        allowed: "an http(s) URL, or '' for AWS S3", description: "S3-compatible endpoint of the object store." }),
    backupEndpointCASecret: key({ type: "string", schema: empty.or(objectName), default: "",
        allowed: "the name of a Secret with the endpoint's CA under 'ca.crt', or ''", description: "CA of a private object store endpoint." }),
    backupCredentialsSecret: key({ type: "string", schema: empty.or(objectName), default: "",
        allowed: "the name of a Secret in the namespace with ACCESS_KEY_ID and ACCESS_SECRET_KEY, required with backupEnabled",
        description: "Secret holding the object store credentials (created outside the program)." }),
    backupRetentionPolicy: key({ type: "string", schema: z.string().regex(/^[1-9][0-9]*[dwm]$/), default: d.retentionPolicy,
        allowed: "a number of days, weeks or months such as '30d', '4w' or '3m'", description: "Base backups (and their WAL) older than this are removed." }),
    scheduledBackupSchedule: key({ type: "string", schema: z.string().refine(isSixFieldCron), default: d.backupSchedule,
        allowed: "a six-field cron expression, seconds first, such as '0 0 3 * * *'", description: "Schedule of the CloudNativePG ScheduledBackup (six fields, seconds first)." }),
};

export const cnpg: TopologyConfig = {
    keys: cnpgKeys,
    problems: c => {
        const out: string[] = [];
        const imageProblem = cnpgImageProblem(c.image);
        if (imageProblem) out.push(problem("image", c.image, `an image whose tag starts with a PostgreSQL version of 13 or later when topology is 'cnpg' (${imageProblem})`));
        const fixed = Object.keys(c.postgresqlParameters).filter(k => (cnpgFixedParameters as readonly string[]).includes(k));
        if (fixed.length > 0) {
            out.push(problem("postgresqlParameters", c.postgresqlParameters,
                `no parameter the CloudNativePG operator fixes itself when topology is 'cnpg' (${fixed.join(", ")} given; all: ${cnpgFixedParameters.join(", ")})`));
        }
        if (c.synchronousReplicas > c.instances - 1) {
            out.push(problem("synchronousReplicas", c.synchronousReplicas, `at most instances - 1 (${c.instances - 1})`));
        }
        if (c.backupEnabled) {
            if (!c.backupDestinationPath) out.push(problem("backupDestinationPath", c.backupDestinationPath, "an s3://bucket/prefix URL when backupEnabled is true"));
            if (!c.backupCredentialsSecret) out.push(problem("backupCredentialsSecret", c.backupCredentialsSecret, "a Secret name when backupEnabled is true"));
        }
        if (c.restoreFrom && c.restoreFrom !== "latest" && !backupIdPatterns.barman.test(c.restoreFrom)) {
            out.push(problem("restoreFrom", c.restoreFrom,
                "'latest' (Barman picks the newest base backup before restoreTargetTime) or a Barman backup id such as '20261122T030000' when topology is 'cnpg'"));
        }
        return out;
    },
};
