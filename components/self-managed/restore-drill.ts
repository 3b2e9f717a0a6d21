import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { commonLabels } from "../../specs/labels";
import { objectName } from "../../specs/names";
import { denyIngressSpec } from "../../specs/network-policy";
import { restoreDrillCronJobSpec, RestoreDrillCronJobOptions } from "../../specs/self-managed/restore-drill";

export interface RestoreDrillArgs extends RestoreDrillCronJobOptions {
    namespace: string;
}

/**
 * The `<cluster>-restore-drill` CronJob: on its schedule, restores the newest base backup plus
 * archived WAL into a scratch instance inside its own pod and checks it (restore-drill.sh). A
 * failed drill fails the Job; the result of each run is its pod's termination message. Its pods
 * get a NetworkPolicy that admits nothing.
 */
export class RestoreDrill extends pulumi.ComponentResource {
    public readonly cronJobName: pulumi.Output<string>;

    constructor(name: string, args: RestoreDrillArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:backup:RestoreDrill", name, {}, opts);
        const metadata = { name: objectName(args.cluster, "restoreDrill"), namespace: args.namespace, labels: commonLabels(args.cluster, "restore-drill") };
        const cronJob = new k8s.batch.v1.CronJob(`${name}-cronjob`, { metadata, spec: restoreDrillCronJobSpec(args) }, { parent: this });
        // The scratch instance listens on its pod's socket only; nothing needs to reach the pod.
        new k8s.networking.v1.NetworkPolicy(`${name}-networkpolicy`, { metadata, spec: denyIngressSpec(args.cluster, "restore-drill") }, { parent: this });
        this.cronJobName = cronJob.metadata.name;
        this.registerOutputs({ cronJobName: this.cronJobName });
    }
}
