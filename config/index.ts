import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "./keys";
import { loadStackConfig } from "./load";

export { configKeys, sharedKeys, StackConfig } from "./keys";
export { ConfigError, loadStackConfig, configNamespace } from "./load";
export { clusterArgs } from "./cluster-args";
export { topologyConfigs, TopologyConfig } from "./topologies";

/** The current stack's config, validated; throws ConfigError before any resource exists. */
export function stackConfig(): StackConfig {
    return loadStackConfig(pulumi.runtime.allConfig());
}
