#!/usr/bin/env bash
# The inner loop: every test that needs no root, no PostgreSQL, no network and no tool build
# (config validation, spec builders, components and stacks under mocks, the policy pack, the CLI
# against fakes), without the type-check. `npm test` runs these too, with everything else.
#
#   npm run test:unit                                  # all of them
#   npm run test:unit -- test/config/load.test.ts      # a file alone
#   npm run test:unit -- --grep 'pgpool'               # options go to mocha
set -euo pipefail
cd "$(dirname "$0")/.."

UNIT=(
  'test/cli/**/*.test.ts' 'test/config/**/*.test.ts' 'test/components/**/*.test.ts'
  'test/specs/**/*.test.ts' 'test/stacks/**/*.test.ts' 'test/policies/**/*.test.ts'
  test/cnpg/config.test.ts test/cnpg/program.test.ts test/cnpg/specs.test.ts
  test/repmgr/component.test.ts test/repmgr/specs.test.ts
  test/streaming/auto-failover-spec.test.ts test/helpers/writerPod.test.ts
)
files=()
options=()
for a in "$@"; do
  if [[ "$a" == *.test.ts ]]; then files+=("$a"); else options+=("$a"); fi
done
((${#files[@]})) || files=("${UNIT[@]}")
# No config file: .mocharc.json's spec (every test) would be added to the files named here.
exec npx mocha --no-config --require ts-node/register/transpile-only --timeout 120000 \
  --reporter test/helpers/file-times-reporter.js "${options[@]}" "${files[@]}"
