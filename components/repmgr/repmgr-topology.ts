/**
 * The repmgr topology (Bitnami postgresql-ha's design): PostgreSQL instances managed by repmgr
 * (repmgrd fails over automatically), pgpool-II in front for writes and read balancing; with
 * backups, the shared WAL archive, base-backup CronJob and point-in-time recovery instance.
 */
import * as pulumi from "@pulumi/pulumi";
import { objectName } from "../../specs/names";
import { repmgrConfigFiles, repmgrNames } from "../../specs/repmgr/config-files";
import { repmgrNodes } from "../../specs/repmgr/nodes";
import { postgresPort } from "../../specs/services";
import { PostgresConfiguration } from "../self-managed/configuration";
import { buildClusterStorage, buildPodWiring, buildPointInTimeRestore } from "../self-managed/wiring";
import { TopologyBuilder } from "../topology";
import { Pgpool } from "./pgpool";
import { RepmgrCluster } from "./repmgr-cluster";
import { RepmgrSecrets } from "./repmgr-secrets";
import { repmgrScripts } from "./scripts";

export { repmgrNames };

export const buildRepmgrTopology: TopologyBuilder = ctx => {
    const { parent, name, args: a, superuser, secrets, inNamespace } = ctx;
    const cluster = a.clusterName;
    const namespace = a.namespace;
    const protect = a.protectData;
    const r = a.repmgr;
    const nodes = repmgrNodes({
        statefulSet: objectName(cluster, "statefulSet"), headlessService: objectName(cluster, "headless"),
        namespace, instances: a.instances, port: postgresPort,
    });

    const storage = buildClusterStorage(ctx);
    const archive = a.backup ? { timeoutSeconds: a.backup.archiveTimeoutSeconds } : undefined;
    const scripts = repmgrScripts();
    const configuration = new PostgresConfiguration(`${name}-configuration`, {
        cluster, namespace, port: postgresPort, podCidrs: a.network.podCidrs, superuser, replicationUser: a.users.replicationUser,
        scripts,
        files: repmgrConfigFiles({
            nodes, listenAddresses: "*", parameters: a.postgresqlParameters, archive, podCidrs: a.network.podCidrs,
            superuser, replicationUser: a.users.replicationUser, repmgrDatabase: repmgrNames.database,
            timing: {
                monitorIntervalSeconds: r.monitorIntervalSeconds, reconnectAttempts: r.reconnectAttempts,
                reconnectIntervalSeconds: r.reconnectIntervalSeconds, connectTimeoutSeconds: r.connectTimeoutSeconds,
            },
        }),
    }, inNamespace);
    const repmgrSecrets = new RepmgrSecrets(`${name}-repmgr-secrets`, {
        cluster, namespace, checkUser: repmgrNames.checkUser, pcpUser: repmgrNames.pcpUser, protect,
    }, inNamespace);

    const { users, mounted, backupContext, backup } = buildPodWiring(ctx, storage, [secrets, configuration]);

    const instances = new RepmgrCluster(`${name}-cluster`, {
        cluster, namespace, port: postgresPort, protect, instances: a.instances, image: a.image, resources: a.resources,
        antiAffinity: a.antiAffinity.mode, topologyKey: a.antiAffinity.topologyKey,
        terminationGracePeriodSeconds: a.terminationGracePeriodSeconds, serviceType: a.network.serviceType,
        pdbMaxUnavailable: a.pdbMaxUnavailable, allowedClients: a.network.allowedClients,
        allowedClientNamespaces: a.network.allowedClientNamespaces, users,
        configMap: mounted.configMap, scriptsConfigMap: mounted.scriptsConfigMap,
        secrets: { ...mounted.secrets, pgpool: objectName(cluster, "pgpoolCheck") },
        repmgrDatabase: repmgrNames.database, pgpoolCheckUser: repmgrNames.checkUser,
        configChecksumSource: configuration.checksumSource, dataClaim: storage.claimTemplate,
        backupClaim: backup ? objectName(cluster, "backup") : undefined,
    }, { parent, dependsOn: [secrets, repmgrSecrets, storage, configuration, ...(backup ? [backup] : [])] });

    const pgpool = new Pgpool(`${name}-pgpool`, {
        cluster, namespace, port: postgresPort, nodes, replicas: r.pgpool.replicas, image: a.image,
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        antiAffinity: a.antiAffinity.mode, topologyKey: "kubernetes.io/hostname", podCidrs: a.network.podCidrs,
        healthCheck: {
            periodSeconds: r.pgpool.healthCheckPeriodSeconds, connectTimeoutMs: r.connectTimeoutSeconds * 1000,
            maxRetries: r.pgpool.healthCheckMaxRetries, retryDelaySeconds: 1, srCheckPeriodSeconds: 1,
        },
        numInitChildren: r.pgpool.numInitChildren, maxPool: r.pgpool.maxPool, loadBalance: r.pgpool.loadBalance,
        scriptsConfigMap: mounted.scriptsConfigMap,
        secrets: { app: mounted.secrets.app, pgpool: objectName(cluster, "pgpoolCheck"), pcp: objectName(cluster, "pcp") },
        appUser: a.users.appUser, checkUser: repmgrNames.checkUser, pcpUser: repmgrNames.pcpUser,
        serviceType: a.network.serviceType, allowedClients: a.network.allowedClients,
        allowedClientNamespaces: a.network.allowedClientNamespaces, scriptsChecksumSource: JSON.stringify(scripts),
    }, { parent, dependsOn: [secrets, repmgrSecrets, configuration] });

    const restore = buildPointInTimeRestore(backupContext, backup);

    return {
        readWriteHost: pgpool.readWriteHost,
        readOnlyHost: instances.readOnlyHost,
        restoreHost: restore ? restore.host : pulumi.output(""),
    };
};
