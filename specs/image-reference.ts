/**
 * Container image references, `[registry[:port]/]path[:tag][@digest]`. The repository has one
 * parser, `parseImage` in policies/lib/images.ts (the policy pack stays self-contained, the
 * program borrows it): config validation pins images with it, labels take their version from it.
 */
import { ImageRef, parseImage } from "../policies/lib/images";

export type ImageReference = ImageRef;
export const parseImageReference = parseImage;

const sha256Digest = /^sha256:[0-9a-f]{64}$/;

/**
 * The reference grammar of github.com/distribution/reference (what the kubelet parses; a pod
 * whose image does not match waits in InvalidImageName): an optional registry host (DNS
 * components, any case, or a bracketed IPv6 address) with an optional port, then path
 * components of lowercase letters and digits joined by '.', '_', '__' or runs of '-', an
 * optional tag, an optional digest (sha256 only here). At most 255 characters before the tag.
 */
const alphanumeric = "[a-z0-9]+";
const pathComponent = `${alphanumeric}(?:(?:[._]|__|-+)${alphanumeric})*`;
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const registry = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const referencePattern = new RegExp(`^(?:${registry}/)?${pathComponent}(?:/${pathComponent})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$`);

/** A reference the kubelet can parse (see `referencePattern`), e.g. `registry.example.com:5000/team/postgres:15@sha256:<64 hex>`. */
export function isImageReference(image: string): boolean {
    return referencePattern.test(image) && parseImageReference(image).repository.length <= 255;
}

/** Pinned: a well-formed sha256 digest, or a tag other than `latest`. */
export function isPinnedImage(image: string): boolean {
    const { tag, digest } = parseImageReference(image);
    if (digest !== undefined) return sha256Digest.test(digest);
    return tag !== undefined && tag !== "" && tag !== "latest";
}
