# shellcheck shell=bash disable=SC2034
# What every image recipe that runs PostgreSQL 15 from Debian's packages shares (images/postgres.sh,
# images/repmgr.sh source it), so their contract cannot drift apart: the official image's
# (docs/pod-contract.md) user and group postgres = 999, PostgreSQL's binaries on PATH, bash,
# coreutils/tar/gzip/util-linux for the pod scripts, zstd and xz-utils as the official image
# installs them (restore.sh unpacks zstd, lz4 and gzip base backups with zstd), LANG en_US.utf8,
# STOPSIGNAL SIGINT. A recipe adds its own packages and config after these.
POSTGRES_BASE_INPUT="${BASH_SOURCE[0]}"
POSTGRES_BASE_PACKAGES=(postgresql-15 locales ca-certificates zstd xz-utils)
POSTGRES_BASE_CONFIG=(
  --config.user=999:999
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/15/bin
  --config.env=LANG=en_US.utf8
  --config.workingdir=/
  --config.stopsignal=SIGINT
)

# Before any package is configured (a recipe's image_essential_hook calls it): postgresql-common
# (and pgpool2) then find the official image's ids, and no package creates a main cluster.
postgres_base_essential_hook() {
  echo 'postgres:x:999:999::/var/lib/postgresql:/bin/bash' >>"$1/etc/passwd"
  echo 'postgres:x:999:' >>"$1/etc/group"
  mkdir -p "$1/etc/postgresql-common"
  echo 'create_main_cluster = false' >"$1/etc/postgresql-common/createcluster.conf"
}

# On the finished root filesystem (a recipe's image_customize calls it).
postgres_base_customize() {
  chroot "$1" localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8
  # mmdebstrap empties /run; the official image keeps the socket directory there.
  install -d -o 999 -g 999 -m 3777 "$1/run/postgresql"
  chown 999:999 "$1/var/lib/postgresql"
}
