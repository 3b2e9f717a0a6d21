/** The repmgr nodes of a cluster: one source for repmgr.conf, pgpool's backends and the pods' peer list. */
import { RepmgrNode } from "./repmgr-conf";

export interface NodesOptions {
    statefulSet: string;
    headlessService: string;
    namespace: string;
    instances: number;
    port: number;
}

/** Node ids are ordinal + 1; hosts are the pods' headless-Service names, as the peer list spells them. */
export function repmgrNodes(o: NodesOptions): RepmgrNode[] {
    return Array.from({ length: o.instances }, (_, i) => {
        const name = `${o.statefulSet}-${i}`;
        return { id: i + 1, name, host: `${name}.${o.headlessService}.${o.namespace}.svc`, port: o.port };
    });
}

/** `name=host:port` for every node: PG_PEERS of the pod scripts. */
export function peersValue(nodes: RepmgrNode[]): string {
    return nodes.map(n => `${n.name}=${n.host}:${n.port}`).join(" ");
}
