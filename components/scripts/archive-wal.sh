#!/usr/bin/env bash
# archive_command: archive-wal.sh %p %f. Copies the segment under a unique temporary name, fsyncs
# it, then publishes it without ever overwriting, and fsyncs the directory: with link(2), which
# fails if the name exists, or, where the shared volume has no hard links (Azure Files over SMB,
# exFAT), with a rename made safe by an exclusive claim on the name (see publish_by_rename).
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
claim="$PG_ARCHIVE_DIR/.$name.claim"
# A claim older than this belongs to an archiver that died between claiming and publishing.
claim_stale_seconds="${PG_ARCHIVE_CLAIM_STALE_SECONDS:-300}"
[[ "$name" != */* && -n "$name" ]] || die "invalid segment name: $name"
[[ -f "$src" ]] || die "source $src does not exist"

already_archived() {
    [[ -e "$dest" ]] || return 1
    cmp -s "$src" "$dest" && return 0
    die "$dest already exists with DIFFERENT content: refusing to overwrite it. Another cluster or timeline may be writing to this archive; investigate before removing anything"
}

# Takes the claim on $name: an exclusive create (O_EXCL, atomic on NFS and SMB alike). A stale
# claim is first renamed away, which only one archiver can do, so two never both hold it.
take_claim() {
    (set -o noclobber; : >"$claim") 2>/dev/null && return 0
    local age
    age=$(($(date +%s) - $(stat -c %Y "$claim" 2>/dev/null || date +%s)))
    ((age >= claim_stale_seconds)) || die "another archiver is publishing $name (claim ${age}s old); PostgreSQL retries"
    local aside
    aside="$(mktemp -u "$claim.stale.XXXXXX")"
    mv -T "$claim" "$aside" 2>/dev/null || die "another archiver took the stale claim on $name; PostgreSQL retries"
    rm -f "$aside"
    log "removed the claim on $name left ${age}s ago by an archiver that died"
    (set -o noclobber; : >"$claim") 2>/dev/null || die "another archiver is publishing $name; PostgreSQL retries"
}

# Without hard links: while this archiver holds the claim, no other can publish $name, so a
# rename onto a name that does not exist cannot overwrite anything.
publish_by_rename() {
    take_claim
    trap 'rm -f "$tmp" "$claim"' EXIT
    if [[ -e "$dest" ]]; then
        rm -f "$claim"
        return 1
    fi
    mv -T "$tmp" "$dest"
    rm -f "$claim"
}

if already_archived; then
    log "$name is already archived with identical content"
    exit 0
fi
tmp="$(mktemp "$PG_ARCHIVE_DIR/.$name.tmp.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
cp "$src" "$tmp"
sync "$tmp"
if ! ln "$tmp" "$dest" 2>/dev/null; then
    # Lost a race with a concurrent archiver: fine only if it archived the same bytes.
    if [[ -e "$dest" ]] || ! publish_by_rename; then
        already_archived || die "could not publish $dest"
        exit 0
    fi
fi
sync "$PG_ARCHIVE_DIR"
