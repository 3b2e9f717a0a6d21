# shellcheck shell=bash disable=SC2034
# CloudNativePG 1.30.0's operator image, as its Dockerfile lays it out (a static binary at
# /manager, WORKDIR /): every instance and Job pod runs it as the `bootstrap-controller` init
# container, which copies the instance manager into /controller. The binary is the one
# scripts/tools-build.sh builds from the pinned module (target cnpg-manager), so its hash matches
# the operator's own (checked at reconcile). Named as the release manifest's OPERATOR_IMAGE_NAME.
IMAGE_NAME=ghcr.io/cloudnative-pg/cloudnative-pg:1.30.0
IMAGE_VARIANT=none
IMAGE_PACKAGES=()
# A fresh machine that builds the node images has not built the operator yet: build it (cached).
[[ -f "$IMAGE_BIN/cnpg-manager" ]] || TOOLS_ONLY=cnpg-manager bash "$IMAGE_REPO/scripts/tools-build.sh" >&2
IMAGE_INPUTS=("$IMAGE_BIN/cnpg-manager")
IMAGE_CONFIG=(
  --config.user=65532:65532
  --config.workingdir=/
  --config.entrypoint=/manager
)

image_customize() {
  install -m 0755 "$IMAGE_BIN/cnpg-manager" "$1/manager"
}
