#!/usr/bin/env bash
# The three example sweeps show the trends they are there to show, on the
# numbers of sweep.csv at 3 replications (the examples use 4; 3 is the
# fewest that give a Student-t interval worth holding):
#   sweep-ttl: active-active RTO grows with the TTL;
#   sweep-standby: warm-standby RTO falls and cost_month rises with its size;
#   sweep-backup: backup-and-restore RPO grows with the backup interval.
# Tolerances come from the intervals: the last point's mean must lie beyond
# the first point's 95% interval in the expected direction (a backup's phase
# makes RPO nearly uniform over the interval, so with 3 replications the
# last point's own interval is too wide to hold more); between neighbours
# the mean may not move the wrong way by more than the half-width of either
# interval.
set -u
bin=$1
src=$2
. "$src/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in sweep-ttl sweep-standby sweep-backup; do
    out=$("$bin" run "$src/scenarios/$s.yaml" -o "$tmp/out" -n 3 -j 2 --format none 2>&1 >/dev/null) ||
        fail "$s exited $?: $out"
done
python3 - "$tmp/out" <<'PY' || fail "a trend does not hold"
import csv, sys
out = sys.argv[1]

def series(name, strategy, metric):
    rows = [r for r in csv.DictReader(open(f"{out}/{name}/sweep.csv"))
            if r["strategy"] == strategy and r["metric"] == metric]
    return [(r["point"], float(r["mean"]), float(r["ci95_low"]), float(r["ci95_high"])) for r in rows]

def holds(name, strategy, metric, sign):
    s = series(name, strategy, metric)
    assert len(s) >= 3, (name, metric, s)
    first, last = s[0], s[-1]
    if sign > 0:
        assert last[1] > first[3], f"{name} {metric}: {last} not above {first}"
    else:
        assert last[1] < first[2], f"{name} {metric}: {last} not below {first}"
    for a, b in zip(s, s[1:]):
        slack = max(a[3] - a[1], b[1] - b[2], 1e-9)
        assert sign * (b[1] - a[1]) >= -slack, f"{name} {metric}: {a} -> {b}"
    print(name, metric, [round(x[1], 1) for x in s])

holds("sweep-ttl", "active_active", "rto", +1)
holds("sweep-standby", "warm_standby", "rto", -1)
holds("sweep-standby", "warm_standby", "cost_month", +1)
holds("sweep-backup", "backup_restore", "rpo", +1)
PY
echo ok
