/** Every topology's keys and rules, and the check that refuses a key its topology does not read. */
import { Topology } from "../../components/args";
import { problem, show } from "../problems";
import { cnpg, cnpgKeys } from "./cnpg";
import { standalone } from "./standalone";
import { autoFailoverKeys, streaming, streamingKeys } from "./streaming";
import { repmgr, repmgrKeys } from "./repmgr";
import { TopologyConfig } from "./topology-config";

export { TopologyConfig } from "./topology-config";

/** The keys of every topology, for the key table (a key shared by several topologies appears once). */
export const topologyKeys = { ...streamingKeys, ...autoFailoverKeys, ...repmgrKeys, ...cnpgKeys };

export const topologyConfigs: Record<Topology, TopologyConfig> = { standalone, streaming, repmgr, cnpg };

/**
 * Keys the chosen topology does not read, set to anything but their default. Pulumi hands the
 * program Pulumi.yaml's defaults as if they were set, so a default value counts as unset.
 */
export function foreignKeyProblems(topology: string, config: Record<string, unknown>,
    configs: Record<string, TopologyConfig> = topologyConfigs): string[] {
    const own = configs[topology]?.keys ?? {};
    const readers = new Map<string, string[]>();
    for (const [t, c] of Object.entries(configs)) {
        for (const k of Object.keys(c.keys)) if (!(k in own)) readers.set(k, [...(readers.get(k) ?? []), t]);
    }
    const out: string[] = [];
    for (const [k, by] of readers) {
        const spec = Object.values(configs).find(c => k in c.keys)!.keys[k];
        if (k in config && JSON.stringify(config[k]) !== JSON.stringify(spec.default)) {
            out.push(problem(k, config[k], `${show(spec.default)} (its default) when topology is '${topology}': only ${by.map(t => `'${t}'`).join(" and ")} read it`));
        }
    }
    return out;
}
