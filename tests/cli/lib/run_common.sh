# Shared by tests/cli/run_*.sh (sourced; it lives in lib/ so CTest does not
# register it as a test). Small, fast scenarios and checks of result files.
fail() { echo "FAIL: $*"; exit 1; }

# small_scenario FILE NAME [HORIZON]: two regions, one outage, four strategies
small_scenario() {
    cat >"$1" <<YAML
scenario: $2
description: Small test scenario, primary fails for 10 minutes
horizon: ${3:-1h}
replications: 3
seed: 11
regions: [us-east-1, us-west-2]
users:
  - { from: north-america-east, share: 70% }
  - { from: north-america-west, share: 30% }
workload: { rate: 10/s }
failures:
  - { kind: region_outage, region: us-east-1, at: 15m, duration: 10m }
report: { formats: [png, svg], targets: { rto: 15m, rpo: 1m } }
YAML
}

# check_csv FILE: every row has the header's number of fields
check_csv() {
    python3 - "$1" <<'PY' || fail "$1 is not a tidy CSV"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert len(rows) >= 2, "no data rows"
bad = [i for i, r in enumerate(rows) if len(r) != len(rows[0])]
assert not bad, f"rows {bad[:5]} have the wrong number of fields"
PY
}

# check_scenario_dir DIR: every result file complete and readable
check_scenario_dir() {
    local d=$1
    for f in summary.json summary.csv runs.csv timeline.csv report.md report.html; do
        [ -s "$d/$f" ] || fail "$d/$f missing or empty"
    done
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$d/summary.json" \
        || fail "$d/summary.json is not JSON"
    head -1 "$d/summary.csv" | grep -qx 'scenario,strategy,metric,unit,mean,ci95_low,ci95_high,p50,p95,min,max,n' \
        || fail "$d/summary.csv header"
    for f in summary.csv runs.csv timeline.csv; do check_csv "$d/$f"; done
    grep -q '</html>' "$d/report.html" || fail "$d/report.html is cut short"
}
