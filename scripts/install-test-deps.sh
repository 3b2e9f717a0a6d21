#!/usr/bin/env bash
# Installs what the real-PostgreSQL tests and the benchmark need, only when it is missing:
# PostgreSQL 15 server binaries (which also create the `postgres` OS user), shellcheck, Debian's
# repmgr and pgpool-II (the repmgr topology's real-process tests run them), zstd and exFAT (FUSE)
# tools. Runs unattended as root in CI (no stdin); a no-op on a machine that already has them all.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
missing=()
[[ -x "$PG_BIN/postgres" && -x "$PG_BIN/pg_rewind" ]] || missing+=(postgresql-15 postgresql-client-15)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
[[ -x "$PG_BIN/repmgr" && -x "$PG_BIN/repmgrd" ]] || missing+=(postgresql-15-repmgr)
[[ -x /usr/sbin/pgpool && -x /usr/sbin/pg_enc && -x /usr/sbin/pcp_attach_node ]] || missing+=(pgpool2)
# The repmgr failover test makes a "pod's" address unreachable (host gone) with iptables.
command -v iptables >/dev/null 2>&1 || [[ -x /usr/sbin/iptables ]] || missing+=(iptables)
# zstd decompresses zstd and lz4 backups (restore.sh, as in the official image); exFAT over FUSE
# is a filesystem without hard links, like Azure Files (SMB), for the WAL archive's fallback.
command -v zstd >/dev/null 2>&1 || missing+=(zstd)
command -v mount.exfat-fuse >/dev/null 2>&1 || missing+=(exfat-fuse)
command -v mkfs.exfat >/dev/null 2>&1 || missing+=(exfatprogs)

if ((${#missing[@]} == 0)); then
    echo "install-test-deps: nothing to install"
    exit 0
fi
# As root (CI here) directly; elsewhere (GitHub's runners) through passwordless sudo.
as_root=()
if [[ $(id -u) -ne 0 ]]; then
    if ! sudo -n true 2>/dev/null; then
        echo "install-test-deps: need root or passwordless sudo to install: ${missing[*]}" >&2
        exit 1
    fi
    as_root=(sudo -n)
fi

# The tests make their own clusters: keep the Debian package from creating and starting one.
"${as_root[@]}" mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" | "${as_root[@]}" tee /etc/postgresql-common/createcluster.d/postgres-k8s-tests.conf >/dev/null
# Nor pgpool2's or repmgr's postinst: no service starts (the tests start their own processes).
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${as_root[@]}" chmod 0755 /usr/sbin/policy-rc.d
    trap '"${as_root[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
echo "install-test-deps: installed ${missing[*]}"
