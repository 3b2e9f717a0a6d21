import { ResourceValidationPolicy } from "@pulumi/policy";
import { isKind } from "../lib/kinds";
import { SCOPE_DEFAULTS, scopeSchema, inScope } from "../lib/scope";
import { withDefaults } from "../lib/config";
import { validateWorkloads } from "../lib/workloadPolicy";
import { podTemplateOf } from "../lib/workloads";

/**
 * `whenDeleted: Delete` turns `pulumi destroy` or a replaced StatefulSet into data loss;
 * `whenScaled: Delete` drops a replica's data on scale-down. Unset means Retain.
 *
 * @severity critical
 * @topics storage, data-loss
 * @link https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export const enforcePvcRetention: ResourceValidationPolicy = {
    name: "postgres-k8s-statefulset-enforce-pvc-retention",
    description: "Requires PostgreSQL StatefulSets to retain their PersistentVolumeClaims on delete and scale-down.",
    configSchema: { properties: { ...scopeSchema } },
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateWorkloads(SCOPE_DEFAULTS, ({ template, props, report }, args) => {
        if (template.kind !== "apps/StatefulSet") {
            return args.notApplicable("not a StatefulSet");
        }
        const policy = props.spec?.persistentVolumeClaimRetentionPolicy ?? {};
        for (const field of ["whenDeleted", "whenScaled"]) {
            if (policy[field] === "Delete") {
                report(`persistentVolumeClaimRetentionPolicy.${field} is Delete; the database's volumes must be retained.`);
            }
        }
    }),
    remediateResource: args => {
        const template = podTemplateOf(args.type, args.props);
        if (!template || !isKind(args.type, "apps", "StatefulSet") || !inScope(template, withDefaults(args, SCOPE_DEFAULTS))) {
            return undefined;
        }
        const current = args.props.spec?.persistentVolumeClaimRetentionPolicy ?? {};
        if (current.whenDeleted !== "Delete" && current.whenScaled !== "Delete") {
            return undefined;
        }
        const props = JSON.parse(JSON.stringify(args.props));
        props.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: "Retain", whenScaled: "Retain" };
        return props;
    },
};
