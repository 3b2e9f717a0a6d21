export * from "./types";
export { clusterDefaults } from "./defaults";
export { resolveClusterArgs } from "./resolve";
export { clusterArgsProblems } from "./validation";
