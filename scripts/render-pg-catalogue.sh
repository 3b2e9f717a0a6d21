#!/usr/bin/env bash
# Writes PostgreSQL's parameter catalogue (name, type, unit, min/max, enum values, context) from
# a real server's pg_settings: `bash scripts/render-pg-catalogue.sh [OUTPUT]`, by default
# specs/postgresql-parameters/<major>.json for the local server's major version. A throwaway cluster is
# initialised in a temporary directory and reached over its own unix socket only; it is stopped
# and removed on exit. test/pg/parameter-catalogue.test.ts reruns this and compares.
set -euo pipefail

bindir="${PG_BINDIR:-$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}"
major="$("$bindir/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')"
out="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/specs/postgresql-parameters/$major.json}"

as_postgres() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

dir="$(mktemp -d)"
[[ "$(id -u)" != 0 ]] || chown postgres "$dir"
cleanup() {
    as_postgres "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
as_postgres "$bindir/initdb" -D "$dir/data" -A peer >/dev/null
as_postgres "$bindir/pg_ctl" -D "$dir/data" -w -l "$dir/log" -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p 5432" start >/dev/null

# One parameter per line, sorted, so a change in the catalogue is a readable diff.
as_postgres "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$dir" -p 5432 -d postgres -c "
    SELECT '[' || string_agg(json_build_object(
        'name', name, 'type', vartype, 'unit', unit, 'context', context,
        'min', CASE WHEN vartype IN ('integer', 'real') THEN min_val::float8 END,
        'max', CASE WHEN vartype IN ('integer', 'real') THEN max_val::float8 END,
        'values', enumvals)::text, E',\n ' ORDER BY name) || ']'
    FROM pg_settings" >"$dir/catalogue.json"
mkdir -p "$(dirname "$out")"
cp "$dir/catalogue.json" "$out"
echo "wrote $(grep -c '"name"' "$out") parameters of PostgreSQL $major to $out" >&2
