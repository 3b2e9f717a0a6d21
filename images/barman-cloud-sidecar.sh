# shellcheck shell=bash disable=SC2034,SC2016
# Run by test/nodes/cnpg-backup.nodes.ts (the plugin's Deployment, test/cnpg/plugin.ts).
# The Barman Cloud plugin's instance sidecar (plugin-barman-cloud v0.14.0
# containers/Dockerfile.sidecar): /manager (the same binary as the plugin's image; the operator
# injects it into every instance pod as the native sidecar `plugin-barman-cloud`, args
# `instance`, and into the recovery Job, args `restore`) beside the barman-cloud tools it runs
# (barman-cloud-wal-archive, -wal-restore, -backup, -backup-list, -backup-show, -backup-delete,
# -check-wal-archive, -restore: found on the image's PATH), user 26, entrypoint /manager. Upstream pip-installs
# barman[cloud]==3.19.1 (boto3 1.43) into a venv on a distroless trixie Python; here the tools are
# Debian's: forky's barman-cli-cloud 3.20.1 (python3-boto3 1.40.72, python3-psycopg2, libpq5,
# Python 3.14), the release nearest upstream's pin (trixie has 3.13.3, bookworm 3.4.0). The
# mirror's forky Release files are past their Valid-Until, hence Check-Valid-Until false.
IMAGE_NAME=localhost/postgres-k8s-barman-cloud-sidecar:v0.14.0-barman-3.20.1
# The root filesystem is forky's, not the images' common suite: made here, into the empty dir.
IMAGE_VARIANT=none
IMAGE_PACKAGES=()
[[ -f "$IMAGE_BIN/barman-cloud-manager" ]] || TOOLS_ONLY=barman-cloud-manager bash "$IMAGE_REPO/scripts/tools-build.sh" >&2
IMAGE_INPUTS=("$IMAGE_BIN/barman-cloud-manager")
IMAGE_CONFIG=(
  --config.user=26:26
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  --config.workingdir=/
  --config.entrypoint=/manager
)

image_customize() {
  mmdebstrap --variant=apt --quiet --aptopt='Acquire::Check-Valid-Until "false"' \
    --include=barman-cli-cloud,ca-certificates \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' forky "$1"
  install -m 0755 "$IMAGE_BIN/barman-cloud-manager" "$1/manager"
}
