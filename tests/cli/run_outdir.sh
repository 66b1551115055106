#!/usr/bin/env bash
# The output directory is checked before any simulation starts: -o "" , a
# file, a path under a file and a DIR/<scenario> that is a file are refused
# at once (exit 2, nothing simulated); a second run into a locked DIR is
# refused; planted links are never followed; the report quotes the command
# for the shell.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/s.yaml" shop 30d   # long: a refusal must come first

# refused_fast WHAT ARGS...: exit 2 within 2 s, no progress line (no run
# started), a one-line reason
refused_fast() {
    local what=$1 st t0 ms; shift
    t0=$(date +%s%N)
    "$bin" run "$tmp/s.yaml" -n 50 "$@" 2>"$tmp/err"; st=$?
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ $st -eq 2 ] || fail "$what: exited $st, want 2: $(cat "$tmp/err")"
    [ $ms -lt 2000 ] || fail "$what: refused only after $ms ms"
    grep -q '^\[1/1\]' "$tmp/err" && fail "$what: a run started: $(cat "$tmp/err")"
    head -1 "$tmp/err" | grep -q '^regionsim: ' || fail "$what: $(cat "$tmp/err")"
}
refused_fast 'empty -o' -o ""
grep -q 'empty' "$tmp/err" || fail "-o '': $(cat "$tmp/err")"
[ -e /shop ] && fail "-o '' wrote /shop"
: >"$tmp/file"
refused_fast 'a file as -o' -o "$tmp/file"
grep -q 'not a directory' "$tmp/err" || fail "file: $(cat "$tmp/err")"
refused_fast 'a path under a file' -o "$tmp/file/sub"
mkdir "$tmp/out" && : >"$tmp/out/shop"
refused_fast 'DIR/<scenario> is a file' -o "$tmp/out"
grep -q "$tmp/out/shop exists and is not a directory" "$tmp/err" || fail "$(cat "$tmp/err")"
rm "$tmp/out/shop"
ln -s "$tmp/elsewhere" "$tmp/out/shop"
refused_fast 'DIR/<scenario> is a link' -o "$tmp/out"
rm "$tmp/out/shop"

# the lock: another process holds DIR/.regionsim.lock
mkdir -p "$tmp/locked"
flock "$tmp/locked/.regionsim.lock" sleep 5 &
holder=$!
sleep 0.3
refused_fast 'a locked DIR' -o "$tmp/locked"
grep -q 'in use by another regionsim run' "$tmp/err" || fail "lock: $(cat "$tmp/err")"
kill $holder 2>/dev/null; wait $holder 2>/dev/null

# two runs at once into one DIR: one refuses, the other's results are whole
small_scenario "$tmp/q.yaml" quick 1h
"$bin" run "$tmp/q.yaml" -o "$tmp/twice" -n 2 -j 1 -q 2>/dev/null & p1=$!
"$bin" run "$tmp/q.yaml" -o "$tmp/twice" -n 2 -j 1 -q --seed 5 2>/dev/null & p2=$!
wait $p1; s1=$?; wait $p2; s2=$?
[ $((s1 + s2)) -le 2 ] && [ $s1 -ne 1 ] && [ $s2 -ne 1 ] || fail "two runs exited $s1 and $s2"
check_scenario_dir "$tmp/twice/quick"

# planted links beside the outputs are never followed
echo precious >"$tmp/victim"
mkdir -p "$tmp/planted/quick"
for n in summary.csv.tmp index.html.tmp quick/summary.csv.tmp quick/plots; do
    ln -s "$tmp/victim" "$tmp/planted/$n"
done
small_scenario "$tmp/q2.yaml" quick2 1h
"$bin" run "$tmp/q.yaml" "$tmp/q2.yaml" -o "$tmp/planted" -n 2 -q || fail "planted: exited $?"
[ "$(cat "$tmp/victim")" = precious ] || fail "a planted link was followed"
check_scenario_dir "$tmp/planted/quick"

# the reproduce command is quoted for the shell
mkdir -p "$tmp/it's here"
"$bin" run "$tmp/q.yaml" -o "$tmp/it's here" -n 2 -q || fail "quoted dir: exited $?"
grep -qF -- "-o '$tmp/it'\\''s here' -n 2" "$tmp/it's here/quick/report.md" ||
    fail "command not shell-quoted: $(grep 'regionsim run' "$tmp/it's here/quick/report.md")"
echo ok
