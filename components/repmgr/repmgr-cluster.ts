import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podDisruptionBudgetSpec } from "../../specs/disruption-budget";
import { commonLabels } from "../../specs/labels";
import { objectName } from "../../specs/names";
import { networkPolicySpec } from "../../specs/network-policy";
import { componentServiceSpec, headlessServiceSpec, ServiceType } from "../../specs/services";
import { repmgrStatefulSetSpec, RepmgrStatefulSetOptions } from "../../specs/repmgr/statefulset";

/** StatefulSet options (specs/repmgr/statefulset.ts) plus the Services, PDB and NetworkPolicy settings. */
export interface RepmgrClusterArgs extends RepmgrStatefulSetOptions {
    serviceType: ServiceType;
    pdbMaxUnavailable: number;
    allowedClients: string[];
    allowedClientNamespaces: string[];
    protect?: boolean;
}

/**
 * The PostgreSQL pods of the repmgr topology: the StatefulSet (PostgreSQL + repmgrd per pod), the
 * headless Service their repmgr conninfo and pgpool's backends name, a read-only Service over every
 * instance, a PodDisruptionBudget and a NetworkPolicy.
 */
export class RepmgrCluster extends pulumi.ComponentResource {
    public readonly statefulSetName: pulumi.Output<string>;
    public readonly readOnlyHost: pulumi.Output<string>;

    constructor(name: string, args: RepmgrClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:repmgr:RepmgrCluster", name, {}, opts);
        const { cluster, namespace, port } = args;
        const meta = (objName: string) => ({ name: objName, namespace, labels: commonLabels(cluster, "database") });
        const child = { parent: this };

        const headless = new k8s.core.v1.Service(`${name}-headless`, {
            metadata: meta(objectName(cluster, "headless")), spec: headlessServiceSpec(cluster, port),
        }, child);
        // Reads from any instance; writes go through pgpool (the rw Service of components/repmgr/pgpool.ts).
        const readOnly = new k8s.core.v1.Service(`${name}-ro`, {
            metadata: { ...meta(objectName(cluster, "readOnly")), annotations: { "pulumi.com/skipAwait": "true" } },
            spec: componentServiceSpec(cluster, "database", port, args.serviceType),
        }, child);
        const statefulSet = new k8s.apps.v1.StatefulSet(`${name}-statefulset`, {
            metadata: meta(objectName(cluster, "statefulSet")), spec: repmgrStatefulSetSpec(args),
        }, { parent: this, dependsOn: [headless], protect: args.protect ?? false });
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, {
            metadata: meta(objectName(cluster, "statefulSet")), spec: podDisruptionBudgetSpec(cluster, args.pdbMaxUnavailable),
        }, child);
        new k8s.networking.v1.NetworkPolicy(`${name}-networkpolicy`, {
            metadata: meta(objectName(cluster, "statefulSet")),
            spec: networkPolicySpec({ cluster, port, clientSelectors: args.allowedClients, clientNamespaces: args.allowedClientNamespaces }),
        }, child);

        this.statefulSetName = statefulSet.metadata.name;
        this.readOnlyHost = pulumi.interpolate`${readOnly.metadata.name}.${namespace}.svc`;
        this.registerOutputs({ statefulSetName: this.statefulSetName, readOnlyHost: this.readOnlyHost });
    }
}
