#!/usr/bin/env bash
# repmgr's promote_command (run by repmgrd on the elected standby): `repmgr standby promote`,
# then a CHECKPOINT. Until the first checkpoint after a promotion the control file still names
# the old timeline, and pg_rewind against this server would find "no rewind required" for a
# former primary that did diverge; the checkpoint makes the rejoin of the old primary correct.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=repmgr-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/repmgr-lib.sh"

require_env PG_RUN_DIR PG_PORT PG_SUPERUSER
repmgr_cmd standby promote
local_query "CHECKPOINT" >/dev/null
log "promoted; checkpoint written on the new timeline $(local_timeline)"
