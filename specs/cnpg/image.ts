/**
 * The operator reads the PostgreSQL major version from the image tag (`docs/src/container_images.md`):
 * the tag must start with the version, e.g. `15.18-bookworm`, and the version must be 13 or later
 * (`internal/webhook/v1/cluster_webhook.go`). A digest alone carries no version.
 */
import { parseImageReference } from "../image-reference";

export const cnpgMinimumMajor = 13;

/** Why the operator would refuse this image, or undefined. */
export function cnpgImageProblem(image: string): string | undefined {
    const { tag } = parseImageReference(image);
    if (!tag) return "it has no tag";
    const m = /^(\d+)(\.\d+)*([._-].*)?$/.exec(tag);
    if (!m) return `tag '${tag}' does not start with a version`;
    if (Number(m[1]) < cnpgMinimumMajor) return `major version ${m[1]} is older than ${cnpgMinimumMajor}`;
    return undefined;
}
