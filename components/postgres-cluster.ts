import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StackConfig, superuser } from "../config/keys";
import { objectName } from "../specs/names";
import { clusterEnvOptions } from "../specs/pod-env";
import { postgresPort } from "../specs/statefulset";
import { ClusterBackup } from "./backup";
import { PointInTimeRestore } from "./restore";
import { RestoreDrill } from "./restore-drill";
import { PostgresConfiguration } from "./configuration";
import { ClusterSecrets } from "./secrets";
import { ClusterStorage } from "./storage";
import { StreamingCluster } from "./streaming-cluster";

export type PostgresClusterArgs = StackConfig;

/**
 * Everything one stack deploys: namespace, secrets, storage, configuration and the streaming
 * cluster. Args are a validated StackConfig (config/load.ts), so nothing here re-checks them.
 */
export class PostgresCluster extends pulumi.ComponentResource {
    public readonly namespace: pulumi.Output<string>;
    public readonly readWriteHost: pulumi.Output<string>;
    public readonly readOnlyHost: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    public readonly appDatabase: pulumi.Output<string>;
    public readonly appUser: pulumi.Output<string>;
    public readonly appSecretName: pulumi.Output<string>;
    public readonly appPassword: pulumi.Output<string>;
    public readonly superuserPassword: pulumi.Output<string>;
    /** Host of the point-in-time recovery instance; empty when no restore is configured. */
    public readonly restoreHost: pulumi.Output<string>;

    constructor(name: string, c: PostgresClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:index:PostgresCluster", name, {}, opts);
        const protect = c.protectData;
        const cluster = c.clusterName;

        // Retained on delete: deleting a namespace would delete the PVCs that the StatefulSet keeps.
        const namespace = c.createNamespace
            ? new k8s.core.v1.Namespace(`${name}-namespace`, {
                metadata: { name: c.namespace, labels: { "app.kubernetes.io/part-of": "postgres-k8s" } },
            }, { parent: this, retainOnDelete: true, protect })
            : undefined;
        const inNamespace = { parent: this, dependsOn: namespace ? [namespace] : [] };

        const secrets = new ClusterSecrets(`${name}-secrets`, {
            cluster, namespace: c.namespace, protect,
            superuser, replicationUser: c.replicationUser, appUser: c.appUser,
        }, inNamespace);
        const storage = new ClusterStorage(`${name}-storage`, {
            cluster, namespace: c.namespace, instances: c.instances, protect,
            mode: c.storageMode, size: c.storageSize, storageClassName: c.storageClassName || undefined,
            hostPath: { path: c.hostPath, node: c.hostPathNode },
            nfs: { server: c.nfsServer, path: c.nfsPath },
        }, { parent: this });
        const configuration = new PostgresConfiguration(`${name}-configuration`, {
            cluster, namespace: c.namespace, port: postgresPort, parameters: c.postgresqlParameters,
            podCidrs: c.podCidrs, superuser, replicationUser: c.replicationUser,
            archive: c.backupEnabled ? { timeoutSeconds: c.archiveTimeoutSeconds } : undefined,
        }, inNamespace);

        const users = { superuser, replicationUser: c.replicationUser, appUser: c.appUser, appDatabase: c.appDatabase };
        const resources = {
            requests: { cpu: c.cpuRequest, memory: c.memoryRequest },
            limits: { cpu: c.cpuLimit, memory: c.memoryLimit },
        };
        // Names follow specs/names.ts; dependsOn orders the pods after the objects they mount.
        const mounted = {
            configMap: objectName(cluster, "config"),
            scriptsConfigMap: objectName(cluster, "scripts"),
            secrets: {
                superuser: objectName(cluster, "superuser"),
                replication: objectName(cluster, "replication"),
                app: objectName(cluster, "app"),
            },
        };
        const env = clusterEnvOptions({
            cluster, namespace: c.namespace, instances: c.instances, port: postgresPort, users, archive: c.backupEnabled,
        });
        const backup = c.backupEnabled
            ? new ClusterBackup(`${name}-backup`, {
                cluster, namespace: c.namespace, instances: c.instances, image: c.image, resources, env, ...mounted,
                schedule: c.backupSchedule, retain: c.backupRetain, size: c.backupStorageSize,
                storageClassName: c.backupStorageClassName || undefined, protect,
            }, { parent: this, dependsOn: [secrets, configuration] })
            : undefined;

        const streaming = new StreamingCluster(`${name}-cluster`, {
            cluster, namespace: c.namespace, port: postgresPort, protect,
            instances: c.instances,
            image: c.image,
            kubectlImage: c.kubectlImage,
            resources,
            antiAffinity: c.antiAffinity,
            topologyKey: c.antiAffinityTopologyKey,
            terminationGracePeriodSeconds: c.terminationGracePeriodSeconds,
            serviceType: c.serviceType,
            pdbMaxUnavailable: c.pdbMaxUnavailable,
            allowedClients: c.allowedClients,
            allowedClientNamespaces: c.allowedClientNamespaces,
            users,
            ...mounted,
            configChecksumSource: configuration.checksumSource,
            dataClaim: storage.claimTemplate,
            backupClaim: backup ? objectName(cluster, "backup") : undefined,
        }, { parent: this, dependsOn: [secrets, storage, configuration, ...(backup ? [backup] : [])] });

        if (backup && c.restoreDrill) {
            new RestoreDrill(`${name}-restore-drill`, {
                cluster, namespace: c.namespace, image: c.image, resources, env, ...mounted,
                backupClaim: objectName(cluster, "backup"), schedule: c.restoreDrill, storage: storage.claimTemplate,
                scratchOnNode: c.storageMode !== "storageClass",
            }, { parent: this, dependsOn: [backup] });
        }

        const restore = c.restoreFrom
            ? new PointInTimeRestore(`${name}-restore`, {
                cluster, namespace: c.namespace, image: c.image, resources, env, ...mounted, port: postgresPort,
                backupClaim: objectName(cluster, "backup"), from: c.restoreFrom, targetTime: c.restoreTargetTime,
                storage: storage.claimTemplate, terminationGracePeriodSeconds: c.terminationGracePeriodSeconds,
                allowedClients: c.allowedClients, allowedClientNamespaces: c.allowedClientNamespaces,
            }, { parent: this, dependsOn: backup ? [backup] : [] })
            : undefined;

        this.namespace = pulumi.output(c.namespace);
        this.restoreHost = restore ? restore.host : pulumi.output("");
        this.readWriteHost = streaming.readWriteHost;
        this.readOnlyHost = streaming.readOnlyHost;
        this.port = pulumi.output(postgresPort);
        this.appDatabase = pulumi.output(c.appDatabase);
        this.appUser = pulumi.output(c.appUser);
        this.appSecretName = secrets.appSecretName;
        this.appPassword = secrets.appPassword;
        this.superuserPassword = secrets.superuserPassword;
        this.registerOutputs({
            namespace: this.namespace, readWriteHost: this.readWriteHost, readOnlyHost: this.readOnlyHost,
            port: this.port, appDatabase: this.appDatabase, appUser: this.appUser, appSecretName: this.appSecretName,
            appPassword: this.appPassword, superuserPassword: this.superuserPassword, restoreHost: this.restoreHost,
        });
    }
}
