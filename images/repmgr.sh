# shellcheck shell=bash disable=SC2034
# The repmgr topology's image for the real nodes: the postgres recipe's contract
# (images/lib/postgres-base.sh: uid/gid 999, binaries on PATH, zstd and xz-utils for restores)
# plus Debian's repmgr and pgpool-II, the same packages as images/repmgr/Dockerfile and the
# real-process tests (scripts/install-test-deps.sh).
# shellcheck source=images/lib/postgres-base.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres-base.sh"
IMAGE_NAME=localhost/postgres-k8s-repmgr:15-5.3.3-4.3.5
IMAGE_VARIANT=apt
IMAGE_PACKAGES=("${POSTGRES_BASE_PACKAGES[@]}" postgresql-15-repmgr pgpool2)
IMAGE_INPUTS=("$POSTGRES_BASE_INPUT")
IMAGE_CONFIG=("${POSTGRES_BASE_CONFIG[@]}")

# pgpool2 must not start a service while the image is built.
image_essential_hook() {
  postgres_base_essential_hook "$1"
  printf '#!/bin/sh\nexit 101\n' >"$1/usr/sbin/policy-rc.d" && chmod 0755 "$1/usr/sbin/policy-rc.d"
}

image_customize() {
  rm -f "$1/usr/sbin/policy-rc.d"
  postgres_base_customize "$1"
}
