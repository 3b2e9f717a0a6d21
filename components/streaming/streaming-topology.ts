/**
 * The streaming topology (also `standalone`, its one-instance case): data storage, the
 * configuration and scripts ConfigMaps, the StreamingCluster, and with backups the backup volume
 * and CronJob, an optional restore drill and an optional point-in-time recovery instance.
 */
import * as pulumi from "@pulumi/pulumi";
import { objectName } from "../../specs/names";
import { postgresPort } from "../../specs/services";
import { PostgresConfiguration } from "../self-managed/configuration";
import { TopologyBuilder } from "../topology";
import { buildClusterStorage, buildPodWiring, buildPointInTimeRestore } from "../self-managed/wiring";
import { RestoreDrill } from "../self-managed/restore-drill";
import { AutoFailover } from "./auto-failover";
import { streamingScripts } from "./scripts";
import { StreamingCluster } from "./streaming-cluster";

export const buildStreamingTopology: TopologyBuilder = ctx => {
    const { parent, name, args: a, superuser, secrets, inNamespace } = ctx;
    const cluster = a.clusterName;
    const namespace = a.namespace;
    const protect = a.protectData;

    const storage = buildClusterStorage(ctx);
    const configuration = new PostgresConfiguration(`${name}-configuration`, {
        cluster, namespace, port: postgresPort, parameters: a.postgresqlParameters,
        podCidrs: a.network.podCidrs, superuser, replicationUser: a.users.replicationUser,
        archive: a.backup ? { timeoutSeconds: a.backup.archiveTimeoutSeconds } : undefined,
        scripts: streamingScripts(),
    }, inNamespace);
    // dependsOn orders the pods after the objects they mount.
    const { users, mounted, env, backupContext, backup } = buildPodWiring(ctx, storage, [secrets, configuration]);

    const streaming = new StreamingCluster(`${name}-cluster`, {
        cluster, namespace, port: postgresPort, protect,
        instances: a.instances,
        image: a.image,
        kubectlImage: a.kubectlImage,
        resources: a.resources,
        antiAffinity: a.antiAffinity.mode,
        topologyKey: a.antiAffinity.topologyKey,
        terminationGracePeriodSeconds: a.terminationGracePeriodSeconds,
        replicaMaxLagMB: a.replicaMaxLagMB,
        serviceType: a.network.serviceType,
        pdbMaxUnavailable: a.pdbMaxUnavailable,
        allowedClients: a.network.allowedClients,
        allowedClientNamespaces: a.network.allowedClientNamespaces,
        users,
        ...mounted,
        configChecksumSource: configuration.checksumSource,
        dataClaim: storage.claimTemplate,
        backupClaim: backup ? objectName(cluster, "backup") : undefined,
    }, { parent, dependsOn: [secrets, storage, configuration, ...(backup ? [backup] : [])] });

    if (a.autoFailover) {
        new AutoFailover(`${name}-auto-failover`, {
            cluster, namespace, instances: a.instances, image: a.image, kubectlImage: a.kubectlImage,
            scriptsConfigMap: mounted.scriptsConfigMap, ...a.autoFailover,
        }, { parent, dependsOn: [streaming] });
    }

    if (backup && a.backup?.restoreDrillSchedule) {
        new RestoreDrill(`${name}-restore-drill`, {
            cluster, namespace, image: a.image, resources: a.backup.resources, env, ...mounted,
            backupClaim: objectName(cluster, "backup"), schedule: a.backup.restoreDrillSchedule, storage: storage.claimTemplate,
            scratchOnNode: a.storage.mode !== "storageClass",
        }, { parent, dependsOn: [backup] });
    }

    const restore = buildPointInTimeRestore(backupContext, backup);

    return {
        readWriteHost: streaming.readWriteHost,
        readOnlyHost: streaming.readOnlyHost,
        restoreHost: restore ? restore.host : pulumi.output(""),
    };
};
