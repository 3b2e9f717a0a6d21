/** NetworkPolicy: PostgreSQL's port is reachable only from the cluster's own pods and the allowed clients. */
import { clusterLabel, Component, selectorLabels } from "./labels";

export interface NetworkPolicyOptions {
    cluster: string;
    port: number;
    /** Label selectors such as `app=web,tier=api`, for pods in the cluster's namespace (or in `clientNamespaces`). */
    clientSelectors: string[];
    clientNamespaces: string[];
    /** Whose pods it protects. Defaults to the database pods. */
    component?: Component;
}

export function parseSelector(selector: string): Record<string, string> {
    return Object.fromEntries(selector.split(",").map(pair => {
        const i = pair.indexOf("=");
        return [pair.slice(0, i), pair.slice(i + 1)];
    }));
}

export type Peer = { podSelector?: { matchLabels: Record<string, string> }; namespaceSelector?: { matchLabels: Record<string, string> } };

export function namespaceSelector(namespace: string) {
    return { matchLabels: { "kubernetes.io/metadata.name": namespace } };
}

/** The allowed clients: pods matching a selector, in the policy's namespace or in the given ones. */
export function clientPeers(clientSelectors: string[], clientNamespaces: string[]): Peer[] {
    const namespaces = clientNamespaces.map(namespaceSelector);
    const pods = clientSelectors.map(s => ({ matchLabels: parseSelector(s) }));
    if (namespaces.length === 0) return pods.map(podSelector => ({ podSelector }));
    return namespaces.flatMap(ns => pods.length === 0
        ? [{ namespaceSelector: ns }]
        : pods.map(podSelector => ({ namespaceSelector: ns, podSelector })));
}

export function networkPolicySpec(o: NetworkPolicyOptions) {
    // Members, the backup job and the restore instance all carry the cluster label.
    const peers: Peer[] = [
        { podSelector: { matchLabels: { [clusterLabel]: o.cluster } } },
        ...clientPeers(o.clientSelectors, o.clientNamespaces),
    ];
    return {
        podSelector: { matchLabels: selectorLabels(o.cluster, o.component ?? "database") },
        policyTypes: ["Ingress"],
        ingress: [{ from: peers, ports: [{ protocol: "TCP", port: o.port }] }],
    };
}

/** A NetworkPolicy that admits nothing: for pods that serve no one (the backup job). */
export function denyIngressSpec(cluster: string, component: Component) {
    return { podSelector: { matchLabels: selectorLabels(cluster, component) }, policyTypes: ["Ingress"], ingress: [] };
}
