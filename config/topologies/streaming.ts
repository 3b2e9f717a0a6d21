/** Keys and rules of the streaming topology (a primary plus streaming replicas in one StatefulSet). */
import { z } from "zod";
import { clusterDefaults } from "../../components/args/defaults";
import { images, ranges } from "../../components/args/checks";
import { checked, key } from "../key-spec";
import { topologyRules } from "../../components/args/validation";
import { configNamer, findingProblems } from "../problems";
import { selfManagedKeys } from "./self-managed";
import { TopologyConfig } from "./topology-config";

/** Keys of the pods the streaming components build (also read by `standalone`, the same pods). */
export const streamingKeys = {
    ...selfManagedKeys,
    kubectlImage: key({ type: "string", ...checked(z.string(), images.kubectlImage), default: clusterDefaults.kubectlImage,
        description: "Image whose static kubectl an init container copies for the role labeller (with `sh -c cp`: it needs sh, cp and kubectl on PATH, as registry.k8s.io/kubectl has; docs/images.md)." }),
};

/** Keys only the streaming topology reads: replica readiness and the opt-in failover controller. */
export const autoFailoverKeys = {
    replicaMaxLagMB: key({ type: "integer", ...checked(z.number(), ranges.replicaMaxLagMB), default: clusterDefaults.replicaMaxLagMB,
        description: "A replica is Ready (served by the read-only Service) only while it streams from the primary with replay at most this many MB behind." }),
    autoFailover: key({ type: "boolean", schema: z.boolean(), default: false, allowed: "true or false",
        description: "A controller promotes the most advanced replica when the primary is lost (streaming, 2+ instances; see docs/failover.md for its limits)." }),
    autoFailoverIntervalSeconds: key({ type: "integer", ...checked(z.number(), ranges.autoFailoverIntervalSeconds), default: clusterDefaults.autoFailover.intervalSeconds,
        description: "Seconds between the failover controller's checks." }),
    autoFailoverChecks: key({ type: "integer", ...checked(z.number(), ranges.autoFailoverChecks), default: clusterDefaults.autoFailover.checks,
        description: "Consecutive checks without a primary (and the lost primary provably stopped) before a failover." }),
};

export const streaming: TopologyConfig = {
    keys: { ...streamingKeys, ...autoFailoverKeys },
    problems: c => findingProblems(topologyRules.streaming(c, configNamer)),
};
