export { clusterDisallowOpenPgHba } from "./clusterDisallowOpenPgHba";
export { clusterDisallowPublicServices } from "./clusterDisallowPublicServices";
export { clusterEnforcePodAntiAffinity } from "./clusterEnforcePodAntiAffinity";
export { poolerDisallowPublicService } from "./poolerDisallowPublicService";
