# shellcheck shell=bash disable=SC2034
# Run by test/nodes/cnpg-backup.nodes.ts (the plugin's Deployment, test/cnpg/plugin.ts).
# The Barman Cloud plugin's image (plugin-barman-cloud v0.14.0 containers/Dockerfile.plugin: the
# static binary at /manager, WORKDIR /, user 65532, entrypoint /manager): its Deployment runs
# `/manager operator ...`, the CNPG-I server the operator dials. The binary is the one
# scripts/tools-build.sh builds from the pinned module (target barman-cloud-manager). Named as the
# upstream release's image.
IMAGE_NAME=ghcr.io/cloudnative-pg/plugin-barman-cloud:v0.14.0
IMAGE_VARIANT=none
IMAGE_PACKAGES=()
[[ -f "$IMAGE_BIN/barman-cloud-manager" ]] || TOOLS_ONLY=barman-cloud-manager bash "$IMAGE_REPO/scripts/tools-build.sh" >&2
IMAGE_INPUTS=("$IMAGE_BIN/barman-cloud-manager")
IMAGE_CONFIG=(
  --config.user=65532:65532
  --config.workingdir=/
  --config.entrypoint=/manager
)

image_customize() {
  install -m 0755 "$IMAGE_BIN/barman-cloud-manager" "$1/manager"
}
