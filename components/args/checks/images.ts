/** Image references: every image the program runs is pinned. */
import { isPinnedImage } from "../../../specs/image-reference";
import { check } from "./check";

const pinned = check(isPinnedImage, "an image with a pinned tag other than 'latest', or a sha256 digest");

export const images = { image: pinned, kubectlImage: pinned };
