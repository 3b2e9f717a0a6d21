/**
 * Root hooks of the tiers on the simulated control plane (`npm run test:e2e`, `test:engine`,
 * `test:cnpg` require this file): the tier's files share one cluster, reset between files by
 * scripts/cluster-reset.sh, instead of a cluster-up and cluster-down each.
 */
import { shareCluster, stopSharedCluster } from "./kube";

export const mochaHooks = {
    beforeAll(): void {
        shareCluster();
    },
    afterAll(): void {
        stopSharedCluster();
    },
};
