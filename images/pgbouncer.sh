# shellcheck shell=bash disable=SC2034,SC2016
# PgBouncer for CloudNativePG's Pooler pods, from Debian trixie's package (1.24): the operator
# writes `auth_dbname`, which bookworm's 1.18 predates. The pod's bootstrap-controller copies the
# instance manager in, which runs `pgbouncer run` and execs /usr/bin/pgbouncer as uid 998
# (Debian installs it in /usr/sbin). The cnpg real-node test names this image in the operator's
# PGBOUNCER_IMAGE_NAME, as a user who mirrors images would.
IMAGE_NAME=localhost/postgres-k8s-pgbouncer:1.24-trixie
# The root filesystem is trixie's, not the images' common suite: made here, into the empty dir.
IMAGE_VARIANT=none
IMAGE_PACKAGES=()
IMAGE_CONFIG=(
  --config.user=998:996
  --config.workingdir=/
  --config.cmd=/usr/bin/pgbouncer
)

image_customize() {
  mmdebstrap --variant=apt --quiet --include=pgbouncer,ca-certificates \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' trixie "$1"
  ln -sf /usr/sbin/pgbouncer "$1/usr/bin/pgbouncer"
}
