import { ResourceValidationPolicy } from "@pulumi/policy";
import { withDefaults } from "../lib/config";
import { PINNING_DEFAULTS, pinningProblem, pinningSchema } from "../lib/images";
import { CNPG_GROUP, validateKind } from "../lib/kinds";

/**
 * The operator rolls every instance when the image behind `spec.imageName` changes; a
 * floating tag turns an unrelated restart into an unplanned upgrade. Unset means the
 * operator's own pinned default, which is fine.
 *
 * @severity high
 * @topics supply-chain, reliability
 * @link https://cloudnative-pg.io/documentation/current/container_images/
 */
export const clusterEnforcePinnedImage: ResourceValidationPolicy = {
    name: "postgres-k8s-cnpg-cluster-enforce-pinned-image",
    description: "Requires a CloudNativePG Cluster's imageName, if set, to use a pinned tag or digest.",
    configSchema: { properties: { ...pinningSchema } },
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateKind([CNPG_GROUP], "Cluster", "a CloudNativePG Cluster", (args, report) => {
        const image: string | undefined = args.props.spec?.imageName;
        if (image === undefined) {
            return;
        }
        const problem = pinningProblem(image, withDefaults(args, PINNING_DEFAULTS));
        if (problem) {
            report(`spec.imageName "${image}" ${problem}.`);
        }
    }),
};
