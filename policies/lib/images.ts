/** Container image references: `[registry[:port]/]path[:tag][@digest]`. */

export interface ImageRef {
    /** Registry and path without tag or digest, as written (`docker.io/library/postgres`). */
    repository: string;
    tag?: string;
    digest?: string;
}

export function parseImage(image: string): ImageRef {
    let rest = image.trim();
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    // A colon after the last slash is a tag; one before it is a registry port.
    const colon = rest.lastIndexOf(":");
    let tag: string | undefined;
    if (colon > rest.lastIndexOf("/")) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    return { repository: rest, tag, digest };
}

/** Glob match where `*` matches any run of characters (including `/`). */
export function globMatches(pattern: string, value: string): boolean {
    const re = new RegExp("^" + pattern.split("*").map(escapeRegExp).join(".*") + "$");
    return re.test(value);
}

function escapeRegExp(s: string): string {
    return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/** True when the image (full reference or repository) matches any of the glob patterns. */
export function imageMatchesAny(image: string, patterns: string[]): boolean {
    const { repository } = parseImage(image);
    return patterns.some(p => globMatches(p, image) || globMatches(p, repository));
}

export interface PinningConfig {
    disallowedTags: string[];
    /** Require an immutable `@sha256:` digest rather than a tag. */
    requireDigest: boolean;
}

export const PINNING_DEFAULTS: PinningConfig = { disallowedTags: ["latest"], requireDigest: false };

export const pinningSchema = {
    disallowedTags: { type: "array", items: { type: "string" }, default: PINNING_DEFAULTS.disallowedTags, description: "Tags that float and are rejected." },
    requireDigest: { type: "boolean", default: false, description: "Require an image digest." },
} as const;

/** Why an image reference is not pinned ("has no tag, ..."), or undefined. A digest pins whatever the tag. */
export function pinningProblem(image: string, cfg: PinningConfig): string | undefined {
    const { tag, digest } = parseImage(image);
    if (cfg.requireDigest && !digest) {
        return "has no digest (@sha256:...)";
    }
    if (!digest && tag === undefined) {
        return 'has no tag, which means "latest"';
    }
    if (!digest && cfg.disallowedTags.includes(tag!)) {
        return `uses the floating tag "${tag}"`;
    }
    return undefined;
}
