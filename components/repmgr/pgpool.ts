import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AntiAffinityMode } from "../../specs/affinity";
import { podDisruptionBudgetSpec } from "../../specs/disruption-budget";
import { commonLabels } from "../../specs/labels";
import { objectName } from "../../specs/names";
import { networkPolicySpec } from "../../specs/network-policy";
import { Resources } from "../../specs/self-managed/pod-template";
import { pgpoolConfigFiles } from "../../specs/repmgr/config-files";
import { pgpoolDeploymentSpec } from "../../specs/repmgr/pgpool-deployment";
import { PgpoolHealthCheck } from "../../specs/repmgr/pgpool-conf";
import { RepmgrNode } from "../../specs/repmgr/repmgr-conf";
import { componentServiceSpec, ServiceType } from "../../specs/services";

export interface PgpoolArgs {
    cluster: string;
    namespace: pulumi.Input<string>;
    port: number;
    /** The PostgreSQL nodes: backends with exactly the host/port of their repmgr conninfo. */
    nodes: RepmgrNode[];
    replicas: number;
    image: string;
    resources: Resources;
    antiAffinity: AntiAffinityMode;
    topologyKey: string;
    podCidrs: string[];
    healthCheck: PgpoolHealthCheck;
    numInitChildren: number;
    maxPool: number;
    loadBalance: boolean;
    scriptsConfigMap: string;
    secrets: { app: string; pgpool: string; pcp: string };
    appUser: string;
    checkUser: string;
    pcpUser: string;
    serviceType: ServiceType;
    allowedClients: string[];
    allowedClientNamespaces: string[];
    /** Scripts of the scripts ConfigMap: part of the pods' checksum. */
    scriptsChecksumSource: string;
}

/**
 * pgpool-II in front of the repmgr-managed instances: its ConfigMap (pgpool.conf, pool_hba.conf;
 * no password: pool_passwd and pcp.conf are written at pod start from the Secrets), the
 * Deployment with its own anti-affinity, a PodDisruptionBudget, the read-write Service and a
 * NetworkPolicy that admits only the allowed clients.
 */
export class Pgpool extends pulumi.ComponentResource {
    public readonly readWriteHost: pulumi.Output<string>;
    public readonly deploymentName: pulumi.Output<string>;

    constructor(name: string, args: PgpoolArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:repmgr:Pgpool", name, {}, opts);
        const { cluster, namespace, port } = args;
        const meta = (objName: string) => ({ name: objName, namespace, labels: commonLabels(cluster, "pgpool") });
        const child = { parent: this };
        const files = pgpoolConfigFiles({
            nodes: args.nodes, listenAddresses: "*", port, podCidrs: args.podCidrs, checkUser: args.checkUser,
            healthCheck: args.healthCheck, numInitChildren: args.numInitChildren, maxPool: args.maxPool, loadBalance: args.loadBalance,
        });
        const config = new k8s.core.v1.ConfigMap(`${name}-config`, { metadata: meta(objectName(cluster, "pgpool")), data: files }, child);
        const deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, {
            metadata: meta(objectName(cluster, "pgpool")),
            spec: pgpoolDeploymentSpec({
                cluster, replicas: args.replicas, image: args.image, port, resources: args.resources,
                antiAffinity: args.antiAffinity, topologyKey: args.topologyKey, configMap: objectName(cluster, "pgpool"),
                scriptsConfigMap: args.scriptsConfigMap, secrets: args.secrets, appUser: args.appUser, checkUser: args.checkUser,
                pcpUser: args.pcpUser, configChecksumSource: JSON.stringify({ files, scripts: args.scriptsChecksumSource }),
            }),
        }, { parent: this, dependsOn: [config] });
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, {
            metadata: meta(objectName(cluster, "pgpool")), spec: podDisruptionBudgetSpec(cluster, 1, "pgpool"),
        }, child);
        const readWrite = new k8s.core.v1.Service(`${name}-rw`, {
            metadata: { ...meta(objectName(cluster, "readWrite")), annotations: { "pulumi.com/skipAwait": "true" } },
            spec: componentServiceSpec(cluster, "pgpool", port, args.serviceType),
        }, child);
        new k8s.networking.v1.NetworkPolicy(`${name}-networkpolicy`, {
            metadata: meta(objectName(cluster, "pgpool")),
            spec: networkPolicySpec({ cluster, port, clientSelectors: args.allowedClients, clientNamespaces: args.allowedClientNamespaces, component: "pgpool" }),
        }, child);

        this.deploymentName = deployment.metadata.name;
        this.readWriteHost = pulumi.interpolate`${readWrite.metadata.name}.${namespace}.svc`;
        this.registerOutputs({ readWriteHost: this.readWriteHost, deploymentName: this.deploymentName });
    }
}
