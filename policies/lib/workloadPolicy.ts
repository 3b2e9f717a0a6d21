import { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { stringList, withDefaults } from "./config";
import { imageMatchesAny } from "./images";
import { inScope, SCOPE_DEFAULTS, scopeSchema, ScopeConfig } from "./scope";
import { UnknownDeferral } from "./unknowns";
import { allContainers, Container, ContainerRole, podTemplateOf, PodTemplate, replicasOf } from "./workloads";

export interface WorkloadContext<C> {
    template: PodTemplate;
    props: any;
    config: C;
    /** Desired replicas, for replicated kinds only. */
    replicas: number | undefined;
    report: ReportViolation;
}

/**
 * A resource validation for every workload kind (Pod, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job, CronJob, ReplicationController) in the configured scope; other resources
 * are reported as not applicable.
 */
export function validateWorkloads<C extends ScopeConfig>(
    defaults: C,
    check: (w: WorkloadContext<C>, args: ResourceValidationArgs) => void,
): ResourceValidation {
    return (args, report) => {
        const template = podTemplateOf(args.type, args.props);
        if (!template) {
            return args.notApplicable("not a workload");
        }
        const config = withDefaults(args, defaults);
        if (!inScope(template, config)) {
            return args.notApplicable("not a PostgreSQL workload (scope: database)");
        }
        check({ template, props: args.props, config, replicas: replicasOf(template, args.props), report }, args);
    };
}

/** Config of policies that check each container; exempt images follow Gatekeeper's globs. */
export interface ContainerConfig extends ScopeConfig {
    exemptImages: string[];
}

/**
 * Runs `check` on each non-exempt container of the pod (init and ephemeral ones included
 * unless `roles` narrows it). An unknown value in one container does not hide a violation
 * in another; it is rethrown at the end so the engine reports the incomplete check.
 */
export function forEachContainer(
    spec: any,
    config: ContainerConfig,
    check: (c: Container, role: ContainerRole) => void,
    roles: ContainerRole[] = ["container", "initContainer", "ephemeralContainer"],
): void {
    const deferral = new UnknownDeferral();
    for (const { role, container } of allContainers(spec)) {
        deferral.run(() => {
            if (!roles.includes(role)) {
                return;
            }
            if (typeof container.image === "string" && imageMatchesAny(container.image, config.exemptImages)) {
                return;
            }
            check(container, role);
        });
    }
    deferral.finish();
}

export const CONTAINER_DEFAULTS: ContainerConfig = { ...SCOPE_DEFAULTS, exemptImages: [] };

export const containerSchema = {
    ...scopeSchema,
    exemptImages: stringList("Image globs exempt from this policy (Gatekeeper's exemptImages).", []),
};
