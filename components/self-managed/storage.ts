import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { commonLabels } from "../../specs/labels";
import { objectName, staticVolumeName } from "../../specs/names";
import { StaticSource, staticVolumeSpec } from "../../specs/persistent-volume";
import { ClaimTemplate } from "../../specs/persistent-volume-claim";

export type StorageMode = "storageClass" | "hostPath" | "nfs";

export interface ClusterStorageArgs {
    cluster: string;
    namespace: string;
    instances: number;
    /** storageClass: dynamic provisioning; hostPath or nfs: one pre-created PV per instance. */
    mode: StorageMode;
    /** Size of each data volume, a Kubernetes quantity. */
    size: pulumi.Input<string>;
    /** StorageClass for dynamic claims, or the class name pairing static PVs. Defaults to the cluster default (dynamic) or `<cluster>-static`. */
    storageClassName?: string;
    hostPath?: { path: string; node: string };
    nfs?: { server: string; path: string };
    /** Protect the PVs. Defaults to false. */
    protect?: boolean;
}


/**
 * Data storage. In storageClass mode the claims come from the StatefulSet's volumeClaimTemplate and
 * nothing is created here; in hostPath and nfs modes this creates one Retain PV per instance,
 * pre-bound to its claim.
 */
export class ClusterStorage extends pulumi.ComponentResource {
    public readonly claimTemplate: ClaimTemplate;
    public readonly persistentVolumeNames: pulumi.Output<string[]>;

    constructor(name: string, args: ClusterStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:storage:ClusterStorage", name, {}, opts);
        const source: StaticSource | undefined =
            args.mode === "hostPath" && args.hostPath ? { kind: "hostPath", ...args.hostPath }
            : args.mode === "nfs" && args.nfs ? { kind: "nfs", ...args.nfs }
            : undefined;
        if (args.mode !== "storageClass" && !source) {
            throw new pulumi.ResourceError(`storage mode '${args.mode}' needs its ${args.mode} settings`, this);
        }
        const storageClassName = args.storageClassName || (source ? objectName(args.cluster, "static") : undefined);
        const volumes = source
            ? Array.from({ length: args.instances }, (_, ordinal) => new k8s.core.v1.PersistentVolume(`${name}-pv-${ordinal}`, {
                metadata: { name: staticVolumeName(args.namespace, args.cluster, ordinal), labels: commonLabels(args.cluster, "database") },
                spec: staticVolumeSpec({
                    cluster: args.cluster, namespace: args.namespace, ordinal, size: args.size,
                    storageClassName: storageClassName!, source,
                }),
            }, { parent: this, protect: args.protect ?? false }))
            : [];

        this.claimTemplate = { storageClassName, size: args.size };
        this.persistentVolumeNames = pulumi.output(volumes.map(v => v.metadata.name));
        this.registerOutputs({ persistentVolumeNames: this.persistentVolumeNames });
    }
}
