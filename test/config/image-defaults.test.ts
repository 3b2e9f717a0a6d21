/**
 * The default images: the Kubernetes project's own kubectl image (not a bundle pulled for one
 * binary) at a supported minor, the official PostgreSQL image at the 15.x minor of
 * docs/images.md, and both pinnable by digest through the config keys.
 */
import * as assert from "assert";
import { clusterDefaults } from "../../components/args/defaults";
import { configKeys, loadStackConfig } from "../../config";
import { catalogueMajors, imageMajor } from "../../specs/postgresql-parameters";
import { parseImageReference } from "../../specs/image-reference";

const now = new Date("2026-12-01T12:00:00Z");
const digest = "sha256:" + "0123456789abcdef".repeat(4);

/**
 * Kubernetes minors and their end of life (kubernetes.io/releases, read 2026-12-01). kubectl is
 * supported within one minor of the API server, so the default is the middle supported minor.
 */
const supportedMinors: Record<number, string> = { 35: "2027-02-28", 36: "2027-06-28", 37: "2027-10-28" };

describe("default images", () => {
    it("kubectl: registry.k8s.io/kubectl at a supported minor whose skew covers every supported API server", () => {
        const ref = parseImageReference(clusterDefaults.kubectlImage);
        assert.strictEqual(ref.repository, "registry.k8s.io/kubectl");
        const m = /^v1\.(\d+)\.(\d+)$/.exec(ref.tag ?? "");
        assert.ok(m, `tag ${ref.tag} is not vX.Y.Z`);
        const minor = Number(m![1]);
        assert.ok(minor in supportedMinors && Date.parse(supportedMinors[minor]) > now.getTime(), `kubectl 1.${minor} is not supported`);
        const minors = Object.keys(supportedMinors).map(Number);
        for (const server of minors) assert.ok(Math.abs(server - minor) <= 1, `kubectl 1.${minor} is outside the skew of API server 1.${server}`);
    });

    it("PostgreSQL: the official Debian image at 15.19, the major the parameter catalogue checks", () => {
        const ref = parseImageReference(clusterDefaults.image);
        assert.deepStrictEqual([ref.repository, ref.tag], ["docker.io/library/postgres", "15.19-bookworm"]);
        assert.ok(catalogueMajors.includes(imageMajor(clusterDefaults.image)!));
    });

    it("the key table's defaults are these", () => {
        assert.strictEqual(configKeys.image.default, clusterDefaults.image);
        assert.strictEqual(configKeys.kubectlImage.default, clusterDefaults.kubectlImage);
    });

    for (const k of ["image", "kubectlImage"] as const) {
        it(`${k} accepts name:tag@sha256:<64 hex> and refuses a digest that is not 64 hex digits`, () => {
            const pinned = `${clusterDefaults[k]}@${digest}`;
            assert.strictEqual(loadStackConfig({ [k]: pinned }, now)[k], pinned);
            for (const bad of [`${clusterDefaults[k]}@sha256:${"0".repeat(63)}`, `${clusterDefaults[k]}@sha256:${"G".repeat(64)}`, `${clusterDefaults[k]}@md5:${"0".repeat(32)}`]) {
                assert.throws(() => loadStackConfig({ [k]: bad }, now), (e: Error) =>
                    e.message === `Invalid config postgres-k8s:${k} = '${bad}'; allowed: an image reference [registry[:port]/]path[:tag][@sha256:<64 hex>] (path in lowercase letters, digits and '.', '_', '-' separators) pinned by a tag other than 'latest' or by a sha256 digest.`);
            }
        });
    }

    const allowed = "an image reference [registry[:port]/]path[:tag][@sha256:<64 hex>] (path in lowercase letters, digits and '.', '_', '-' separators) pinned by a tag other than 'latest' or by a sha256 digest";
    for (const k of ["image", "kubectlImage"] as const) {
        it(`${k}: a reference the kubelet cannot parse (InvalidImageName) is refused by name`, () => {
            for (const bad of ["Postgres:15", "docker.io/Library/postgres:15", "postgres:15 ", "postgres:-15", "postgres::15", "registry:port/postgres:15", "a___b:1", "pg:" + "x".repeat(129)]) {
                assert.throws(() => loadStackConfig({ [k]: bad }, now), (e: Error) => e.message === `Invalid config postgres-k8s:${k} = '${bad}'; allowed: ${allowed}.`, bad);
            }
        });

        it(`${k}: a registry with a port, nested lowercase paths and separators, a tag and a digest are accepted`, () => {
            for (const good of [`registry.example.com:5000/team/postgres:15.19-bookworm@${digest}`, "Registry.Example.com/team/pg_k8s/postgres__x:15", "localhost:5000/a-b--c.d:v1_2", "[::1]:5000/postgres:15", `postgres@${digest}`]) {
                assert.strictEqual(loadStackConfig({ [k]: good }, now)[k], good);
            }
        });
    }
});
