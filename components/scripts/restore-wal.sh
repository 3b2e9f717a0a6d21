#!/usr/bin/env bash
# restore_command: restore-wal.sh %f %p. Exit 1 when the archive has no such file: that is how
# recovery learns it reached the end of the archive, so it stays quiet about it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# == 2)) || die "usage: restore-wal.sh <file name %f> <destination %p>"
require_env PG_ARCHIVE_DIR
src="$PG_ARCHIVE_DIR/$1"
[[ -f "$src" ]] || exit 1
tmp="$2.restoring.$$"
trap 'rm -f "$tmp"' EXIT
cp "$src" "$tmp"
mv -f "$tmp" "$2"
