/** PodDisruptionBudget over the database pods: voluntary evictions take at most maxUnavailable at once. */
import { Component, selectorLabels } from "./labels";

export function podDisruptionBudgetSpec(cluster: string, maxUnavailable: number, component: Component = "database") {
    return { maxUnavailable, selector: { matchLabels: selectorLabels(cluster, component) } };
}
