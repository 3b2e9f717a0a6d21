import { StackValidationPolicy } from "@pulumi/policy";
import { databaseClaims } from "../lib/claims";
import { withDefaults } from "../lib/config";
import { SCOPE_DEFAULTS, scopeSchema } from "../lib/scope";
import { describeResource, ofKind } from "../lib/stack";
import { UnknownDeferral } from "../lib/unknowns";

/**
 * With the default `reclaimPolicy: Delete`, deleting a claim (a StatefulSet scale-down with
 * whenScaled Delete, a namespace deletion, a mistaken `kubectl delete pvc`) destroys the disk.
 *
 * @severity high
 * @topics storage, data-loss
 * @link https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy
 */
export const enforceRetainReclaimPolicy: StackValidationPolicy = {
    name: "postgres-k8s-stack-enforce-retain-reclaim-policy",
    description: "Requires StorageClasses used by PostgreSQL claims to retain volumes when claims are deleted.",
    configSchema: { properties: { ...scopeSchema } },
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const config = withDefaults(args, SCOPE_DEFAULTS);
        const deferral = new UnknownDeferral();
        const used = new Set(databaseClaims(args.resources, config, deferral).map(c => c.storageClassName));
        for (const sc of ofKind(args.resources, "storage.k8s.io", "StorageClass")) {
            deferral.run(() => {
                const name = sc.props.metadata?.name ?? sc.name;
                const reclaim = sc.props.reclaimPolicy ?? "Delete";
                if ((config.scope === "all" || used.has(name)) && reclaim !== "Retain") {
                    report(`${describeResource(sc)} has reclaimPolicy ${reclaim}${sc.props.reclaimPolicy ? "" : " (the default)"}; database volumes need Retain.`, sc.urn);
                }
            });
        }
        deferral.finish();
    },
};
