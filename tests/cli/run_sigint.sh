#!/usr/bin/env bash
# Ctrl-C during a batch: the run stops, exits 1, and leaves only complete
# files: every scenario directory is complete (summary.json, parseable CSVs)
# or absent, and no temporary file remains.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/a.yaml" first 1h
small_scenario "$tmp/b.yaml" second 30d   # long: still running when interrupted

"$bin" run "$tmp/a.yaml" "$tmp/b.yaml" -o "$tmp/out" -j 2 -n 4 2>"$tmp/err" &
pid=$!
# interrupt once the first scenario's results exist (or after 60 s)
for _ in $(seq 600); do
    [ -e "$tmp/out/first/summary.json" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
done
sleep 0.3
kill -INT $pid 2>/dev/null
wait $pid; st=$?
[ $st -eq 1 ] || fail "interrupted run exited $st, want 1: $(cat "$tmp/err")"
grep -q 'interrupted' "$tmp/err" || fail "no 'interrupted' message: $(cat "$tmp/err")"
check_scenario_dir "$tmp/out/first"
[ ! -e "$tmp/out/second" ] || [ -e "$tmp/out/second/summary.json" ] \
    || fail "the interrupted scenario left partial results"
[ -z "$(find "$tmp/out" -name '*.tmp')" ] || fail "temporary files left: $(find "$tmp/out" -name '*.tmp')"
echo ok
