import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "./keys";
import { loadStackConfig } from "./load";

export { configKeys, StackConfig } from "./keys";
export { ConfigError, loadStackConfig, configNamespace } from "./load";

/** The current stack's config, validated; throws ConfigError before any resource exists. */
export function stackConfig(): StackConfig {
    return loadStackConfig(pulumi.runtime.allConfig());
}
