#!/usr/bin/env bash
# Ctrl-C during a batch: the run stops, exits 130 (143 for SIGTERM), and
# leaves only complete files: every scenario directory is complete
# (summary.json, parseable CSVs) or absent, and no temporary file remains.
# SIGTERM under an event storm (an outage every nanosecond) acts within a
# second of wall time.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/a.yaml" first 1h
small_scenario "$tmp/b.yaml" second 30d   # long: still running when interrupted

# interrupt_after_first SIGNAL WANT: interrupt once the first scenario's
# results exist (or after 60 s) and check the exit status and the files.
interrupt_after_first() {
    rm -rf "$tmp/out"
    "$bin" run "$tmp/a.yaml" "$tmp/b.yaml" -o "$tmp/out" -j 2 -n 4 2>"$tmp/err" &
    local pid=$! st
    for _ in $(seq 600); do
        [ -e "$tmp/out/first/summary.json" ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.1
    done
    sleep 0.3
    kill -"$1" $pid 2>/dev/null
    wait $pid; st=$?
    [ $st -eq "$2" ] || fail "SIG$1: exited $st, want $2: $(cat "$tmp/err")"
    grep -q 'interrupted' "$tmp/err" || fail "SIG$1: no 'interrupted' message: $(cat "$tmp/err")"
    check_scenario_dir "$tmp/out/first"
    [ ! -e "$tmp/out/second" ] || [ -e "$tmp/out/second/summary.json" ] \
        || fail "SIG$1: the interrupted scenario left partial results"
    [ -z "$(find "$tmp/out" -name '*.tmp' -o -name '.second.*' -o -name '*.??????')" ] \
        || fail "SIG$1: temporary files left: $(find "$tmp/out")"
}
interrupt_after_first INT 130
interrupt_after_first TERM 143

# An event storm: SIGTERM must act within a second, whatever the density.
cat >"$tmp/storm.yaml" <<'YAML'
scenario: storm
horizon: 1d
replications: 2
regions: [us-east-1, us-west-2]
users: [{ from: north-america-east, share: 100% }]
workload: { rate: 10/s }
failures:
  - { kind: region_outage, region: all, mtbf: 2ns, mttr: 1ns }
YAML
"$bin" run "$tmp/storm.yaml" -o "$tmp/storm" -j 2 -q &
pid=$!
sleep 1
kill -0 $pid 2>/dev/null || fail "the storm ended by itself within 1 s"
t0=$(date +%s%N)
kill -TERM $pid
wait $pid; st=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ $st -eq 143 ] || fail "storm: SIGTERM exited $st, want 143"
[ $ms -lt 1000 ] || fail "storm: SIGTERM took $ms ms"
[ ! -e "$tmp/storm/storm" ] || fail "storm: partial results"
echo "ok (SIGTERM under an event storm: $ms ms)"
