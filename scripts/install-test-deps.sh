#!/usr/bin/env bash
# Installs what the real-PostgreSQL tests and the benchmark need, only when it is missing:
# PostgreSQL 15 server binaries (which also create the `postgres` OS user) and shellcheck.
# Runs unattended as root in CI (no stdin); a no-op on a machine that already has both.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
missing=()
[[ -x "$PG_BIN/postgres" && -x "$PG_BIN/pg_rewind" ]] || missing+=(postgresql-15 postgresql-client-15)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)

if ((${#missing[@]} == 0)); then
    echo "install-test-deps: nothing to install"
    exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "install-test-deps: need root to install: ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# The tests make their own clusters: keep the Debian package from creating and starting one.
mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/postgres-k8s-tests.conf
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
echo "install-test-deps: installed ${missing[*]}"
