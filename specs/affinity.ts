/** Pod anti-affinity whose selector is the pod's own stable labels, so instances repel each other. */

export type AntiAffinityMode = "required" | "preferred";

export interface PodAffinityTerm {
    labelSelector: { matchLabels: Record<string, string> };
    topologyKey: string;
}

export interface Affinity {
    podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
        preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: PodAffinityTerm }[];
    };
}

export function podAntiAffinity(mode: AntiAffinityMode, selector: Record<string, string>, topologyKey: string): Affinity {
    const term: PodAffinityTerm = { labelSelector: { matchLabels: { ...selector } }, topologyKey };
    return mode === "required"
        ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }
        : { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
}
