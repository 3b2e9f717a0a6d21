/** Services: headless (stable pod DNS, peers found before they are ready), read-write, read-only, recovery instance. */
import { Component, roleSelector, selectorLabels, Role } from "./labels";

export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer";

/** PostgreSQL's port in every topology, on the pods and on the Services. */
export const postgresPort = 5432;

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

/** A Service over every pod of one component (the repmgr topology: pgpool for writes, any instance for reads). */
export function componentServiceSpec(cluster: string, component: Component, p: number, type: ServiceType) {
    return { type, selector: selectorLabels(cluster, component), ports: port(p) };
}

/** The recovery instance's headless Service, which governs its StatefulSet (stable pod DNS). */
export function restoreHeadlessServiceSpec(cluster: string, p: number) {
    return { clusterIP: "None", publishNotReadyAddresses: true, selector: selectorLabels(cluster, "restore"), ports: port(p) };
}

/** The point-in-time recovery instance's Service (clients). */
export function restoreServiceSpec(cluster: string, p: number) {
    return { selector: selectorLabels(cluster, "restore"), ports: port(p) };
}
