#!/usr/bin/env bash
# Checks that a freshly built binary reports the pinned version:
#
#   scripts/tools-check-version.sh BINARY VERSION_COMMAND EXPECTED
#
# VERSION_COMMAND is the argument that makes BINARY print its version (e.g. --version), or, for
# plugins without one, ":go-version-m" (the module versions Go recorded in the binary) or
# ":contains" (the binary's own bytes, e.g. the version stamped into its embedded schema).
# EXPECTED must occur in that output (fixed string). The output is
# captured before it is searched: `BINARY --version | grep -q` under pipefail fails when grep
# exits at the first match and the writer dies of SIGPIPE, which happened on a cold cache.
set -euo pipefail

bin="$1" vcmd="$2" expect="$3"
if [[ "$vcmd" == ":contains" ]]; then
  if ! grep -qaF -- "$expect" "$bin"; then
    echo "$(basename "$bin") does not contain '$expect'" >&2
    exit 1
  fi
  exit 0
elif [[ "$vcmd" == ":go-version-m" ]]; then
  reported="$(go version -m "$bin" 2>&1 || true)"
else
  reported="$("$bin" "$vcmd" 2>&1 || true)"
fi
if ! grep -qF -- "$expect" <<<"$reported"; then
  echo "$(basename "$bin") $vcmd does not report '$expect'; it printed:" >&2
  printf '%s\n' "$reported" | head -n 40 >&2
  exit 1
fi
