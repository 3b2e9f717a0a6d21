#!/usr/bin/env bash
# repmgr's service_reload_command (standby follow on PostgreSQL >= 13): reloads the local
# server over the unix socket, which works from the repmgrd container; `pg_ctl reload` would
# signal a process of another container.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PG_RUN_DIR PG_PORT PG_SUPERUSER
[[ "$(local_query "SELECT pg_reload_conf()")" == "t" ]] || die "pg_reload_conf() failed"
