#!/usr/bin/env bash
# Liveness probe of the role-labeller sidecar: its loop touches a heartbeat file after every
# pass; a loop stuck longer than PG_LABELLER_STALE_SECONDS (default 60) gets the sidecar
# restarted, so a hung labeller cannot leave stale role labels after a failover.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PG_RUN_DIR
heartbeat="$PG_RUN_DIR/labeller.alive"
stale="${PG_LABELLER_STALE_SECONDS:-60}"
[[ -f "$heartbeat" ]] || die "no heartbeat yet ($heartbeat)"
age=$(($(date +%s) - $(stat -c %Y "$heartbeat")))
((age <= stale)) || die "last pass ${age}s ago (limit ${stale}s)"
