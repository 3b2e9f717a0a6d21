#!/usr/bin/env bash
# repmgr's service_restart_command. A restart cannot be done from the repmgrd container (the
# server is another container's process, and a server started here would run in the wrong
# container): refuse loudly. repmgr only restarts when a reload failed.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

die "repmgr asked for a server restart, which is not possible from the repmgrd container: restart the pod"
