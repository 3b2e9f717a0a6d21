#!/usr/bin/env bash
# Runs once, after init-primary.sh, against the freshly initialised (socket-only) server: the
# repmgr metadata database (repmgr runs as the superuser) and pgpool's check role, which may
# read replication state (pg_monitor) and nothing else. repmgr's own metadata commits never wait
# for a synchronous standby: with synchronous replication, registering the primary would
# otherwise wait for a standby that cannot clone before the primary is registered. The password is read by psql from the
# secret file (backquote \set), never argv, the environment or a log.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR/../../scripts source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PG_RUN_DIR PG_PORT PG_SUPERUSER PG_SECRETS_DIR REPMGR_DATABASE PGPOOL_CHECK_USER
pw_file="$(secret_file pgpool-password)"
[[ -r "$pw_file" ]] || die "secret file $pw_file is missing"

psql_q -h "$PG_RUN_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres \
    -v repmgr_db="$REPMGR_DATABASE" -v check_user="$PGPOOL_CHECK_USER" -v superuser="$PG_SUPERUSER" <<SQL
SET log_statement = 'none';
SET log_min_error_statement = 'panic';
\\set check_pw \`cat '${pw_file//\'/\'\\\'\'}'\`
CREATE DATABASE :"repmgr_db";
ALTER ROLE :"superuser" IN DATABASE :"repmgr_db" SET synchronous_commit = 'local';
CREATE ROLE :"check_user" WITH LOGIN PASSWORD :'check_pw' IN ROLE pg_monitor;
\\unset check_pw
SQL
log "created database $REPMGR_DATABASE and role $PGPOOL_CHECK_USER (pg_monitor)"
