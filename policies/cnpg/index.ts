export { clusterConfigureResources } from "./clusterConfigureResources";
export { clusterDisallowOpenPgHba } from "./clusterDisallowOpenPgHba";
export { clusterDisallowPublicServices } from "./clusterDisallowPublicServices";
export { clusterEnforcePinnedImage } from "./clusterEnforcePinnedImage";
export { clusterEnforcePodAntiAffinity } from "./clusterEnforcePodAntiAffinity";
export { poolerDisallowPublicService } from "./poolerDisallowPublicService";
