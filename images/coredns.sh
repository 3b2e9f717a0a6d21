# shellcheck shell=bash disable=SC2034
# Cluster DNS: CoreDNS built from its pinned Go module (tools/coredns, v1.15.0) by
# scripts/tools-build.sh (with the plugins a cluster Corefile uses, tools/coredns/main.go), with
# Debian's libc6 (the Go toolchain links it), deployed by scripts/cluster-up.sh as kubeadm deploys it.
IMAGE_NAME=registry.k8s.io/coredns/coredns:v1.15.0
IMAGE_VARIANT=extract
IMAGE_PACKAGES=(libc6)
IMAGE_INPUTS=("$IMAGE_BIN/coredns")
IMAGE_CONFIG=(
  --config.entrypoint=/coredns
)

image_customize() {
  install -m 0755 "$IMAGE_BIN/coredns" "$1/coredns"
  mkdir -p "$1/tmp"
  chmod 1777 "$1/tmp"
}
