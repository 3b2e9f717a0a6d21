/** Keys and rules of the standalone topology: the streaming topology's pods, one instance. */
import { topologyRules } from "../../components/args/validation";
import { configNamer, findingProblems } from "../problems";
import { streamingKeys } from "./streaming";
import { TopologyConfig } from "./topology-config";

export const standalone: TopologyConfig = {
    keys: streamingKeys,
    problems: c => findingProblems(topologyRules.standalone(c, configNamer)),
};
