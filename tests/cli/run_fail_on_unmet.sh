#!/usr/bin/env bash
# --fail-on-unmet, the CI gate: exit 3 when no strategy (or the named one)
# meets every target, 0 when one does; an unknown strategy is bad usage;
# results are written either way, and --resume gives the same verdict.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/strict.yaml" strict 1h
sed -i 's/targets: { rto: 15m, rpo: 1m }/targets: { rto: 1s, rpo: 0s }/' "$tmp/strict.yaml"
small_scenario "$tmp/lax.yaml" lax 1h
# lax: judged on the median, which 6 replications can bound (p95 needs 72)
sed -i "s/targets: { rto: 15m, rpo: 1m }/targets: { rto: 1d, rpo: 1d, quantile: 50% }/" "$tmp/lax.yaml"
gate() { "$bin" run "$@" -o "$tmp/out" -n 6 -q --format none 2>"$tmp/err"; }

gate "$tmp/lax.yaml"; st=$?
[ $st -eq 0 ] || fail "without the flag: exited $st"
gate "$tmp/strict.yaml"; st=$?
[ $st -eq 0 ] || fail "unmet targets without --fail-on-unmet exited $st"
gate "$tmp/strict.yaml" --fail-on-unmet; st=$?
[ $st -eq 3 ] || fail "strict --fail-on-unmet exited $st, want 3: $(cat "$tmp/err")"
grep -q 'strict: no strategy meets every target' "$tmp/err" || fail "no reason: $(cat "$tmp/err")"
check_scenario_dir "$tmp/out/strict"
gate "$tmp/strict.yaml" --fail-on-unmet --resume; st=$?
[ $st -eq 3 ] || fail "resumed strict exited $st, want 3"
gate "$tmp/lax.yaml" --fail-on-unmet; st=$?
[ $st -eq 0 ] || fail "lax --fail-on-unmet exited $st: $(cat "$tmp/err")"
gate "$tmp/lax.yaml" "$tmp/strict.yaml" --fail-on-unmet --resume; st=$?
[ $st -eq 3 ] || fail "one of two unmet exited $st, want 3"
# a named strategy: backup & restore misses an RTO of a day? no; of 1s, yes
gate "$tmp/lax.yaml" --fail-on-unmet=active_active; st=$?
[ $st -eq 0 ] || fail "lax =active_active exited $st: $(cat "$tmp/err")"
gate --fail-on-unmet backup_restore "$tmp/strict.yaml"; st=$?
[ $st -eq 3 ] || fail "strict backup_restore (next word) exited $st"
grep -q 'backup_restore does not meet every target' "$tmp/err" || fail "$(cat "$tmp/err")"
gate "$tmp/lax.yaml" --fail-on-unmet=warm_standbye; st=$?
[ $st -eq 2 ] || fail "unknown strategy exited $st, want 2"
echo ok
