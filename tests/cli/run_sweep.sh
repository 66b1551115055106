#!/usr/bin/env bash
# --set and --sweep on run: a sweep writes points/<point>/ (each a full set
# of results), sweep.csv (point, one column per swept key, then the
# summary.csv columns from strategy on) and a sweep report with its charts;
# --resume skips a current sweep and redoes one whose axes changed; a bad
# --set or --sweep exits 2 with nothing written; --set scenario=NAME runs a
# copy beside the original (the README's what-if recipe).
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/s.yaml" sw 40m
printf 'strategies:\n  warm_standby: { primary: us-east-1, recovery: us-west-2 }\n' >>"$tmp/s.yaml"
run() { "$bin" run "$tmp/s.yaml" -o "$tmp/out" -n 2 -j 2 "$@" 2>&1 >/dev/null; }

out=$(run --sweep dns.ttl=30s,5m --set workload.rate=8/s --format png) || fail "sweep exited $?: $out"
d=$tmp/out/sw
for p in ttl-30s ttl-5m; do check_scenario_dir "$d/points/$p"; done
for f in sweep.csv report.md report.html plots/sweep_rto.png plots/sweep_cost_month.png; do
    [ -s "$d/$f" ] || fail "$f missing"
done
[ ! -e "$d/summary.csv" ] || fail "a sweep has no summary.csv of its own"
check_csv "$d/sweep.csv"
head -1 "$d/sweep.csv" | grep -qx 'point,dns.ttl,strategy,metric,unit,mean,ci95_low,ci95_high,p50,p95,min,max,n' ||
    fail "sweep.csv header: $(head -1 "$d/sweep.csv")"
grep -q '^ttl-5m,5m,warm_standby,rto,s,' "$d/sweep.csv" || fail "no rto row of ttl-5m"
grep -q -- "--set workload.rate=8/s --set dns.ttl=5m" "$d/points/ttl-5m/report.md" ||
    fail "a point's report does not say how to reproduce it"
grep -q "Pareto front" "$d/report.md" || fail "no Pareto front in the sweep report"
grep -q "<svg" "$d/report.html" || fail "report.html inlines no chart"

out=$(run --sweep dns.ttl=30s,5m --set workload.rate=8/s --format png --resume) || fail "resume: $out"
grep -q 'up to date, skipped' <<<"$out" || fail "a current sweep was not skipped: $out"
out=$(run --sweep dns.ttl=30s,2m --set workload.rate=8/s --format png --resume) || fail "resume: $out"
grep -q 'up to date, skipped' <<<"$out" && fail "a sweep with other values was skipped"
[ -d "$d/points/ttl-2m" ] && [ ! -e "$d/points/ttl-5m" ] || fail "the sweep was not replaced whole"

for bad in "--sweep dns.ttl=30s,soon" "--set dns.ttl" "--sweep dns.nope=1s,2s" "--set dns.ttl=-4s"; do
    rm -rf "$tmp/bad"
    # shellcheck disable=SC2086
    "$bin" run "$tmp/s.yaml" -o "$tmp/bad" $bad >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "$bad exited $rc"
    [ ! -e "$tmp/bad" ] || fail "$bad wrote $tmp/bad"
    [ -s "$tmp/err" ] || fail "$bad said nothing"
done

# the what-if recipe: the original and a renamed variant in one run
out=$("$bin" run "$tmp/s.yaml" -o "$tmp/wi" -n 2 --format none 2>&1 >/dev/null) || fail "$out"
out=$("$bin" run "$tmp/s.yaml" -o "$tmp/wi" -n 2 --format none --set scenario=sw-long-ttl \
    --set dns.ttl=5m 2>&1 >/dev/null) || fail "variant: $out"
[ -s "$tmp/wi/sw/summary.csv" ] && [ -s "$tmp/wi/sw-long-ttl/summary.csv" ] || fail "what-if outputs"
echo ok
