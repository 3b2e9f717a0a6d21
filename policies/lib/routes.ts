import { PolicyResource } from "@pulumi/policy";
import { GATEWAY_GROUP, groupKindOf } from "./kinds";

/** A Service a route or Ingress sends traffic to. */
export interface Backend {
    name: string;
    namespace: string | undefined;
    port: number | string | undefined;
}

const ROUTE_KINDS = new Set(["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"]);

export function isRoute(type: string): boolean {
    const gk = groupKindOf(type);
    return gk !== undefined && ((gk.kind === "Ingress" && (gk.group === "networking.k8s.io" || gk.group === "extensions"))
        || (gk.group === GATEWAY_GROUP && ROUTE_KINDS.has(gk.kind)));
}

function ingressBackend(b: any, namespace: string | undefined): Backend[] {
    if (b?.service?.name) {
        return [{ name: b.service.name, namespace, port: b.service.port?.number ?? b.service.port?.name }];
    }
    // extensions/v1beta1 shape.
    return b?.serviceName ? [{ name: b.serviceName, namespace, port: b.servicePort }] : [];
}

/** Every Service backend of an Ingress or Gateway API route. */
export function backendsOf(r: PolicyResource): Backend[] {
    const spec = r.props.spec ?? {};
    const namespace = r.props.metadata?.namespace;
    if (groupKindOf(r.type)?.kind === "Ingress") {
        const paths = (spec.rules ?? []).flatMap((rule: any) => rule.http?.paths ?? []);
        return [spec.defaultBackend ?? spec.backend, ...paths.map((p: any) => p.backend)].flatMap(b => ingressBackend(b, namespace));
    }
    return (spec.rules ?? []).flatMap((rule: any) => rule.backendRefs ?? [])
        .filter((ref: any) => (ref.kind ?? "Service") === "Service" && (ref.group ?? "") === "")
        .map((ref: any) => ({ name: ref.name, namespace: ref.namespace ?? namespace, port: ref.port }));
}
