import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { statefulSetTimeouts } from "../../specs/rollout-timeouts";
import { restoreStatefulSetSpec, RestoreOptions } from "../../specs/self-managed/backup";
import { commonLabels } from "../../specs/labels";
import { objectName } from "../../specs/names";
import { networkPolicySpec } from "../../specs/network-policy";
import { restoreHeadlessServiceSpec, restoreServiceSpec } from "../../specs/services";

export interface PointInTimeRestoreArgs extends RestoreOptions {
    namespace: string;
    /** Admitted by its NetworkPolicy, as for the cluster: pod label selectors and namespaces. */
    allowedClients: string[];
    allowedClientNamespaces: string[];
}

/**
 * A recovery instance `<cluster>-restore-0` restored from a base backup (`latest` or an id) plus
 * archived WAL up to `targetTime`, reachable through the `<cluster>-restore` Service. The running
 * cluster, its volumes and its archive are left untouched. Its NetworkPolicy admits what the
 * cluster's admits.
 */
export class PointInTimeRestore extends pulumi.ComponentResource {
    public readonly host: pulumi.Output<string>;

    constructor(name: string, args: PointInTimeRestoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:backup:PointInTimeRestore", name, {}, opts);
        const objName = objectName(args.cluster, "restore");
        const labels = commonLabels(args.cluster, "restore");
        const service = new k8s.core.v1.Service(`${name}-service`, {
            metadata: { name: objName, namespace: args.namespace, labels },
            spec: restoreServiceSpec(args.cluster, args.port),
        }, { parent: this });
        const headless = new k8s.core.v1.Service(`${name}-headless`, {
            metadata: { name: objectName(args.cluster, "restoreHeadless"), namespace: args.namespace, labels },
            spec: restoreHeadlessServiceSpec(args.cluster, args.port),
        }, { parent: this });
        new k8s.networking.v1.NetworkPolicy(`${name}-networkpolicy`, {
            metadata: { name: objName, namespace: args.namespace, labels },
            spec: networkPolicySpec({
                cluster: args.cluster, port: args.port, component: "restore",
                clientSelectors: args.allowedClients, clientNamespaces: args.allowedClientNamespaces,
            }),
        }, { parent: this });
        new k8s.apps.v1.StatefulSet(`${name}-statefulset`, {
            metadata: { name: objName, namespace: args.namespace, labels },
            spec: restoreStatefulSetSpec(args),
        }, {
            parent: this, dependsOn: [service, headless],
            // Ready only once the restore init container has unpacked the backup and replayed WAL.
            customTimeouts: statefulSetTimeouts(args.storage.size),
        });

        this.host = pulumi.interpolate`${service.metadata.name}.${args.namespace}.svc`;
        this.registerOutputs({ host: this.host });
    }
}
