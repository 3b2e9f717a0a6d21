import { clusterEnforcePinnedImage as policy } from "../../../policies/cnpg/clusterEnforcePinnedImage";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { cnpgCluster } from "../fixtures";

function withImage(imageName?: string) {
    const cluster = cnpgCluster();
    cluster.props.spec.imageName = imageName;
    return cluster;
}

describe("postgres-k8s-cnpg-cluster-enforce-pinned-image", () => {
    it("#1 passes a pinned imageName, and none (the operator's pinned default)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(cnpgCluster()));
        await assertNoResourceViolations(policy, resourceArgs(withImage(undefined)));
    });

    it("#2 fails a floating or missing tag, and a tag where a digest is required", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withImage("ghcr.io/cloudnative-pg/postgresql:latest")),
            'spec.imageName "ghcr.io/cloudnative-pg/postgresql:latest" uses the floating tag "latest".');
        await assertHasResourceViolation(policy, resourceArgs(withImage("ghcr.io/cloudnative-pg/postgresql")),
            'spec.imageName "ghcr.io/cloudnative-pg/postgresql" has no tag, which means "latest".');
        await assertHasResourceViolation(policy, resourceArgs(cnpgCluster(), { requireDigest: true }),
            'spec.imageName "ghcr.io/cloudnative-pg/postgresql:16.4" has no digest (@sha256:...).');
    });
});
