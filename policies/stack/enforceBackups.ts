import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { stringList, withDefaults } from "../lib/config";
import { CNPG_GROUP, isKind } from "../lib/kinds";
import { inScope, SCOPE_DEFAULTS, scopeSchema, ScopeConfig } from "../lib/scope";
import { ofKind, stackWorkloads, StackWorkload } from "../lib/stack";
import { UnknownDeferral } from "../lib/unknowns";
import { podTemplateOf } from "../lib/workloads";

interface Config extends ScopeConfig {
    /** Treat the stack as production regardless of its tags. */
    production: boolean;
    /** `key=value` stack tags that mark a production stack. */
    productionStackTags: string[];
    /** Pod labels whose shared value ties a backup CronJob to its database. */
    backupLinkLabels: string[];
}

const DEFAULTS: Config = {
    ...SCOPE_DEFAULTS,
    production: false,
    productionStackTags: ["environment=production", "environment=prod", "env=production", "env=prod"],
    backupLinkLabels: ["postgres-k8s.io/cluster", "app.kubernetes.io/instance"],
};

function isProduction(tags: ReadonlyMap<string, string>, config: Config): boolean {
    return config.production || config.productionStackTags.some(t => {
        const [k, v] = t.split("=");
        return tags.get(k) === v;
    });
}

/** CloudNativePG: WAL archiving (plugin or the deprecated in-tree object store) and a ScheduledBackup. */
function cnpgGaps(cluster: PolicyResource, resources: PolicyResource[]): string[] {
    const spec = cluster.props.spec ?? {};
    const name = cluster.props.metadata?.name ?? cluster.name;
    const gaps: string[] = [];
    const archives = (spec.plugins ?? []).some((p: any) => p.isWALArchiver === true) || spec.backup?.barmanObjectStore !== undefined;
    if (!archives) {
        gaps.push("no WAL archiver (a plugin with isWALArchiver: true)");
    }
    const scheduled = ofKind(resources, CNPG_GROUP, "ScheduledBackup").some(b => b.props.spec?.cluster?.name === name && b.props.spec?.suspend !== true);
    if (!scheduled) {
        gaps.push(`no ScheduledBackup for cluster "${name}"`);
    }
    return gaps;
}

/** Other workloads: an active CronJob running database tooling that shares a link label value. */
function hasBackupJob(w: StackWorkload, resources: PolicyResource[], config: Config): boolean {
    return resources.some(r => {
        const template = isKind(r.type, "batch", "CronJob") ? podTemplateOf(r.type, r.props) : undefined;
        return template !== undefined && r.props.spec?.suspend !== true && inScope(template, config)
            && config.backupLinkLabels.some(k => w.labels[k] !== undefined && template.labels[k] === w.labels[k]);
    });
}

/**
 * A production database without scheduled backups and WAL archiving cannot be restored to a
 * point in time, and replicas replicate a `DROP TABLE` within milliseconds.
 *
 * @severity critical
 * @topics backup, recovery
 * @link https://cloudnative-pg.io/documentation/current/backup/
 */
export const enforceBackups: StackValidationPolicy = {
    name: "postgres-k8s-stack-enforce-backups",
    description: "Requires scheduled backups for every PostgreSQL database in stacks marked production.",
    configSchema: {
        properties: {
            ...scopeSchema,
            production: { type: "boolean", default: false, description: "Treat the stack as production." },
            productionStackTags: stringList("Stack tags (key=value) that mark production.", DEFAULTS.productionStackTags),
            backupLinkLabels: stringList("Labels tying a backup CronJob to its database.", DEFAULTS.backupLinkLabels),
        },
    },
    enforcementLevel: "mandatory",
    severity: "critical",
    validateStack: (args, report) => {
        const config = withDefaults(args, DEFAULTS);
        if (!isProduction(args.stackTags, config)) {
            return args.notApplicable("the stack is not marked production");
        }
        const deferral = new UnknownDeferral();
        for (const w of stackWorkloads(args.resources, config, deferral)) {
            deferral.run(() => {
                const gaps = w.template === undefined
                    ? cnpgGaps(w.resource, args.resources)
                    : hasBackupJob(w, args.resources, config) ? [] : ["no backup CronJob sharing one of its labels " + config.backupLinkLabels.join(", ")];
                for (const gap of gaps) {
                    report(`${w.describe} in a production stack has ${gap}.`, w.resource.urn);
                }
            });
        }
        deferral.finish();
    },
};
