import { PolicyResource } from "@pulumi/policy";
import { globMatches } from "./images";
import { GATEWAY_GROUP, groupKindOf, isKind } from "./kinds";

/** A Service a route or Ingress sends traffic to. */
export interface Backend {
    name: string;
    namespace: string | undefined;
    port: number | string | undefined;
}

const ROUTE_KINDS = new Set(["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"]);

/**
 * ingress-nginx publishes raw TCP/UDP Services listed in ConfigMaps (`"<port>": "<ns>/<svc>:<port>"`):
 * `tcp-services` in its manifests, `<release>-ingress-nginx-tcp` from its chart.
 */
export const STREAM_CONFIGMAPS = ["tcp-services", "udp-services", "*ingress-nginx-tcp", "*ingress-nginx-udp"];

/** An Ingress, a Gateway API route or an ingress-nginx stream ConfigMap (names are globs). */
export function isRoute(r: PolicyResource, streamConfigMaps: string[]): boolean {
    const gk = groupKindOf(r.type);
    if (gk?.kind === "ConfigMap" && gk.group === "core") {
        const name = r.props.metadata?.name ?? r.name;
        return streamConfigMaps.some(p => globMatches(p, name));
    }
    return gk !== undefined && ((gk.kind === "Ingress" && (gk.group === "networking.k8s.io" || gk.group === "extensions"))
        || (gk.group === GATEWAY_GROUP && ROUTE_KINDS.has(gk.kind)));
}

function streamBackends(r: PolicyResource): Backend[] {
    return Object.values<unknown>(r.props.data ?? {}).flatMap(v => {
        const m = /^([^/\s]+)\/([^:\s]+):([^:\s]+)/.exec(String(v));
        return m ? [{ namespace: m[1], name: m[2], port: /^\d+$/.test(m[3]) ? Number(m[3]) : m[3] }] : [];
    });
}

function ingressBackend(b: any, namespace: string | undefined): Backend[] {
    if (b?.service?.name) {
        return [{ name: b.service.name, namespace, port: b.service.port?.number ?? b.service.port?.name }];
    }
    // extensions/v1beta1 shape.
    return b?.serviceName ? [{ name: b.serviceName, namespace, port: b.servicePort }] : [];
}

/** Every Service backend of an Ingress, Gateway API route or stream ConfigMap. */
export function backendsOf(r: PolicyResource): Backend[] {
    if (isKind(r.type, "core", "ConfigMap")) {
        return streamBackends(r);
    }
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
