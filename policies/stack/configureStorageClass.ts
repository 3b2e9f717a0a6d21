import { StackValidationPolicy } from "@pulumi/policy";
import { databaseClaims } from "../lib/claims";
import { stringList, withDefaults } from "../lib/config";
import { SCOPE_DEFAULTS, scopeSchema, ScopeConfig } from "../lib/scope";
import { ofKind } from "../lib/stack";
import { UnknownDeferral } from "../lib/unknowns";

interface Config extends ScopeConfig {
    /** If not empty, the only StorageClasses database claims may use. */
    allowedStorageClasses: string[];
    /** The StorageClass must be defined in this stack (Gatekeeper's inventory check). */
    requireStorageClassInStack: boolean;
}

const DEFAULTS: Config = { ...SCOPE_DEFAULTS, allowedStorageClasses: [], requireStorageClassInStack: false };

/**
 * A claim without storageClassName gets the cluster's default class, which is typically
 * `Delete` and may be a slow or node-local disk: the database's storage is then an accident.
 *
 * @severity high
 * @topics storage
 * @link https://kubernetes.io/docs/concepts/storage/persistent-volumes/#class-1
 */
export const configureStorageClass: StackValidationPolicy = {
    name: "postgres-k8s-stack-configure-storage-class",
    description: "Requires PostgreSQL volume claims to name an allowed StorageClass explicitly.",
    configSchema: {
        properties: {
            ...scopeSchema,
            allowedStorageClasses: stringList("StorageClasses database claims may use (empty: any).", []),
            requireStorageClassInStack: { type: "boolean", default: false, description: "The class must be defined in the stack." },
        },
    },
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const config = withDefaults(args, DEFAULTS);
        const deferral = new UnknownDeferral();
        const defined = new Set<string>();
        for (const sc of ofKind(args.resources, "storage.k8s.io", "StorageClass")) {
            deferral.run(() => defined.add(sc.props.metadata?.name ?? sc.name));
        }
        for (const claim of databaseClaims(args.resources, config, deferral)) {
            const name = claim.storageClassName;
            if (!name) {
                report(`${claim.describe} names no StorageClass, so it gets the cluster default.`, claim.resource.urn);
            } else if (config.allowedStorageClasses.length > 0 && !config.allowedStorageClasses.includes(name)) {
                report(`${claim.describe} uses StorageClass "${name}"; allowed: ${config.allowedStorageClasses.join(", ")}.`, claim.resource.urn);
            } else if (config.requireStorageClassInStack && !defined.has(name)) {
                report(`${claim.describe} uses StorageClass "${name}", which this stack does not define.`, claim.resource.urn);
            }
        }
        deferral.finish();
    },
};
