# shellcheck shell=bash disable=SC2034
# The kubectl image the StatefulSet's init container copies kubectl from
# (`sh -c 'cp "$(command -v kubectl)" ...'`), laid out as the default registry.k8s.io/kubectl is
# (kubernetes build/server-image/kubectl/Dockerfile: /bin/kubectl, entrypoint /bin/kubectl, a
# shell and coreutils from debian-base): here busybox for sh and cp, and kubectl built from the
# pinned k8s.io/kubernetes module (v1.33.13, the local control plane's version) by
# scripts/tools-build.sh, under the kubectlImage key's default name so the manifests run
# unchanged. The copy runs in the PostgreSQL image (glibc), which the Go toolchain's default
# linking needs; the released kubectl is static.
IMAGE_KEY=kubectlImage
IMAGE_VARIANT=extract
IMAGE_PACKAGES=(busybox-static)
IMAGE_INPUTS=("$IMAGE_BIN/kubectl")
IMAGE_CONFIG=(
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  --config.entrypoint=/bin/kubectl
)

image_customize() {
  mkdir -p "$1/bin" "$1/tmp"
  chmod 1777 "$1/tmp"
  chroot "$1" /bin/busybox --install -s /bin
  install -m 0755 "$IMAGE_BIN/kubectl" "$1/bin/kubectl"
}
