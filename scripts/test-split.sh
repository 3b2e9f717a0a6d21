#!/usr/bin/env bash
# `npm test`'s mocha run as two processes side by side: the tests spend most of their time waiting
# on real PostgreSQL, repmgr and pgpool processes (about 5 of 13 minutes on the CPU), so two
# sequences fit the 2 cores. The drills that time a failover (FAILOVER_FILES) run one after
# another in the first process, so no two of them ever share the machine; the second runs every
# other file. Each process's output is kept and printed whole when both are done (its spec
# report, `N passing`, and its time per file); the exit status is the worse of the two.
# With arguments (`npm test -- --grep replication`) it is one plain mocha run with them.
set -euo pipefail
cd "$(dirname "$0")/.."
(($# == 0)) || exec npx mocha "$@"

FAILOVER_FILES=(
  test/repmgr/failover.test.ts
  test/repmgr/detached-primary.test.ts
  test/repmgr/stale-primary.test.ts
  test/repmgr/fence.test.ts
  test/streaming/auto-failover.test.ts
  test/pg/failover.test.ts
)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ignore=()
for f in "${FAILOVER_FILES[@]}"; do
  [[ -f "$f" ]] || { echo "test-split: $f is listed in FAILOVER_FILES but does not exist" >&2; exit 1; }
  ignore+=(--ignore "$f")
done

start=$(date +%s)
# Files named on the command line are added to .mocharc.json's spec, so this run reads no config
# file and repeats its settings.
npx mocha --no-config --require ts-node/register/transpile-only --timeout 120000 \
  --reporter test/helpers/file-times-reporter.js "${FAILOVER_FILES[@]}" >"$out/failover.log" 2>&1 &
failover_pid=$!
npx mocha "${ignore[@]}" >"$out/rest.log" 2>&1 &
rest_pid=$!
echo "test-split: failover drills (pid $failover_pid) and every other test file (pid $rest_pid) running side by side; output follows when both are done"

status=0
wait "$failover_pid" || status=$?
failover_end=$(date +%s)
wait "$rest_pid" || { rc=$?; ((status)) || status=$rc; }
rest_end=$(date +%s)

echo "test-split: === every other test file ($((rest_end - start)) s) ==="
cat "$out/rest.log"
echo "test-split: === failover drills, one at a time ($((failover_end - start)) s) ==="
cat "$out/failover.log"
exit "$status"
