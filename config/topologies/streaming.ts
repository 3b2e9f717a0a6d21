/** Keys and rules of the streaming topology (a primary plus streaming replicas in one StatefulSet). */
import { z } from "zod";
import { clusterDefaults } from "../../components/args/defaults";
import { int, key, pinnedImage } from "../key-spec";
import { topologyRules } from "../../components/args/validation";
import { configNamer, findingProblems } from "../problems";
import { selfManagedKeys } from "./self-managed";
import { TopologyConfig } from "./topology-config";

/** Keys of the pods the streaming components build (also read by `standalone`, the same pods). */
export const streamingKeys = {
    ...selfManagedKeys,
    kubectlImage: key({ type: "string", schema: pinnedImage, default: clusterDefaults.kubectlImage,
        allowed: "an image with a pinned tag other than 'latest', or a sha256 digest",
        description: "Image whose static kubectl an init container copies for the role labeller (with `sh -c cp`: it needs sh, cp and kubectl on PATH, as registry.k8s.io/kubectl has; docs/images.md)." }),
};

/** Keys only the streaming topology reads: replica readiness and the opt-in failover controller. */
export const autoFailoverKeys = {
    replicaMaxLagMB: key({ type: "integer", schema: int(1, 102400), default: clusterDefaults.replicaMaxLagMB,
        allowed: "an integer from 1 to 102400 (MB of WAL)",
        description: "A replica is Ready (served by the read-only Service) only while it streams from the primary with replay at most this many MB behind." }),
    autoFailover: key({ type: "boolean", schema: z.boolean(), default: false, allowed: "true or false",
        description: "A controller promotes the most advanced replica when the primary is lost (streaming, 2+ instances; see docs/failover.md for its limits)." }),
    autoFailoverIntervalSeconds: key({ type: "integer", schema: int(2, 300), default: clusterDefaults.autoFailover.intervalSeconds,
        allowed: "an integer from 2 to 300", description: "Seconds between the failover controller's checks." }),
    autoFailoverChecks: key({ type: "integer", schema: int(1, 100), default: clusterDefaults.autoFailover.checks,
        allowed: "an integer from 1 to 100", description: "Consecutive checks without a primary (and the lost primary provably stopped) before a failover." }),
};

export const streaming: TopologyConfig = {
    keys: { ...streamingKeys, ...autoFailoverKeys },
    problems: c => findingProblems(topologyRules.streaming(c, configNamer)),
};
