# shellcheck shell=bash disable=SC2034
# The pod sandbox image: Kubernetes' own pause.c (from the pinned k8s.io/kubernetes module),
# compiled static; containerd's sandbox_image names it (scripts/node-up.sh).
IMAGE_NAME=registry.k8s.io/pause:3.10
IMAGE_K8S_SRC="$(cd "$IMAGE_REPO/tools/kubernetes" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)"
IMAGE_VARIANT=none
IMAGE_PACKAGES=()
IMAGE_INPUTS=("$IMAGE_K8S_SRC/build/pause/linux/pause.c")
IMAGE_CONFIG=(
  --config.entrypoint=/pause
  --config.user=65535:65535
)

image_customize() {
  gcc -Os -Wall -Werror -static -DVERSION=v3.10 -o "$1/pause" "$IMAGE_K8S_SRC/build/pause/linux/pause.c"
  strip "$1/pause"
}
