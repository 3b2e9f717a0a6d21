# shellcheck shell=bash disable=SC2034
# The kubectl image the StatefulSet's init container copies kubectl from
# (`sh -c 'cp "$(command -v kubectl)" ...'`): busybox for sh and cp, and kubectl built from the
# pinned k8s.io/kubernetes module (v1.33.13) by scripts/tools-build.sh. The copy runs in the
# PostgreSQL image (glibc), which the Go toolchain's default linking needs.
IMAGE_KEY=kubectlImage
IMAGE_VARIANT=extract
IMAGE_PACKAGES=(busybox-static)
IMAGE_INPUTS=("$IMAGE_BIN/kubectl")
IMAGE_CONFIG=(
  --config.env=PATH=/usr/local/bin:/usr/bin:/bin
  --config.cmd=kubectl
)

image_customize() {
  mkdir -p "$1/usr/local/bin" "$1/tmp"
  chmod 1777 "$1/tmp"
  chroot "$1" /bin/busybox --install -s /bin
  install -m 0755 "$IMAGE_BIN/kubectl" "$1/usr/local/bin/kubectl"
}
