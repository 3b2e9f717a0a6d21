#!/usr/bin/env bash
# Command of the postgres container: starts PostgreSQL on the data directory that the bootstrap
# init container (bootstrap.sh) prepared, so the startup probe only ever covers crash recovery.
# Init containers run only when the pod starts: when this container alone restarts (a crash, a
# demote), bootstrap.sh --restart first repeats the checks of the existing data directory (a
# former primary rejoins if another peer was promoted meanwhile); it never initdbs or clones.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGDATA PG_CONFIG_DIR PG_SCRIPTS_DIR
stop_on_signals
run_child "$PG_SCRIPTS_DIR/bootstrap.sh" --restart

exec postgres -D "$PGDATA" -c "config_file=$PG_CONFIG_DIR/postgresql.conf" -c "hba_file=$PG_CONFIG_DIR/pg_hba.conf"
