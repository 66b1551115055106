#!/usr/bin/env bash
# --resume is keyed on everything the results are made from: the SHA-256 of
# the scenario and of the latency.file it references (as sha256sum prints
# them, recorded in summary.json's provenance), the seed, the replications,
# the chart formats and the version; a deleted result file is redone. A run
# with other formats leaves no chart of the old ones; report.formats: []
# means no charts and report.md links none.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/s.yaml" res 30m
sed -i 's/^workload:.*/workload: { rate: 10\/s }\nlatency: { file: rtt.csv }/' "$tmp/s.yaml"
printf 'from,us-east-1,us-west-2\nus-east-1,0,24.7\n' >"$tmp/rtt.csv"
run() { "$bin" run "$tmp/s.yaml" -o "$tmp/out" -n 2 -j 2 "$@" 2>&1 >/dev/null; }
skipped() { grep -q 'up to date, skipped' <<<"$1"; }

out=$(run --format png,svg) || fail "first run exited $?: $out"
json=$tmp/out/res/summary.json
for f in s.yaml rtt.csv; do
    h=$(sha256sum "$tmp/$f" | cut -d' ' -f1)
    grep -qF "{\"file\": \"$f\", \"sha256\": \"$h\"}" "$json" || fail "no sha256 of $f in provenance"
    grep -qF "$h" "$tmp/out/res/report.md" || fail "report.md does not show the hash of $f"
done
python3 - "$json" <<'PY' || fail "provenance shape"
import json, sys
p = json.load(open(sys.argv[1]))["provenance"]
assert set(p) == {"version", "inputs", "scenario_sha256", "seed", "replications", "formats"}, p
assert len(p["scenario_sha256"]) == 64, p
assert p["seed"] == 11 and p["replications"] == 2 and p["formats"] == ["png", "svg"], p
PY
out=$(run --format png,svg --resume) || fail "resume exited $?"
skipped "$out" || fail "identical inputs were not skipped: $out"

# each ingredient of the key makes --resume rerun
printf 'from,us-east-1,us-west-2\nus-east-1,0,304.7\n' >"$tmp/rtt.csv"
out=$(run --format png,svg --resume); skipped "$out" && fail "a changed latency.file was skipped"
out=$(run --format png,svg --resume --seed 12); skipped "$out" && fail "another seed was skipped"
out=$(run --format png,svg --resume --seed 12); skipped "$out" || fail "not skipped: $out"
sed -i 's/"version": "[^"]*"/"version": "0.0.1"/' "$json"
out=$(run --format png,svg --resume --seed 12); skipped "$out" && fail "another version was skipped"
rm "$tmp/out/res/runs.csv"
out=$(run --format png,svg --resume --seed 12); skipped "$out" && fail "a deleted runs.csv was skipped"
rm "$tmp/out/res/plots/rto.svg"
out=$(run --format png,svg --resume --seed 12); skipped "$out" && fail "a deleted chart was skipped"
out=$(run --format png,svg --resume --seed 12 --set workload.rate=30/s); skipped "$out" && fail "a changed --set was skipped"
out=$(run --format png,svg --resume --seed 12 --set workload.rate=30/s); skipped "$out" || fail "the same --set was not skipped: $out"
echo "# comment" >>"$tmp/s.yaml"
out=$(run --format png,svg --resume --seed 12); skipped "$out" && fail "a changed scenario was skipped"

# other formats: rerun, and no chart of the old formats stays
out=$(run --format pdf --resume --seed 12); skipped "$out" && fail "other formats were skipped"
[ -z "$(find "$tmp/out/res" -name '*.png' -o -name '*.svg')" ] || fail "stale PNG/SVG left"
[ -n "$(find "$tmp/out/res/plots" -name '*.pdf')" ] || fail "no PDF"
grep -q '"formats": \["pdf"\]' "$json" || fail "formats not recorded"

# no charts at all: report.formats: [] (and --format none)
sed -i 's/formats: \[png, svg\]/formats: []/' "$tmp/s.yaml"
out=$(run --seed 12) || fail "formats [] exited $?: $out"
[ ! -e "$tmp/out/res/plots" ] || fail "formats []: plots/ left"
grep -q '](plots/' "$tmp/out/res/report.md" && fail "formats []: report.md links charts"
grep -q '"formats": \[\]' "$json" || fail "formats [] not recorded"
out=$(run --seed 12 --format png --resume); skipped "$out" && fail "png after [] was skipped"
out=$(run --seed 12 --format none --resume); skipped "$out" && fail "--format none was skipped"
[ ! -e "$tmp/out/res/plots" ] || fail "--format none: plots/ left"
check_scenario_dir "$tmp/out/res"
[ -z "$(find "$tmp/out" -name '.res.*')" ] || fail "temporary directories left"
echo ok
