import * as assert from "assert";
import { isPinnedImage, parseImageReference } from "../../specs/image-reference";
import { imageVersion } from "../../specs/labels";

const digest = `sha256:${"a".repeat(64)}`;

describe("image references: the program's one parser", () => {
    it("splits registry (with port), path, tag and digest", () => {
        assert.deepStrictEqual(parseImageReference("docker.io/library/postgres:15.19-bookworm"),
            { repository: "docker.io/library/postgres", tag: "15.19-bookworm", digest: undefined });
        assert.deepStrictEqual(parseImageReference("registry:5000/pg/postgres"), { repository: "registry:5000/pg/postgres", tag: undefined, digest: undefined });
        assert.deepStrictEqual(parseImageReference(`registry:5000/postgres:15@${digest}`), { repository: "registry:5000/postgres", tag: "15", digest });
    });

    it("pinned: a tag other than latest, or a well-formed sha256 digest", () => {
        const cases: [string, boolean][] = [
            ["postgres:15.18", true], ["postgres", false], ["postgres:latest", false], ["postgres:", false],
            [`postgres@${digest}`, true], [`postgres:latest@${digest}`, true], ["postgres:15@sha256:abc", false],
            ["registry:5000/postgres", false], ["registry:5000/postgres:15", true],
        ];
        assert.deepStrictEqual(cases.map(([image]) => [image, isPinnedImage(image)]), cases);
    });

    it("labels take their version from the tag, when it is a valid label value", () => {
        assert.deepStrictEqual(["postgres:15.18-bookworm", "registry:5000/postgres", `postgres:15@${digest}`, `postgres@${digest}`].map(imageVersion),
            ["15.18-bookworm", undefined, "15", undefined]);
    });
});
