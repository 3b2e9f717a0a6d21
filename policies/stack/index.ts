export { configurePodDisruptionBudget } from "./configurePodDisruptionBudget";
export { configureStorageClass } from "./configureStorageClass";
export { enforceBackups } from "./enforceBackups";
export { enforceNetworkPolicy } from "./enforceNetworkPolicy";
export { enforcePodDisruptionBudget } from "./enforcePodDisruptionBudget";
export { enforceRetainReclaimPolicy } from "./enforceRetainReclaimPolicy";
