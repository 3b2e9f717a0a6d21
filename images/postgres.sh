# shellcheck shell=bash disable=SC2034
# PostgreSQL 15 from Debian's packages, honouring the official image's contract the pods rely on
# (docs/pod-contract.md; what the repmgr recipe shares with it is in images/lib/postgres-base.sh),
# plus the official image's PG_MAJOR, PGDATA and command.
# shellcheck source=images/lib/postgres-base.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres-base.sh"
IMAGE_KEY=image
IMAGE_VARIANT=apt
IMAGE_PACKAGES=("${POSTGRES_BASE_PACKAGES[@]}")
IMAGE_INPUTS=("$POSTGRES_BASE_INPUT")
IMAGE_CONFIG=(
  "${POSTGRES_BASE_CONFIG[@]}"
  --config.env=PG_MAJOR=15
  --config.env=PGDATA=/var/lib/postgresql/data
  --config.cmd=postgres
)

image_essential_hook() {
  postgres_base_essential_hook "$1"
}

image_customize() {
  postgres_base_customize "$1"
  install -d -o 999 -g 999 -m 0700 "$1/var/lib/postgresql/data"
}
