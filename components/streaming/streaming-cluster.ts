import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { podDisruptionBudgetSpec } from "../../specs/disruption-budget";
import { commonLabels } from "../../specs/labels";
import { objectName, podNames } from "../../specs/names";
import { networkPolicySpec } from "../../specs/network-policy";
import { instanceRoleBinding, instanceRoleRules } from "../../specs/streaming/rbac";
import { headlessServiceSpec, roleServiceSpec, ServiceType } from "../../specs/services";
import { initMarkerConfigMapName, statefulSetSpec, StatefulSetOptions } from "../../specs/streaming/statefulset";
import { statefulSetTimeouts } from "../../specs/rollout-timeouts";

/** StatefulSet options (documented in specs/streaming/statefulset.ts) plus the Services, PDB and NetworkPolicy settings. */
export interface StreamingClusterArgs extends Omit<StatefulSetOptions, "serviceAccount"> {
    /** Type of the read-write and read-only Services. Defaults to ClusterIP. */
    serviceType?: ServiceType;
    pdbMaxUnavailable: number;
    /** Pod label selectors (`k=v,k2=v2`) admitted by the NetworkPolicy besides the cluster's own pods. */
    allowedClients: string[];
    allowedClientNamespaces: string[];
    /** Protect the StatefulSet (its pods' claims are retained regardless). Defaults to false. */
    protect?: boolean;
}

/**
 * The streaming-replication cluster: one StatefulSet whose pods label themselves primary or replica,
 * a headless Service, read-write and read-only Services that route by that label, the labeller's
 * least-privilege RBAC, a PodDisruptionBudget and a NetworkPolicy.
 */
export class StreamingCluster extends pulumi.ComponentResource {
    public readonly statefulSetName: pulumi.Output<string>;
    public readonly headlessServiceName: pulumi.Output<string>;
    public readonly readWriteServiceName: pulumi.Output<string>;
    public readonly readOnlyServiceName: pulumi.Output<string>;
    public readonly readWriteHost: pulumi.Output<string>;
    public readonly readOnlyHost: pulumi.Output<string>;

    constructor(name: string, args: StreamingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:cluster:StreamingCluster", name, {}, opts);
        const { cluster, namespace, port } = args;
        const labels = commonLabels(cluster, "database");
        const meta = (objName: string) => ({ name: objName, namespace, labels });
        const child = { parent: this };

        // Holds the pods' "initialised" marker (bootstrap.sh). Created empty: the key is the pods'
        // own (a patch by another field manager, which Pulumi's updates leave alone).
        const initMarker = new k8s.core.v1.ConfigMap(`${name}-init-marker`, {
            metadata: meta(initMarkerConfigMapName(cluster)),
        }, child);

        const accountName = objectName(cluster, "instance");
        const account = new k8s.core.v1.ServiceAccount(`${name}-serviceaccount`, { metadata: meta(accountName) }, child);
        const role = new k8s.rbac.v1.Role(`${name}-role`, {
            metadata: meta(accountName),
            rules: instanceRoleRules(podNames(cluster, args.instances), initMarkerConfigMapName(cluster)),
        }, child);
        const binding = new k8s.rbac.v1.RoleBinding(`${name}-rolebinding`, {
            metadata: meta(accountName),
            ...instanceRoleBinding(role.metadata.name, account.metadata.name, namespace),
        }, child);

        const headless = new k8s.core.v1.Service(`${name}-headless`, {
            metadata: meta(objectName(cluster, "headless")),
            spec: headlessServiceSpec(cluster, port),
        }, child);
        const serviceType = args.serviceType ?? "ClusterIP";
        // Endpoints of the role Services appear only once the labeller has run (and the read-only
        // one has none with a single instance): Pulumi must not wait for them.
        const roleMeta = (objName: string) => ({ ...meta(objName), annotations: { "pulumi.com/skipAwait": "true" } });
        const readWrite = new k8s.core.v1.Service(`${name}-rw`, {
            metadata: roleMeta(objectName(cluster, "readWrite")),
            spec: roleServiceSpec(cluster, "primary", port, serviceType),
        }, child);
        const readOnly = new k8s.core.v1.Service(`${name}-ro`, {
            metadata: roleMeta(objectName(cluster, "readOnly")),
            spec: roleServiceSpec(cluster, "replica", port, serviceType),
        }, child);

        const statefulSet = new k8s.apps.v1.StatefulSet(`${name}-statefulset`, {
            metadata: meta(objectName(cluster, "statefulSet")),
            spec: statefulSetSpec({ ...args, serviceAccount: accountName }),
        }, {
            parent: this, dependsOn: [binding, headless, initMarker], protect: args.protect ?? false,
            // Ready only once every pod's bootstrap is done: a replica's clone copies the whole database.
            customTimeouts: statefulSetTimeouts(args.dataClaim.size),
        });

        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, {
            metadata: meta(objectName(cluster, "statefulSet")),
            spec: podDisruptionBudgetSpec(cluster, args.pdbMaxUnavailable),
        }, child);
        new k8s.networking.v1.NetworkPolicy(`${name}-networkpolicy`, {
            metadata: meta(objectName(cluster, "statefulSet")),
            spec: networkPolicySpec({
                cluster, port, clientSelectors: args.allowedClients, clientNamespaces: args.allowedClientNamespaces,
            }),
        }, child);

        this.statefulSetName = statefulSet.metadata.name;
        this.headlessServiceName = headless.metadata.name;
        this.readWriteServiceName = readWrite.metadata.name;
        this.readOnlyServiceName = readOnly.metadata.name;
        this.readWriteHost = pulumi.interpolate`${readWrite.metadata.name}.${namespace}.svc`;
        this.readOnlyHost = pulumi.interpolate`${readOnly.metadata.name}.${namespace}.svc`;
        this.registerOutputs({
            statefulSetName: this.statefulSetName,
            headlessServiceName: this.headlessServiceName,
            readWriteServiceName: this.readWriteServiceName,
            readOnlyServiceName: this.readOnlyServiceName,
            readWriteHost: this.readWriteHost,
            readOnlyHost: this.readOnlyHost,
        });
    }
}
