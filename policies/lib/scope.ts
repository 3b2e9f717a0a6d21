import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { stringList } from "./config";
import { imageMatchesAny } from "./images";
import { Labels } from "./selectors";
import { PodTemplate } from "./workloads";

/** Which workloads a policy applies to: PostgreSQL ones (by label or image) or all of them. */
export interface ScopeConfig {
    /** "database" (default) or "all" (every workload; used to compare with generic peer policies). */
    scope: "database" | "all";
    /** `key=value` or bare `key` (presence); a pod carrying any of them runs PostgreSQL. */
    databaseLabels: string[];
    /** Globs on the image reference or repository of a pod's main containers. */
    databaseImages: string[];
}

export const SCOPE_DEFAULTS: ScopeConfig = {
    scope: "database",
    databaseLabels: ["app.kubernetes.io/name=postgresql", "postgres-k8s.io/cluster", "cnpg.io/cluster"],
    databaseImages: [
        "postgres", "*/postgres", "*/postgresql", "*/postgresql-repmgr", "*/postgis",
        "*/timescaledb*", "*/cloudnative-pg/postgresql", "*/spilo-*", "*/crunchy-postgres*",
    ],
};

export const scopeSchema: Record<string, PolicyConfigJSONSchema> = {
    scope: {
        type: "string", enum: ["database", "all"], default: SCOPE_DEFAULTS.scope,
        description: "Apply to PostgreSQL workloads only (database) or to every workload (all).",
    },
    databaseLabels: stringList("Pod labels (key=value or key) that mark a PostgreSQL workload.", SCOPE_DEFAULTS.databaseLabels),
    databaseImages: stringList("Image globs that mark a PostgreSQL workload.", SCOPE_DEFAULTS.databaseImages),
};

/** True when the labels carry any of the configured database labels. */
export function hasDatabaseLabel(labels: Labels, cfg: ScopeConfig): boolean {
    return cfg.databaseLabels.some(entry => {
        const eq = entry.indexOf("=");
        return eq < 0 ? entry in labels : labels[entry.slice(0, eq)] === entry.slice(eq + 1);
    });
}

export function isDatabasePod(template: PodTemplate, cfg: ScopeConfig): boolean {
    if (hasDatabaseLabel(template.labels, cfg)) {
        return true;
    }
    // Main containers only: an init container running pg_isready does not make a database.
    return (template.spec.containers ?? []).some((c: { image?: string }) =>
        typeof c.image === "string" && imageMatchesAny(c.image, cfg.databaseImages));
}

export function inScope(template: PodTemplate, cfg: ScopeConfig): boolean {
    return cfg.scope === "all" || isDatabasePod(template, cfg);
}
