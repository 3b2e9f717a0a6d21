#!/usr/bin/env bash
# Runs once, from bootstrap.sh (repmgr: repmgr-entrypoint.sh), against the freshly initialised
# (socket-only) server: creates the replication role, the application role and the application
# database.
# Passwords are read by psql itself from the secret files (backquote \set), so they never appear
# in argv, the environment or this script's output; statement logging is off for the session
# so a failing statement cannot write a password to the server log either.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PG_RUN_DIR PG_PORT PG_SUPERUSER PG_REPLICATION_USER PG_APP_USER PG_APP_DATABASE PG_SECRETS_DIR
for f in replication-password app-password; do
    [[ -r "$(secret_file "$f")" ]] || die "secret file $(secret_file "$f") is missing"
done

# Single-quoted for the shell that psql runs backquoted commands in.
shell_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

psql_q -h "$PG_RUN_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres \
    -v repl_user="$PG_REPLICATION_USER" -v app_user="$PG_APP_USER" -v app_db="$PG_APP_DATABASE" <<SQL
SET log_statement = 'none';
SET log_min_error_statement = 'panic';
\\set repl_pw \`cat $(shell_quote "$(secret_file replication-password)")\`
\\set app_pw \`cat $(shell_quote "$(secret_file app-password)")\`
CREATE ROLE :"repl_user" WITH REPLICATION LOGIN PASSWORD :'repl_pw';
CREATE ROLE :"app_user" WITH LOGIN PASSWORD :'app_pw';
CREATE DATABASE :"app_db" OWNER :"app_user";
\\unset repl_pw
\\unset app_pw
SQL
log "created roles $PG_REPLICATION_USER (replication) and $PG_APP_USER, database $PG_APP_DATABASE"
