import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { commonLabels } from "../../specs/labels";
import { objectName, podNames } from "../../specs/names";
import {
    autoFailoverClusterRoleRules, autoFailoverDeploymentSpec, autoFailoverNetworkPolicySpec, autoFailoverRoleRules,
} from "../../specs/streaming/auto-failover";

export interface AutoFailoverArgs {
    cluster: string;
    namespace: string;
    instances: number;
    image: string;
    kubectlImage: string;
    /** The scripts ConfigMap (it carries auto-failover.sh and lib.sh). */
    scriptsConfigMap: string;
    /** Seconds between checks. Defaults to 10. */
    intervalSeconds?: number;
    /** Consecutive checks without a primary (and the lost primary provably stopped) before a failover. Defaults to 3. */
    checks?: number;
}

/**
 * Opt-in automatic failover for the streaming topology (`autoFailover`): the `<cluster>-failover`
 * Deployment running auto-failover.sh from the scripts ConfigMap, and a ServiceAccount that may only get and
 * exec into the cluster's own pods (by name) and get nodes; a NetworkPolicy admits no ingress to it.
 * Limits: docs/failover.md.
 */
export class AutoFailover extends pulumi.ComponentResource {
    public readonly deploymentName: pulumi.Output<string>;

    constructor(name: string, args: AutoFailoverArgs, opts?: pulumi.ComponentResourceOptions) {
        super("postgres-k8s:streaming:AutoFailover", name, {}, opts);
        const objName = objectName(args.cluster, "failover");
        // Nodes are cluster-scoped: the ClusterRole's name carries the namespace to stay unique.
        const clusterWide = `${args.namespace}-${objName}`;
        const labels = commonLabels(args.cluster, "failover");
        const meta = { name: objName, namespace: args.namespace, labels };
        const child = { parent: this };
        const pods = podNames(args.cluster, args.instances);

        const account = new k8s.core.v1.ServiceAccount(`${name}-serviceaccount`, { metadata: meta }, child);
        const role = new k8s.rbac.v1.Role(`${name}-role`, { metadata: meta, rules: autoFailoverRoleRules(pods) }, child);
        const binding = new k8s.rbac.v1.RoleBinding(`${name}-rolebinding`, {
            metadata: meta,
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
            subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace: args.namespace }],
        }, child);
        const clusterRole = new k8s.rbac.v1.ClusterRole(`${name}-clusterrole`, {
            metadata: { name: clusterWide, labels }, rules: autoFailoverClusterRoleRules(),
        }, child);
        const clusterBinding = new k8s.rbac.v1.ClusterRoleBinding(`${name}-clusterrolebinding`, {
            metadata: { name: clusterWide, labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterRole.metadata.name },
            subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace: args.namespace }],
        }, child);
        new k8s.networking.v1.NetworkPolicy(`${name}-networkpolicy`, { metadata: meta, spec: autoFailoverNetworkPolicySpec(args.cluster) }, child);
        const deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, {
            metadata: meta,
            spec: autoFailoverDeploymentSpec({
                cluster: args.cluster, namespace: args.namespace, podNames: pods, image: args.image, kubectlImage: args.kubectlImage,
                serviceAccount: objName, scriptsConfigMap: args.scriptsConfigMap,
                intervalSeconds: args.intervalSeconds ?? 10, checks: args.checks ?? 3,
            }),
        }, { parent: this, dependsOn: [binding, clusterBinding] });

        this.deploymentName = deployment.metadata.name;
        this.registerOutputs({ deploymentName: this.deploymentName });
    }
}
