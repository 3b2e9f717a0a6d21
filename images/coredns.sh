# shellcheck shell=bash disable=SC2034
# Cluster DNS: CoreDNS built from its pinned Go module (tools/coredns, v1.15.0, static) by
# scripts/tools-build.sh (with the plugins a cluster Corefile uses, tools/coredns/main.go),
# deployed by scripts/cluster-up.sh as kubeadm deploys it.
IMAGE_NAME=registry.k8s.io/coredns/coredns:v1.15.0
IMAGE_VARIANT=none
IMAGE_PACKAGES=()
IMAGE_INPUTS=("$IMAGE_BIN/coredns")
IMAGE_CONFIG=(
  --config.entrypoint=/coredns
)

image_customize() {
  install -m 0755 "$IMAGE_BIN/coredns" "$1/coredns"
  mkdir -p "$1/etc" "$1/tmp"
  chmod 1777 "$1/tmp"
}
