/** The cluster's Namespace, when the program creates it. */
export function namespaceSpec(name: string) {
    return { metadata: { name, labels: { "app.kubernetes.io/part-of": "postgres-k8s" } } };
}
