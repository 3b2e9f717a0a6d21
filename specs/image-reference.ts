/**
 * Container image references, `[registry[:port]/]path[:tag][@digest]`. The repository has one
 * parser, `parseImage` in policies/lib/images.ts (the policy pack stays self-contained, the
 * program borrows it): config validation pins images with it, labels take their version from it.
 */
import { ImageRef, parseImage } from "../policies/lib/images";

export type ImageReference = ImageRef;
export const parseImageReference = parseImage;

const sha256Digest = /^sha256:[0-9a-f]{64}$/;

/** Pinned: a well-formed sha256 digest, or a tag other than `latest`. */
export function isPinnedImage(image: string): boolean {
    const { tag, digest } = parseImageReference(image);
    if (digest !== undefined) return sha256Digest.test(digest);
    return tag !== undefined && tag !== "" && tag !== "latest";
}
