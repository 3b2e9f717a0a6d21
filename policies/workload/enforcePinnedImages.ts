import { ResourceValidationPolicy } from "@pulumi/policy";
import { PINNING_DEFAULTS, pinningProblem, pinningSchema, PinningConfig } from "../lib/images";
import { CONTAINER_DEFAULTS, containerSchema, ContainerConfig, forEachContainer, validateWorkloads } from "../lib/workloadPolicy";
import { describeContainer } from "../lib/workloads";

type Config = ContainerConfig & PinningConfig;

const DEFAULTS: Config = { ...CONTAINER_DEFAULTS, ...PINNING_DEFAULTS };

/**
 * A floating tag lets a restart pull a different PostgreSQL major version than the data
 * directory was initialised with, and the pod then refuses to start.
 *
 * @severity high
 * @topics supply-chain, reliability
 * @link https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
export const enforcePinnedImages: ResourceValidationPolicy = {
    name: "postgres-k8s-workload-enforce-pinned-images",
    description: "Requires the containers of PostgreSQL pods to use a pinned image tag or digest.",
    configSchema: {
        properties: {
            ...containerSchema,
            ...pinningSchema,
        },
    },
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateWorkloads(DEFAULTS, ({ template, config, report }) => {
        forEachContainer(template.spec, config, (c, role) => {
            const problem = pinningProblem(c.image ?? "", config);
            if (problem) {
                report(`${describeContainer(role, c)} image "${c.image}" ${problem}.`);
            }
        });
    }),
};
