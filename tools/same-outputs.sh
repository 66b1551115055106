#!/usr/bin/env bash
# Refactor acceptance: every output file of every example scenario is
# byte-identical between two regionsim binaries, for the same seed.
#   tools/same-outputs.sh OLD_BINARY NEW_BINARY [regionsim run options...]
# OLD_BINARY may instead be a directory of outputs made earlier with the same
# options. Extra options (e.g. -n 2 for a quick check) go to both runs.
# Exit 0 when identical, 1 with the differing files listed otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY [options...]" >&2; exit 2; }
old=$1 new=$2; shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -d "$old" ]; then cp -r "$old" "$tmp/old"; else
    "$old" run scenarios/*.yaml -o "$tmp/old" --quiet "$@"; fi
"$new" run scenarios/*.yaml -o "$tmp/new" --quiet "$@"
# The reports quote their command line, -o DIR included: compare them with
# each run's own output directory written as OUT.
if [ -d "$old" ]; then olddir=$old; else olddir=$tmp/old; fi
grep -rlIF -e "$olddir" "$tmp/old" | xargs -r sed -i "s|$olddir|OUT|g"
grep -rlIF -e "$tmp/new" "$tmp/new" | xargs -r sed -i "s|$tmp/new|OUT|g"
files=$(cd "$tmp/old" && find . -type f | sort | wc -l)
if diff -r -q "$tmp/old" "$tmp/new"; then
    echo "identical: $files files"
else
    echo "DIFFERENT (above), of $files files" >&2
    exit 1
fi
