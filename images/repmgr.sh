# shellcheck shell=bash disable=SC2034
# The repmgr topology's image for the real nodes: the postgres recipe's contract (uid/gid 999,
# binaries on PATH) plus Debian's repmgr and pgpool-II, the same packages as
# images/repmgr/Dockerfile and the real-process tests (scripts/install-test-deps.sh).
IMAGE_NAME=localhost/postgres-k8s-repmgr:15-5.3.3-4.3.5
IMAGE_VARIANT=apt
IMAGE_PACKAGES=(postgresql-15 postgresql-15-repmgr pgpool2 locales ca-certificates)
IMAGE_CONFIG=(
  --config.user=999:999
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/15/bin
  --config.env=LANG=en_US.utf8
  --config.workingdir=/
  --config.stopsignal=SIGINT
)

# Before any package is configured: postgresql-common and pgpool2 then find the ids 999, and
# neither package creates a cluster or starts a service.
image_essential_hook() {
  echo 'postgres:x:999:999::/var/lib/postgresql:/bin/bash' >>"$1/etc/passwd"
  echo 'postgres:x:999:' >>"$1/etc/group"
  mkdir -p "$1/etc/postgresql-common"
  echo 'create_main_cluster = false' >"$1/etc/postgresql-common/createcluster.conf"
  printf '#!/bin/sh\nexit 101\n' >"$1/usr/sbin/policy-rc.d" && chmod 0755 "$1/usr/sbin/policy-rc.d"
}

image_customize() {
  rm -f "$1/usr/sbin/policy-rc.d"
  chroot "$1" localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8
  install -d -o 999 -g 999 -m 3777 "$1/run/postgresql"
  chown 999:999 "$1/var/lib/postgresql"
}
