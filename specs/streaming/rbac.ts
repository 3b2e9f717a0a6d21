/**
 * RBAC of the instance ServiceAccount: the role labeller may read and patch only the cluster's own
 * pods (by name), and the bootstrap init container only the cluster's initialised-marker
 * ConfigMap (by name); nothing else. No `create`: the component creates that ConfigMap.
 */
import type * as pulumi from "@pulumi/pulumi";

export function instanceRoleRules(podNames: string[], initMarkerConfigMap: string) {
    return [
        { apiGroups: [""], resources: ["pods"], resourceNames: podNames, verbs: ["get", "patch"] },
        { apiGroups: [""], resources: ["configmaps"], resourceNames: [initMarkerConfigMap], verbs: ["get", "patch"] },
    ];
}

/** Binds the instance Role to the instance ServiceAccount. */
export function instanceRoleBinding(role: pulumi.Input<string>, serviceAccount: pulumi.Input<string>, namespace: string) {
    return {
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role },
        subjects: [{ kind: "ServiceAccount", name: serviceAccount, namespace }],
    };
}
