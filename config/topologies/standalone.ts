/** Keys and rules of the standalone topology: the streaming topology's pods, one instance. */
import { problem } from "../problems";
import { selfManagedRestoreProblems } from "./self-managed";
import { streamingKeys } from "./streaming";
import { TopologyConfig } from "./topology-config";

export const standalone: TopologyConfig = {
    keys: streamingKeys,
    problems: c => [
        ...(c.instances !== 1 ? [problem("instances", c.instances, "1 when topology is 'standalone'")] : []),
        ...selfManagedRestoreProblems(c),
    ],
};
