import { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

/**
 * Kubernetes type tokens as the Pulumi provider spells them (`kubernetes:apps/v1:StatefulSet`),
 * matched by API group and kind so that any served version (and ConfigGroup / Chart children,
 * which carry the same tokens) is recognised.
 */

export interface GroupKind {
    /** API group; the core group is "core", as in `kubernetes:core/v1:Service`. */
    group: string;
    kind: string;
}

/** Splits `kubernetes:<group>/<version>:<Kind>`; anything else (or a `*Patch`/`*List` type) gives undefined. */
export function groupKindOf(type: string): GroupKind | undefined {
    const m = /^kubernetes:([^/]+)\/[^:]+:([A-Za-z0-9]+)$/.exec(type);
    if (!m || m[2].endsWith("Patch") || m[2].endsWith("List")) {
        return undefined;
    }
    return { group: m[1], kind: m[2] };
}

export function isKind(type: string, group: string, kind: string): boolean {
    const gk = groupKindOf(type);
    return gk !== undefined && gk.group === group && gk.kind === kind;
}

export const CNPG_GROUP = "postgresql.cnpg.io";
export const GATEWAY_GROUP = "gateway.networking.k8s.io";

/**
 * A resource validation for one kind (in any of the listed API groups); other resources are
 * reported as not applicable ("not <label>", e.g. "not an Ingress").
 */
export function validateKind(
    groups: string[], kind: string, label: string,
    check: (args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
    return (args, report) => {
        if (!groups.some(g => isKind(args.type, g, kind))) {
            return args.notApplicable(`not ${label}`);
        }
        check(args, report);
    };
}
