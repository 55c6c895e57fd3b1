#!/usr/bin/env bash
# A full disk: the index lives on a small tmpfs. A first run fits; a second, larger one fills the disk and
# must stop with exit 2 and a message that names the index, leaving the first run's articles searchable;
# once the disk is larger the next run must complete and agree with its catalogue. Needs root and
# mount(2); exits 77 (skipped, with the reason) where it cannot mount.
# Usage: disk_full_test.sh NEWSDEX_INDEX NEWSDEX_SEARCH
set -u
INDEXER=$(realpath "$1") SEARCHER=$(realpath "$2")
ROOT=$(mktemp -d)
MNT=$ROOT/disk
mkdir -p "$MNT"
cleanup() { mountpoint -q "$MNT" && umount "$MNT"; rm -rf "$ROOT"; }
trap cleanup EXIT
say() { echo "disk_full_test: $*"; }
die() { say "FAIL: $*"; exit 1; }
if [[ $(id -u) != 0 ]] || ! mount -t tmpfs -o size=2m tmpfs "$MNT" 2>"$ROOT/mount.err"; then
    say "skipped: cannot mount a small tmpfs here ($(cat "$ROOT/mount.err" 2>/dev/null || echo "not root"))"
    exit 77
fi
C=$ROOT/corpus
write() {  # write FOLDER K: an article with its own word, and enough varied text to take room
    mkdir -p "$C/$1"
    {
        printf 'Story %d\n\nLONDON, May 4 (Reuters) - Officials reported token%d today.\n\n' "$2" "$2"
        for p in 1 2 3 4 5 6; do printf 'Paragraph %d of story %d mentions word%d and term%d and item%d.\n\n' "$p" "$2" $(($2 * 7 + p)) $(($2 * 13 + p)) $(($2 * 17 + p)); done
    } >"$C/$1/$2.txt"
}
for k in $(seq 1 200); do write first "$k"; done
"$INDEXER" -q --index "$MNT/index" "$C" 2>"$ROOT/err" || die "the first run does not fit in 2 MB: $(cat "$ROOT/err")"
for k in $(seq 201 6000); do write second "$k"; done

"$INDEXER" -q --batch-size 200 --index "$MNT/index" "$C" 2>"$ROOT/err"
rc=$?
[[ $rc == 2 ]] || die "filling the disk: exit $rc, want 2: $(head -3 "$ROOT/err")"
grep -q "newsdex-index: error: .*$MNT/index" "$ROOT/err" || die "the error does not name the index: $(cat "$ROOT/err")"
grep -qi "space\|full" "$ROOT/err" || die "the error does not say the disk is full: $(cat "$ROOT/err")"
for k in 1 57 200; do
    [[ $("$SEARCHER" --index "$MNT/index" --count "token$k" 2>&1) == 1 ]] || die "token$k of the first run is not found after the failure"
done
say "full disk: $(head -1 "$ROOT/err")"

mount -o remount,size=256m "$MNT" || die "cannot grow the tmpfs"
"$INDEXER" -q --index "$MNT/index" "$C" 2>"$ROOT/err" || die "after space was freed: exit $?: $(head -3 "$ROOT/err")"
"$INDEXER" --check --index "$MNT/index" >"$ROOT/check" || die "after space was freed: $(cat "$ROOT/check")"
n=$("$SEARCHER" --index "$MNT/index" --count '*')
[[ $n == 6000 ]] || die "after space was freed: $n articles, want 6000"
for k in 1 4321 6000; do
    [[ $("$SEARCHER" --index "$MNT/index" --count "token$k") == 1 ]] || die "token$k is not found after the last run"
done
say "ok"
