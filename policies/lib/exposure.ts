import { stringList } from "./config";
import { hasDatabaseLabel, ScopeConfig } from "./scope";

/** Which Services count as database Services, and which types are allowed for them. */
export interface ExposureConfig extends ScopeConfig {
    /** A Service exposing one of these ports (port or targetPort) fronts a database. */
    databasePorts: number[];
    /** Named target ports that mean the same. */
    databasePortNames: string[];
}

export const EXPOSURE_SCHEMA = {
    databasePorts: { type: "array", items: { type: "integer" }, default: [5432], description: "Ports that mean PostgreSQL." },
    databasePortNames: stringList("Named ports that mean PostgreSQL.", ["postgres", "postgresql", "pg"]),
} as const;

export const EXPOSURE_PORT_DEFAULTS = { databasePorts: [5432], databasePortNames: ["postgres", "postgresql", "pg"] };

/** True when a Service spec fronts a database: by selector labels or by port. */
export function isDatabaseService(spec: any, cfg: ExposureConfig): boolean {
    if (cfg.scope === "all" || hasDatabaseLabel(spec?.selector ?? {}, cfg)) {
        return true;
    }
    return (spec?.ports ?? []).some((p: any) =>
        cfg.databasePorts.includes(p.port) || cfg.databasePorts.includes(p.targetPort)
        || cfg.databasePortNames.includes(p.targetPort) || cfg.databasePortNames.includes(p.name));
}

/** Ways a Service spec reaches beyond the cluster network, as message fragments. */
export function serviceSpecExposure(spec: any): string[] {
    const found: string[] = [];
    if (spec?.type === "LoadBalancer" || spec?.type === "NodePort") {
        found.push(`type ${spec.type}`);
    }
    if ((spec?.externalIPs ?? []).length > 0) {
        found.push(`externalIPs ${spec.externalIPs.join(", ")}`);
    }
    return found;
}
