/** PodDisruptionBudget over the database pods: voluntary evictions take at most maxUnavailable at once. */
import { selectorLabels } from "./labels";

export function podDisruptionBudgetSpec(cluster: string, maxUnavailable: number) {
    return { maxUnavailable, selector: { matchLabels: selectorLabels(cluster) } };
}
