#!/usr/bin/env bash
# The split-brain example shows the fencing trade-off on its numbers
# (sweep.csv, 3 replications): without fencing the old primary accepts
# writes after the promotion (split_brain_writes > 0 in every replication:
# its min) and no request fails long enough to hold an RTO; a lease or
# STONITH leaves no split-brain write (max 0) and pays for it in RTO (the
# mean beyond none's 95% interval).
set -u
bin=$1
src=$2
. "$src/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$("$bin" run "$src/scenarios/split-brain.yaml" -o "$tmp/out" -n 3 -j 2 --format none 2>&1 >/dev/null) ||
    fail "split-brain exited $?: $out"
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
echo "ok"
