/**
 * NetworkPolicies for the operator's pods. Instances admit PostgreSQL from the cluster's own pods
 * (peers, jobs, poolers), the operator and the allowed clients, and the status port from the
 * operator and their peers (CloudNativePG `docs/src/networking.md`); poolers admit the clients.
 */
import { clientPeers, namespaceSelector, Peer } from "../network-policy";
import { cnpgLabels, cnpgPodSelector, cnpgPorts } from "./api";

export interface CnpgNetworkPolicyOptions {
    cluster: string;
    /** Namespace of the operator, whose pods are labelled `app.kubernetes.io/name: cloudnative-pg`. */
    operatorNamespace: string;
    clientSelectors: string[];
    clientNamespaces: string[];
    /** Namespace of the Prometheus that scrapes the metrics ports; unset: metrics stay closed. */
    metricsNamespace?: string;
}

const tcp = (...ports: number[]) => ports.map(port => ({ protocol: "TCP", port }));

function operatorPeer(namespace: string): Peer {
    return { namespaceSelector: namespaceSelector(namespace), podSelector: { matchLabels: { "app.kubernetes.io/name": "cloudnative-pg" } } };
}

function metricsRule(o: CnpgNetworkPolicyOptions, port: number) {
    return o.metricsNamespace ? [{ from: [{ namespaceSelector: namespaceSelector(o.metricsNamespace) }], ports: tcp(port) }] : [];
}

export function instancesNetworkPolicySpec(o: CnpgNetworkPolicyOptions) {
    const ownPods: Peer = { podSelector: { matchLabels: { [cnpgLabels.cluster]: o.cluster } } };
    const clients = clientPeers(o.clientSelectors, o.clientNamespaces);
    return {
        podSelector: { matchLabels: cnpgPodSelector(o.cluster, "instance") },
        policyTypes: ["Ingress"],
        ingress: [
            { from: [ownPods, operatorPeer(o.operatorNamespace)], ports: tcp(cnpgPorts.postgres, cnpgPorts.status) },
            ...(clients.length > 0 ? [{ from: clients, ports: tcp(cnpgPorts.postgres) }] : []),
            ...metricsRule(o, cnpgPorts.metrics),
        ],
    };
}

export function poolersNetworkPolicySpec(o: CnpgNetworkPolicyOptions) {
    const clients = clientPeers(o.clientSelectors, o.clientNamespaces);
    return {
        podSelector: { matchLabels: cnpgPodSelector(o.cluster, "pooler") },
        policyTypes: ["Ingress"],
        // No clients configured: the poolers admit nobody, like the instances.
        ingress: [
            ...(clients.length > 0 ? [{ from: clients, ports: tcp(cnpgPorts.pooler) }] : []),
            ...metricsRule(o, cnpgPorts.poolerMetrics),
        ],
    };
}
