#!/usr/bin/env bash
# The data-pattern examples show their trade-offs on their numbers
# (sweep.csv, 3 replications).
# split-brain: without fencing the old primary accepts writes after the
# promotion (split_brain_writes > 0 in every replication: its min) and no
# request fails long enough to hold an RTO; a lease or STONITH leaves no
# split-brain write (max 0) and pays for it in RTO (the mean beyond none's
# 95% interval).
# eu-residency: fail_closed never serves or keeps EU data outside (max 0)
# and its availability lies below fail_open's interval; fail_open counts
# violations and bytes in every replication (min > 0).
# Each sweep charts the metric its story is about (sweep_split_brain_writes,
# sweep_residency_violations) and not the other's, which is 0 there.
set -u
bin=$1
src=$2
. "$src/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in split-brain eu-residency; do
    out=$("$bin" run "$src/scenarios/$s.yaml" -o "$tmp/out" -n 3 -j 2 --format svg 2>&1 >/dev/null) ||
        fail "$s exited $?: $out"
done
for f in split-brain/plots/sweep_split_brain_writes.svg eu-residency/plots/sweep_residency_violations.svg; do
    [ -s "$tmp/out/$f" ] || fail "$f: the story's chart is missing"
done
for f in split-brain/plots/sweep_residency_violations.svg eu-residency/plots/sweep_split_brain_writes.svg; do
    [ ! -e "$tmp/out/$f" ] || fail "$f: a chart of nothing but zeros"
done
python3 - "$tmp/out/split-brain/sweep.csv" <<'PY' || fail "the fencing trade-off does not show"
import csv, sys
rows = {(r["strategies.warm_standby.fencing"], r["metric"]): r for r in csv.DictReader(open(sys.argv[1]))}
bad = False
def check(ok, what):
    global bad
    print(("ok: " if ok else "FAIL: ") + what)
    bad |= not ok
check(float(rows["none", "split_brain_writes"]["min"]) > 0, "none: split-brain writes in every replication")
for mode in ("lease", "stonith"):
    check(float(rows[mode, "split_brain_writes"]["max"]) == 0, f"{mode}: no split-brain write")
    check(float(rows[mode, "rto"]["mean"]) > float(rows["none", "rto"]["ci95_high"]),
          f"{mode}: RTO above none's interval")
sys.exit(1 if bad else 0)
PY
python3 - "$tmp/out/eu-residency/sweep.csv" <<'PY' || fail "the residency trade-off does not show"
import csv, sys
rows = {(r["residency.policy"], r["strategy"], r["metric"]): r for r in csv.DictReader(open(sys.argv[1]))}
bad = False
for k in ("pilot_light", "warm_standby"):
    for m in ("residency_violations", "residency_bytes"):
        ok = float(rows["fail_closed", k, m]["max"]) == 0 and float(rows["fail_open", k, m]["min"]) > 0
        print(("ok: " if ok else "FAIL: ") + f"{k} {m}: none closed, some open")
        bad |= not ok
    ok = float(rows["fail_closed", k, "availability"]["mean"]) < float(rows["fail_open", k, "availability"]["ci95_low"])
    print(("ok: " if ok else "FAIL: ") + f"{k}: fail_closed costs availability")
    bad |= not ok
sys.exit(1 if bad else 0)
PY
echo "ok"
