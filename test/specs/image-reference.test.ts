import * as assert from "assert";
import { isImageReference, isPinnedImage, parseImageReference } from "../../specs/image-reference";
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

    it("well-formed: distribution's reference grammar (what the kubelet parses)", () => {
        const cases: [string, boolean][] = [
            ["postgres:15", true], ["Postgres:15", false], [`registry.example.com:5000/team/postgres:15.19-bookworm@${digest}`, true],
            ["Registry.Example.com/pg:1", true], ["[::1]:5000/pg:1", true], ["a__b/c--d/e.f_g:1", true], ["a___b:1", false],
            ["pg:_x", true], ["pg:-x", false], ["pg:" + "x".repeat(128), true], ["pg:" + "x".repeat(129), false],
            ["pg@sha256:abc", false], [`pg@sha512:${"a".repeat(64)}`, false], [" pg:1", false], ["pg/:1", false], ["-pg:1", false],
            ["registry:5000/postgres", true], ["a/".repeat(128) + "b:1", false],
        ];
        assert.deepStrictEqual(cases.map(([image]) => [image, isImageReference(image)]), cases);
    });

    it("labels take their version from the tag, when it is a valid label value", () => {
        assert.deepStrictEqual(["postgres:15.18-bookworm", "registry:5000/postgres", `postgres:15@${digest}`, `postgres@${digest}`].map(imageVersion),
            ["15.18-bookworm", undefined, "15", undefined]);
    });
});
