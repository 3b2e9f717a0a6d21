/** Image references: every image the program runs is a reference the kubelet parses, and pinned. */
import { isImageReference, isPinnedImage } from "../../../specs/image-reference";
import { check } from "./check";

const pinnedReference = check((s: string) => isImageReference(s) && isPinnedImage(s),
    "an image reference [registry[:port]/]path[:tag][@sha256:<64 hex>] (path in lowercase letters, digits and '.', '_', '-' "
    + "separators) pinned by a tag other than 'latest' or by a sha256 digest");

export const images = { image: pinnedReference, kubectlImage: pinnedReference };
