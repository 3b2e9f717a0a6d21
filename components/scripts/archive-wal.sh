#!/usr/bin/env bash
# archive_command: archive-wal.sh %p %f. Copies the segment under a temporary name, fsyncs it,
# then publishes it with link(2), which fails instead of overwriting, and fsyncs the directory.
# An identical segment already archived is success (a retry after a crash); a different one is
# a loud failure. Any failure exits non-zero, so PostgreSQL keeps the segment and retries.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# == 2)) || die "usage: archive-wal.sh <path %p> <file name %f>"
require_env PG_ARCHIVE_DIR
src="$1"
name="$2"
dest="$PG_ARCHIVE_DIR/$name"
[[ "$name" != */* && -n "$name" ]] || die "invalid segment name: $name"
[[ -f "$src" ]] || die "source $src does not exist"

already_archived() {
    [[ -e "$dest" ]] || return 1
    cmp -s "$src" "$dest" && return 0
    die "$dest already exists with DIFFERENT content: refusing to overwrite it. Another cluster or timeline may be writing to this archive; investigate before removing anything"
}

if already_archived; then
    log "$name is already archived with identical content"
    exit 0
fi
tmp="$PG_ARCHIVE_DIR/.$name.tmp.$$"
trap 'rm -f "$tmp"' EXIT
cp "$src" "$tmp"
sync "$tmp"
if ! ln "$tmp" "$dest" 2>/dev/null; then
    # Lost a race with a concurrent archiver: fine only if it archived the same bytes.
    already_archived || die "could not publish $dest"
    exit 0
fi
sync "$PG_ARCHIVE_DIR"
