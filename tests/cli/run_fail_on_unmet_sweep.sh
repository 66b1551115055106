#!/usr/bin/env bash
# --fail-on-unmet over a sweep: the gate passes (exit 0) when at least one
# point has a strategy (or the named one) meeting every target, and exits 3
# when no point does; before, a sweep never failed the gate.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/s.yaml" s 1h
# judged on the median, which 6 replications can bound; RPO of a day always met
sed -i "s/targets: { rto: 15m, rpo: 1m }/targets: { rto: 1d, rpo: 1d, quantile: 50% }/" "$tmp/s.yaml"
gate() { "$bin" run "$tmp/s.yaml" -o "$tmp/out" -n 6 -q --format none "$@" 2>"$tmp/err"; }

gate --sweep report.targets.rto=1s,1d --fail-on-unmet; st=$?
[ $st -eq 0 ] || fail "one point meets: exited $st: $(cat "$tmp/err")"
gate --sweep report.targets.rto=1s,2s --fail-on-unmet; st=$?
[ $st -eq 3 ] || fail "no point meets: exited $st, want 3"
grep -q 's: no strategy meets every target at any point of the sweep' "$tmp/err" \
    || fail "no reason: $(cat "$tmp/err")"
[ -s "$tmp/out/s/sweep.csv" ] || fail "the sweep's results were not written"
gate --sweep report.targets.rto=1s,2s --fail-on-unmet --resume; st=$?
[ $st -eq 3 ] || fail "resumed: exited $st, want 3"
gate --sweep report.targets.rto=1s,1d --fail-on-unmet=active_active; st=$?
[ $st -eq 0 ] || fail "active_active meets at rto-1d: exited $st: $(cat "$tmp/err")"
gate --sweep report.targets.rto=1s,2s --fail-on-unmet=active_active; st=$?
[ $st -eq 3 ] || fail "active_active meets nowhere: exited $st, want 3"
grep -q 'active_active does not meet every target at any point of the sweep' "$tmp/err" \
    || fail "no reason: $(cat "$tmp/err")"
echo ok
