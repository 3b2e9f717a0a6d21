/**
 * Root hooks of the real-node tier (`npm run test:nodes` requires this file): every file runs on
 * one cluster of three real nodes, started by the first file's realClusterUp and reset between
 * files (scripts/cluster-reset.sh), instead of a cluster-up and cluster-down per file (about
 * 110 s each). Three is the most any file asks for. Run a file alone without this file and it
 * starts and stops its own cluster.
 */
import { shareRealCluster, stopSharedRealCluster } from "../helpers/realNodes";

export const mochaHooks = {
    beforeAll(): void {
        shareRealCluster(3);
    },
    afterAll(): void {
        stopSharedRealCluster();
    },
};
