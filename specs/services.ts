/** Services: headless (stable pod DNS, peers found before they are ready), read-write and read-only. */
import { roleSelector, selectorLabels, Role } from "./labels";

export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer";

const port = (p: number) => [{ name: "postgresql", port: p, targetPort: "postgresql", protocol: "TCP" }];

export function headlessServiceSpec(cluster: string, p: number) {
    return {
        clusterIP: "None",
        // Members must resolve each other while bootstrapping, before any is Ready.
        publishNotReadyAddresses: true,
        selector: selectorLabels(cluster),
        ports: port(p),
    };
}

export function roleServiceSpec(cluster: string, role: Role, p: number, type: ServiceType) {
    return { type, selector: roleSelector(cluster, role), ports: port(p) };
}
