/**
 * Role of the instance ServiceAccount: the role labeller may read and patch only the cluster's own
 * pods (by name), nothing else.
 */
export function instanceRoleRules(podNames: string[]) {
    return [{ apiGroups: [""], resources: ["pods"], resourceNames: podNames, verbs: ["get", "patch"] }];
}
