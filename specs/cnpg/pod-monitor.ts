/**
 * A prometheus-operator `PodMonitor` over the Cluster's instances, as CloudNativePG 1.30 documents
 * it (`docs/src/monitoring.md`): its own `spec.monitoring.enablePodMonitor` is deprecated.
 */
import { cnpgPodSelector, podMonitorApiVersion } from "./api";

export function podMonitor(o: { cluster: string; namespace: string; labels: Record<string, string> }) {
    return {
        apiVersion: podMonitorApiVersion,
        kind: "PodMonitor",
        metadata: { name: o.cluster, namespace: o.namespace, labels: o.labels },
        spec: {
            selector: { matchLabels: cnpgPodSelector(o.cluster, "instance") },
            podMetricsEndpoints: [{ port: "metrics" }],
        },
    };
}
