import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CnpgResources } from "../../specs/cnpg/api";

/** The `cloudnative-pg` chart release that ships CloudNativePG 1.30.0 (its appVersion). */
export const cnpgChart = {
    name: "cloudnative-pg",
    version: "0.29.0",
    repository: "https://cloudnative-pg.github.io/charts",
    operatorVersion: "1.30.0",
} as const;

export interface CnpgOperatorArgs {
    /** Namespace of the operator (created by the release). */
    namespace: string;
    /** Requests and limits of the operator's pod. */
    resources: CnpgResources;
}

/**
 * The CloudNativePG operator as its users install it: a pinned Helm release of the
 * `cloudnative-pg` chart, with its CRDs and webhooks, watching every namespace.
 */
export class CnpgOperator extends pulumi.ComponentResource {
    public readonly namespace: pulumi.Output<string>;
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: CnpgOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:cnpg:CnpgOperator", name, {}, opts);
        this.release = new k8s.helm.v3.Release(`${name}-release`, {
            name: "cnpg",
            chart: cnpgChart.name,
            version: cnpgChart.version,
            repositoryOpts: { repo: cnpgChart.repository },
            namespace: args.namespace,
            createNamespace: true,
            // The webhooks must answer before the Cluster is admitted.
            waitForJobs: true,
            atomic: true,
            values: {
                image: { tag: cnpgChart.operatorVersion, pullPolicy: "IfNotPresent" },
                crds: { create: true },
                resources: args.resources,
                monitoring: { podMonitorEnabled: false },
            },
        }, { parent: this });
        this.namespace = this.release.status.namespace;
        this.registerOutputs({ namespace: this.namespace });
    }
}
