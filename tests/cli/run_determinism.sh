#!/usr/bin/env bash
# Byte-identical summary.json (and summary.csv, runs.csv) for -j 1 and -j 2,
# and for two runs with one seed; another seed changes the numbers.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/s.yaml" det

"$bin" run "$tmp/s.yaml" -o "$tmp/a" -j 1 -q --format svg || fail "run -j 1 exited $?"
"$bin" run "$tmp/s.yaml" -o "$tmp/b" -j 2 -q --format svg || fail "run -j 2 exited $?"
"$bin" run "$tmp/s.yaml" -o "$tmp/c" -j 2 -q --format svg || fail "second run -j 2 exited $?"
check_scenario_dir "$tmp/a/det"
for f in summary.json summary.csv runs.csv timeline.csv; do
    cmp -s "$tmp/a/det/$f" "$tmp/b/det/$f" || fail "$f differs between -j 1 and -j 2"
    cmp -s "$tmp/b/det/$f" "$tmp/c/det/$f" || fail "$f differs between two runs with one seed"
done
"$bin" run "$tmp/s.yaml" -o "$tmp/d" -j 2 -q --format svg --seed 12 || fail "run --seed 12 exited $?"
cmp -s "$tmp/a/det/runs.csv" "$tmp/d/det/runs.csv" && fail "--seed 12 gave the same runs as seed 11"
grep -q '"seed": 12,' "$tmp/d/det/summary.json" || fail "--seed not recorded in summary.json"
echo ok
