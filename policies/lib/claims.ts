import { PolicyResource } from "@pulumi/policy";
import { CNPG_GROUP, isKind } from "./kinds";
import { hasDatabaseLabel, inScope, ScopeConfig } from "./scope";
import { describeResource } from "./stack";
import { UnknownDeferral } from "./unknowns";
import { podTemplateOf } from "./workloads";

/** A request for database storage: a PVC, a volumeClaimTemplate or a CloudNativePG storage section. */
export interface Claim {
    resource: PolicyResource;
    describe: string;
    storageClassName: string | undefined;
}

function fromStatefulSet(r: PolicyResource): Claim[] {
    return (r.props.spec?.volumeClaimTemplates ?? []).map((t: any) => ({
        resource: r,
        describe: `volumeClaimTemplate "${t.metadata?.name}" of ${describeResource(r)}`,
        storageClassName: t.spec?.storageClassName,
    }));
}

function fromCnpgCluster(r: PolicyResource): Claim[] {
    const spec = r.props.spec ?? {};
    return (["storage", "walStorage"] as const)
        .filter(field => field === "storage" || spec[field] !== undefined)
        .map(field => ({ resource: r, describe: `spec.${field} of ${describeResource(r)}`, storageClassName: spec[field]?.storageClass }));
}

/** Claim names mounted by in-scope pods, so that a plain PVC can be tied to a database. */
function claimedNames(resources: PolicyResource[], cfg: ScopeConfig): Set<string> {
    const names = new Set<string>();
    for (const r of resources) {
        const template = podTemplateOf(r.type, r.props);
        if (template && inScope(template, cfg)) {
            for (const v of template.spec.volumes ?? []) {
                if (v.persistentVolumeClaim?.claimName) {
                    names.add(v.persistentVolumeClaim.claimName);
                }
            }
        }
    }
    return names;
}

/** Database storage requests in the stack (every one with scope "all"). */
export function databaseClaims(resources: PolicyResource[], cfg: ScopeConfig, deferral: UnknownDeferral): Claim[] {
    const claims: Claim[] = [];
    let mounted: Set<string> | undefined;
    for (const r of resources) {
        deferral.run(() => {
            if (isKind(r.type, CNPG_GROUP, "Cluster")) {
                claims.push(...fromCnpgCluster(r));
            } else if (isKind(r.type, "apps", "StatefulSet")) {
                const template = podTemplateOf(r.type, r.props)!;
                if (inScope(template, cfg)) {
                    claims.push(...fromStatefulSet(r));
                }
            } else if (isKind(r.type, "core", "PersistentVolumeClaim")) {
                mounted = mounted ?? claimedNames(resources, cfg);
                const ours = cfg.scope === "all" || hasDatabaseLabel(r.props.metadata?.labels ?? {}, cfg)
                    || mounted.has(r.props.metadata?.name);
                if (ours) {
                    claims.push({ resource: r, describe: describeResource(r), storageClassName: r.props.spec?.storageClassName });
                }
            }
        });
    }
    return claims;
}
