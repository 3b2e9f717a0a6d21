/** The cnpg topology's own arguments of PostgresCluster (`args.cnpg`), and their defaults. */
import * as pulumi from "@pulumi/pulumi";
import { CnpgResources } from "../../specs/cnpg/api";
import type { ResolvedClusterArgs } from "../args";

export interface CnpgObjectStoreSettings {
    /** `s3://bucket/prefix`; the cluster writes under `<prefix>/<cluster name>/`. */
    destinationPath: string;
    /** S3-compatible endpoint. Defaults to AWS S3. */
    endpointURL?: string;
    /** Secret in the namespace with the endpoint's CA under `ca.crt`. Defaults to none. */
    endpointCASecret?: string;
    /** Secret in the namespace with `ACCESS_KEY_ID` and `ACCESS_SECRET_KEY` (never created by the program). */
    credentialsSecret: string;
    /** Read the region from the Secret's `REGION` key. Defaults to false. */
    region?: boolean;
    /** How long base backups (and the WAL they need) are kept: `<n>d`, `<n>w` or `<n>m`. Defaults to "30d". */
    retentionPolicy?: string;
}

export interface CnpgSettings {
    /**
     * Install the operator: a Helm release of the `cloudnative-pg` chart 0.29.0 (operator 1.30.0)
     * with its CRDs and webhooks. false when the cluster already runs it. Defaults to true.
     */
    installOperator?: boolean;
    /** Namespace of the operator, admitted to the instances by their NetworkPolicy. Defaults to "cnpg-system". */
    operatorNamespace?: string;
    /** A separate WAL volume of this size per instance. Defaults to none (WAL on the data volume). */
    walStorageSize?: pulumi.Input<string>;
    /**
     * Synchronous replication: `number` standbys (any of them) confirm each commit; with
     * `dataDurability: required` writes wait when fewer answer, with `preferred` they go on.
     * Defaults to none (asynchronous, as is `number: 0`).
     */
    synchronous?: { number: number; dataDurability?: "required" | "preferred" };
    /** PgBouncer Poolers. Defaults to one `rw` Pooler of 2 pods in session mode. */
    poolers?: { types?: ("rw" | "ro")[]; instances?: number; poolMode?: "session" | "transaction" };
    /** A PodMonitor over the instances (prometheus-operator CRDs needed). Defaults to false. */
    podMonitor?: boolean;
    /** Namespace of the Prometheus admitted to the metrics ports. Defaults to none (closed). */
    metricsNamespace?: string;
    /** Where backups go; required with `backup`. */
    objectStore?: CnpgObjectStoreSettings;
    /** Six-field cron (seconds first) of the ScheduledBackup. Defaults to "0 0 3 * * *". */
    backupSchedule?: string;
}

const small = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string): CnpgResources =>
    ({ requests: { cpu, memory }, limits: { cpu: cpuLimit, memory: memoryLimit } });

export const cnpgDefaults = {
    installOperator: true,
    operatorNamespace: "cnpg-system",
    synchronousDataDurability: "required",
    poolers: { types: ["rw"] as ("rw" | "ro")[], instances: 2, poolMode: "session", maxClientConnections: 1000, defaultPoolSize: 20 },
    podMonitor: false,
    retentionPolicy: "30d",
    backupSchedule: "0 0 3 * * *",
    operatorResources: small("100m", "256Mi", "1", "512Mi"),
    poolerResources: small("100m", "64Mi", "1", "256Mi"),
    backupSidecarResources: small("100m", "128Mi", "1", "512Mi"),
} as const;

export interface ResolvedCnpgSettings {
    installOperator: boolean;
    operatorNamespace: string;
    walStorageSize?: pulumi.Input<string>;
    synchronous?: { number: number; dataDurability: "required" | "preferred" };
    poolers: { types: ("rw" | "ro")[]; instances: number; poolMode: "session" | "transaction" };
    podMonitor: boolean;
    metricsNamespace?: string;
    objectStore?: Required<Omit<CnpgObjectStoreSettings, "endpointURL" | "endpointCASecret">>
        & Pick<CnpgObjectStoreSettings, "endpointURL" | "endpointCASecret">;
    backupSchedule: string;
}

export function resolveCnpgSettings(s: CnpgSettings = {}): ResolvedCnpgSettings {
    const d = cnpgDefaults;
    return {
        installOperator: s.installOperator ?? d.installOperator,
        operatorNamespace: s.operatorNamespace ?? d.operatorNamespace,
        walStorageSize: s.walStorageSize,
        // 0 standbys is asynchronous replication, as the stack config's synchronousReplicas 0.
        synchronous: s.synchronous?.number ? { number: s.synchronous.number, dataDurability: s.synchronous.dataDurability ?? d.synchronousDataDurability } : undefined,
        poolers: {
            types: s.poolers?.types ?? [...d.poolers.types],
            instances: s.poolers?.instances ?? d.poolers.instances,
            poolMode: s.poolers?.poolMode ?? d.poolers.poolMode,
        },
        podMonitor: s.podMonitor ?? d.podMonitor,
        metricsNamespace: s.metricsNamespace,
        objectStore: s.objectStore && {
            ...s.objectStore,
            region: s.objectStore.region ?? false,
            retentionPolicy: s.objectStore.retentionPolicy ?? d.retentionPolicy,
        },
        backupSchedule: s.backupSchedule ?? d.backupSchedule,
    };
}

/**
 * Rules over the component's cnpg args that the stack config has no key for: its cnpg rules
 * (components/args/validation.ts, `topologyRules.cnpg`) are shared; under cnpg it refuses the
 * storageMode key by name, and its `poolers` key cannot name a Pooler twice.
 */
export function cnpgArgsProblems(a: ResolvedClusterArgs): string[] {
    const out: string[] = [];
    const types = a.cnpg.poolers.types;
    if (a.storage.mode !== "storageClass") out.push(`storage.mode must be 'storageClass' when topology is 'cnpg' (got '${a.storage.mode}')`);
    if (new Set(types).size !== types.length) out.push(`cnpg.poolers.types has duplicates (${types.join(", ")})`);
    return out;
}
