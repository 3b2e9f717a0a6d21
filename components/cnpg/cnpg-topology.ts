/**
 * The cnpg topology: the CloudNativePG operator (optional Helm release), a `Cluster` bootstrapped
 * with the project's own Secrets, with backups the Barman Cloud plugin's ObjectStore and a
 * ScheduledBackup, PgBouncer Poolers, and with a restore a recovery Cluster beside the live one.
 */
import * as pulumi from "@pulumi/pulumi";
import { commonLabels, selectorLabels } from "../../specs/labels";
import { objectName } from "../../specs/names";
import { postgresUid } from "../../specs/security";
import { CnpgClusterOptions } from "../../specs/cnpg/cluster";
import { CnpgNetworkPolicyOptions } from "../../specs/cnpg/network-policy";
import { cnpgParameters } from "../../specs/cnpg/parameters";
import { cnpgPgHba } from "../../specs/cnpg/pg-hba";
import { TopologyBuilder } from "../topology";
import { CnpgBackup } from "./backup";
import { CnpgCluster } from "./cluster";
import { CnpgOperator } from "./operator";
import { CnpgPoolers } from "./poolers";
import { cnpgDefaults } from "./settings";

export const buildCnpgTopology: TopologyBuilder = ({ parent, name, args: a, secrets, inNamespace }) => {
    const c = a.cnpg;
    const cluster = a.clusterName;
    const namespace = a.namespace;
    const labels = commonLabels(cluster, "database");
    // What the operator copies to its pods, claims and Services: not `managed-by: pulumi`, they are the operator's.
    const inheritedLabels = { ...selectorLabels(cluster), "app.kubernetes.io/part-of": labels["app.kubernetes.io/part-of"] };

    // The operator's webhooks must answer before its resources are admitted.
    const operator = c.installOperator
        ? new CnpgOperator(`${name}-operator`, { namespace: c.operatorNamespace, resources: cnpgDefaults.operatorResources }, { parent })
        : undefined;
    const afterOperator = (deps: pulumi.Resource[] = []): pulumi.ComponentResourceOptions =>
        ({ parent, dependsOn: [...(inNamespace.dependsOn as pulumi.Resource[]), ...deps, ...(operator ? [operator] : [])] });

    const network: Omit<CnpgNetworkPolicyOptions, "cluster"> = {
        operatorNamespace: c.operatorNamespace,
        clientSelectors: a.network.allowedClients,
        clientNamespaces: a.network.allowedClientNamespaces,
        metricsNamespace: c.metricsNamespace,
    };
    const objectStoreName = objectName(cluster, "backup");
    const backup = a.backup && c.objectStore
        ? new CnpgBackup(`${name}-backup`, {
            objectStore: {
                name: objectStoreName, namespace, labels, ...c.objectStore,
                sidecarResources: cnpgDefaults.backupSidecarResources,
            },
            schedule: { name: objectStoreName, namespace, labels, cluster, schedule: c.backupSchedule },
        }, afterOperator())
        : undefined;

    const clusterOptions: CnpgClusterOptions = {
        name: cluster, namespace,
        instances: a.instances,
        imageName: a.image,
        postgresUid,
        storage: { size: a.storage.size, storageClass: a.storage.storageClassName },
        walStorage: c.walStorageSize ? { size: c.walStorageSize, storageClass: a.storage.storageClassName } : undefined,
        parameters: cnpgParameters(a.postgresqlParameters, a.backup?.archiveTimeoutSeconds),
        pgHba: cnpgPgHba(a.network.podCidrs),
        synchronous: c.synchronous && { method: "any", ...c.synchronous, failoverQuorum: c.synchronous.dataDurability === "required" },
        resources: a.resources,
        antiAffinity: a.antiAffinity.mode,
        topologyKey: a.antiAffinity.topologyKey,
        enablePDB: true,
        superuserSecret: objectName(cluster, "superuser"),
        stopDelay: a.terminationGracePeriodSeconds,
        walArchive: backup ? { objectStore: backup.objectStoreName } : undefined,
        bootstrap: { kind: "initdb", database: a.users.appDatabase, owner: a.users.appUser, secret: objectName(cluster, "app") },
        labels, inheritedLabels,
        externalServiceType: a.network.serviceType === "ClusterIP" ? undefined : a.network.serviceType,
    };
    const live = new CnpgCluster(`${name}-cluster`, {
        cluster: clusterOptions, network, podMonitor: c.podMonitor, protect: a.protectData,
    }, afterOperator([secrets, ...(backup ? [backup] : [])]));

    if (c.poolers.types.length > 0) {
        new CnpgPoolers(`${name}-poolers`, {
            types: c.poolers.types,
            pooler: {
                namespace, labels, cluster,
                instances: c.poolers.instances, poolMode: c.poolers.poolMode,
                maxClientConnections: cnpgDefaults.poolers.maxClientConnections,
                defaultPoolSize: cnpgDefaults.poolers.defaultPoolSize,
                resources: cnpgDefaults.poolerResources,
                antiAffinity: a.antiAffinity.mode, topologyKey: a.antiAffinity.topologyKey,
            },
            network: { cluster, ...network },
        }, afterOperator([live]));
    }

    // Recovery beside the live cluster, from its archive; it archives nothing itself.
    const restore = a.restore && backup
        ? new CnpgCluster(`${name}-restore`, {
            cluster: {
                ...clusterOptions,
                name: objectName(cluster, "restore"),
                walArchive: undefined,
                externalServiceType: undefined,
                bootstrap: {
                    kind: "recovery", database: a.users.appDatabase, owner: a.users.appUser, secret: objectName(cluster, "app"),
                    objectStore: backup.objectStoreName, serverName: cluster, targetTime: a.restore.targetTime,
                    ...(a.restore.from === "latest" ? {} : { backupId: a.restore.from }),
                },
            },
            network, podMonitor: false, protect: false,
        }, afterOperator([live]))
        : undefined;

    return {
        readWriteHost: live.readWriteHost,
        readOnlyHost: live.readOnlyHost,
        restoreHost: restore ? restore.readWriteHost : pulumi.output(""),
    };
};
