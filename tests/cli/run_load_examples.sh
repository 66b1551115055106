#!/usr/bin/env bash
# The overload example (3 replications): behind a latency-routing front
# door the undersized region collapses (admitted requests queue until they
# time out: availability below a half), and the load-aware front door keeps
# availability above 99% (its interval's lower end), the issue's bar, while
# the other region has capacity.
set -u
bin=$1
src=$2
. "$src/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$("$bin" run "$src/scenarios/overload.yaml" -o "$tmp/out" -n 3 -j 2 --format none 2>&1 >/dev/null) ||
    fail "overload exited $?: $out"
python3 - "$tmp/out/overload/sweep.csv" <<'PY' || fail "load-aware routing does not lift availability"
import csv, sys
rows = {(r["routing.load_aware"], r["metric"]): r for r in csv.DictReader(open(sys.argv[1]))}
static, aware = rows["false", "availability"], rows["true", "availability"]
print(f"availability: static {float(static['mean']):.4f}, load-aware {float(aware['mean']):.4f} (low {float(aware['ci95_low']):.4f})")
sys.exit(0 if float(static["ci95_high"]) < 0.5 and float(aware["ci95_low"]) > 0.99 else 1)
PY
echo "ok"
