import { ResourceValidationPolicy } from "@pulumi/policy";
import { stringList } from "../lib/config";
import { parseImage } from "../lib/images";
import { CONTAINER_DEFAULTS, containerSchema, ContainerConfig, forEachContainer, validateWorkloads } from "../lib/workloadPolicy";
import { describeContainer } from "../lib/workloads";

interface Config extends ContainerConfig {
    disallowedTags: string[];
    /** Require an immutable `@sha256:` digest rather than a tag. */
    requireDigest: boolean;
}

const DEFAULTS: Config = { ...CONTAINER_DEFAULTS, disallowedTags: ["latest"], requireDigest: false };

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
            disallowedTags: stringList("Tags that float and are rejected.", DEFAULTS.disallowedTags),
            requireDigest: { type: "boolean", default: false, description: "Require an image digest." },
        },
    },
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateWorkloads(DEFAULTS, ({ template, config, report }) => {
        forEachContainer(template.spec, config, (c, role) => {
            const who = describeContainer(role, c);
            const { tag, digest } = parseImage(c.image ?? "");
            if (config.requireDigest && !digest) {
                report(`${who} image "${c.image}" has no digest (@sha256:...).`);
            } else if (!digest && tag === undefined) {
                report(`${who} image "${c.image}" has no tag, which means "latest".`);
            } else if (!digest && config.disallowedTags.includes(tag!)) {
                report(`${who} image "${c.image}" uses the floating tag "${tag}".`);
            }
        });
    }),
};
