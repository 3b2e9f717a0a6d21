import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { cnpgServiceNames } from "../../specs/cnpg/api";
import { cnpgCluster, CnpgClusterOptions } from "../../specs/cnpg/cluster";
import { instancesNetworkPolicySpec, CnpgNetworkPolicyOptions } from "../../specs/cnpg/network-policy";
import { podMonitor } from "../../specs/cnpg/pod-monitor";

export interface CnpgClusterArgs {
    /** The Cluster, as specs/cnpg/cluster.ts builds it. */
    cluster: CnpgClusterOptions;
    /** Who may reach the instances (operator namespace, clients, metrics). */
    network: Omit<CnpgNetworkPolicyOptions, "cluster">;
    /** A PodMonitor over the instances (needs the prometheus-operator CRDs). */
    podMonitor: boolean;
    /** Pulumi `protect` on the Cluster: deleting it deletes its claims (they are owned by it). */
    protect: boolean;
}

/**
 * A CloudNativePG `Cluster` with the NetworkPolicy over its instances and, optionally, a
 * PodMonitor. The operator creates the pods, claims, Services, PDBs and TLS Secrets itself.
 */
export class CnpgCluster extends pulumi.ComponentResource {
    public readonly readWriteHost: pulumi.Output<string>;
    public readonly readOnlyHost: pulumi.Output<string>;
    public readonly resource: k8s.apiextensions.CustomResource;

    constructor(name: string, args: CnpgClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:cnpg:CnpgCluster", name, {}, opts);
        // Children wait for what the component waits for (the operator's CRDs and webhooks, the Secrets).
        const child = { parent: this, dependsOn: opts?.dependsOn };
        const c = args.cluster;
        // Retained on delete as well as protected on request: the operator deletes the Cluster's
        // claims with it, so a `pulumi destroy` never takes the data with it.
        this.resource = new k8s.apiextensions.CustomResource(`${name}-cluster`, cnpgCluster(c),
            { ...child, protect: args.protect, retainOnDelete: true });
        new k8s.networking.v1.NetworkPolicy(`${name}-network-policy`, {
            metadata: { name: c.name, namespace: c.namespace, labels: c.labels },
            spec: instancesNetworkPolicySpec({ cluster: c.name, ...args.network }),
        }, { parent: this });
        if (args.podMonitor) {
            new k8s.apiextensions.CustomResource(`${name}-pod-monitor`,
                podMonitor({ cluster: c.name, namespace: c.namespace, labels: c.labels }), child);
        }
        const services = cnpgServiceNames(c.name);
        this.readWriteHost = pulumi.output(`${services.readWrite}.${c.namespace}.svc`);
        this.readOnlyHost = pulumi.output(`${services.readOnly}.${c.namespace}.svc`);
        this.registerOutputs({ readWriteHost: this.readWriteHost, readOnlyHost: this.readOnlyHost });
    }
}
