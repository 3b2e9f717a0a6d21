import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CnpgNetworkPolicyOptions, poolersNetworkPolicySpec } from "../../specs/cnpg/network-policy";
import { pooler, poolerName, PoolerOptions } from "../../specs/cnpg/pooler";

export interface CnpgPoolersArgs {
    /** One Pooler per type: `rw`, and `ro` when asked. */
    types: ("rw" | "ro")[];
    pooler: Omit<PoolerOptions, "type">;
    network: CnpgNetworkPolicyOptions;
}

/** PgBouncer `Pooler`s in front of the Cluster, and the NetworkPolicy over their pods. */
export class CnpgPoolers extends pulumi.ComponentResource {
    /** DNS name of each Pooler's Service, by type. */
    public readonly hosts: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: CnpgPoolersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:cnpg:CnpgPoolers", name, {}, opts);
        // Children wait for what the component waits for (the operator's CRDs and webhooks, the Secrets).
        const child = { parent: this, dependsOn: opts?.dependsOn };
        const p = args.pooler;
        this.hosts = {};
        for (const type of args.types) {
            new k8s.apiextensions.CustomResource(`${name}-${type}`, pooler({ ...p, type }), child);
            this.hosts[type] = pulumi.output(`${poolerName(p.cluster, type)}.${p.namespace}.svc`);
        }
        new k8s.networking.v1.NetworkPolicy(`${name}-network-policy`, {
            metadata: { name: `${p.cluster}-poolers`, namespace: p.namespace, labels: p.labels },
            spec: poolersNetworkPolicySpec(args.network),
        }, { parent: this });
        this.registerOutputs({ hosts: this.hosts });
    }
}
