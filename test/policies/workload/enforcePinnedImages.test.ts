import { enforcePinnedImages as policy } from "../../../policies/workload/enforcePinnedImages";
import { assertHasResourceViolation, assertNoResourceViolations, resourceArgs } from "../../helpers/policy";
import { podSpec, statefulSet } from "../fixtures";

function withImage(image: string) {
    const sts = statefulSet();
    podSpec(sts).containers[0].image = image;
    return sts;
}

const DIGEST = "sha256:" + "a".repeat(64);

describe("postgres-k8s-workload-enforce-pinned-images", () => {
    it("#1 passes the baseline (docker.io/library/postgres:15.19-bookworm)", async () => {
        await assertNoResourceViolations(policy, resourceArgs(statefulSet()));
    });

    it("#2 fails :latest and a missing tag, not a registry port", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withImage("postgres:latest")),
            'container "postgres" image "postgres:latest" uses the floating tag "latest".');
        await assertHasResourceViolation(policy, resourceArgs(withImage("registry.local:5000/postgres")),
            'container "postgres" image "registry.local:5000/postgres" has no tag, which means "latest".');
    });

    it("#3 a digest pins even with a floating tag", async () => {
        await assertNoResourceViolations(policy, resourceArgs(withImage(`postgres:latest@${DIGEST}`)));
    });

    it("#4 requireDigest asks for a digest on every container", async () => {
        await assertHasResourceViolation(policy, resourceArgs(statefulSet(), { requireDigest: true }),
            'container "postgres" image "docker.io/library/postgres:15.19-bookworm" has no digest (@sha256:...).');
        await assertNoResourceViolations(policy, resourceArgs(withImage(`docker.io/library/postgres@${DIGEST}`), { requireDigest: true }));
    });

    it("#5 configured tags and exempt images", async () => {
        await assertHasResourceViolation(policy, resourceArgs(withImage("postgres:16"), { disallowedTags: ["16"] }),
            'container "postgres" image "postgres:16" uses the floating tag "16".');
        await assertNoResourceViolations(policy, resourceArgs(withImage("postgres:latest"), { exemptImages: ["postgres:latest"] }));
    });
});
