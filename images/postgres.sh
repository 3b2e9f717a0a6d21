# shellcheck shell=bash disable=SC2034
# PostgreSQL 15 from Debian's packages, honouring the official image's contract the pods rely on
# (docs/pod-contract.md): user and group postgres = 999, PostgreSQL's binaries on PATH, bash,
# coreutils/tar/gzip/util-linux for the pod scripts, zstd and xz-utils as the official image
# installs them (restore.sh unpacks the zstd/lz4 base backups with zstd), LANG en_US.utf8,
# STOPSIGNAL SIGINT.
IMAGE_KEY=image
IMAGE_VARIANT=apt
IMAGE_PACKAGES=(postgresql-15 locales ca-certificates zstd xz-utils)
IMAGE_CONFIG=(
  --config.user=999:999
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/15/bin
  --config.env=LANG=en_US.utf8
  --config.env=PG_MAJOR=15
  --config.env=PGDATA=/var/lib/postgresql/data
  --config.cmd=postgres
  --config.workingdir=/
  --config.stopsignal=SIGINT
)

# Before any package is configured: postgresql-common then finds the official image's ids.
image_essential_hook() {
  echo 'postgres:x:999:999::/var/lib/postgresql:/bin/bash' >>"$1/etc/passwd"
  echo 'postgres:x:999:' >>"$1/etc/group"
  mkdir -p "$1/etc/postgresql-common"
  echo 'create_main_cluster = false' >"$1/etc/postgresql-common/createcluster.conf"
}

image_customize() {
  chroot "$1" localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8
  # mmdebstrap empties /run; the official image keeps the socket directory there.
  install -d -o 999 -g 999 -m 3777 "$1/run/postgresql"
  install -d -o 999 -g 999 -m 0700 "$1/var/lib/postgresql/data"
  chown 999:999 "$1/var/lib/postgresql"
}
