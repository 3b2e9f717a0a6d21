/** Keys and rules of the streaming topology (a primary plus streaming replicas in one StatefulSet). */
import { clusterDefaults } from "../../components/defaults";
import { key, pinnedImage } from "../key-spec";
import { TopologyConfig } from "./topology-config";

/** Keys of the pods the streaming components build (also read by `standalone`, the same pods). */
export const streamingKeys = {
    kubectlImage: key({ type: "string", schema: pinnedImage, default: clusterDefaults.kubectlImage,
        allowed: "an image with a pinned tag other than 'latest', or a sha256 digest",
        description: "Image that provides a static kubectl for the role labeller (copied by an init container)." }),
};

export const streaming: TopologyConfig = {
    keys: streamingKeys,
    problems: () => [],
};
