#!/usr/bin/env bash
# A full disk: the error names the real cause ("no space left on device"),
# the run exits 1, the scenario's previous results stay whole (no mixture of
# old and new files) and no temporary file or directory is left; --resume
# then reruns nothing stale. Needs root and a mountable tmpfs; else skipped.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
mnt=$tmp/disk
mkdir "$mnt"
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=1600k tmpfs "$mnt" 2>/dev/null; then
    rm -rf "$tmp"; echo "skipped: cannot mount a small tmpfs"; exit 0
fi
trap 'umount "$mnt"; rm -rf "$tmp"' EXIT
small_scenario "$tmp/s.yaml" full 1h

"$bin" run "$tmp/s.yaml" -o "$mnt/out" -n 2 -q --format none || fail "first run exited $?"
before=$(cd "$mnt/out/full" && find . -type f | sort | xargs cksum)
"$bin" run "$tmp/s.yaml" -o "$mnt/out" -n 2 -q --format png,svg,pdf --seed 2 2>"$tmp/err"; st=$?
[ $st -eq 1 ] || fail "a full disk exited $st, want 1: $(cat "$tmp/err")"
grep -q 'no space left on device' "$tmp/err" || fail "the cause is not named: $(cat "$tmp/err")"
after=$(cd "$mnt/out/full" && find . -type f | sort | xargs cksum)
[ "$before" = "$after" ] || fail "the previous results changed: a mixture of old and new"
[ -z "$(find "$mnt/out" -mindepth 1 -name '.*' ! -name .regionsim.lock)" ] ||
    fail "temporaries left: $(find "$mnt/out" -name '.*')"
out=$("$bin" run "$tmp/s.yaml" -o "$mnt/out" -n 2 --format none --seed 2 --resume 2>&1)
grep -q 'skipped' <<<"$out" && fail "--resume --seed 2 skipped the seed-1 results"
echo ok
