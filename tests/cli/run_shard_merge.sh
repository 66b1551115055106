#!/usr/bin/env bash
# run --shard I/N and merge: three shards of a command with two files (one
# a sweep; then two of the examples, one a sweep) merge into outputs
# byte-identical to the unsharded command (diff -r, batch index included). merge refuses, exit 2 and nothing written, a
# missing shard, an incomplete one, shards of another command and a
# scenario file changed since the shards ran.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
small_scenario a.yaml plain 1h
small_scenario b.yaml swept 1h
cat >>b.yaml <<'YAML'
sweep: { dns.ttl: [30s, 5m] }
YAML
args=(a.yaml b.yaml -o out -n 3 -q --format svg)

"$bin" run "${args[@]}" || fail "the unsharded run failed"
mv out single
# the three at once, as a job array would run them (they share out's lock)
pids=()
for i in 0 1 2; do
    "$bin" run "${args[@]}" --shard $i/3 -j 1 & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a shard failed"; done
[ "$(ls out | grep -c 'regionsim-shard$')" = 3 ] || fail "not three shard files: $(ls out)"
"$bin" merge out || fail "merge failed"
rm out/shard-*.regionsim-shard out/.regionsim.lock single/.regionsim.lock
diff -r single out || fail "merged outputs differ from the unsharded run's"
[ -f out/index.html ] && [ -f out/swept/sweep.csv ] || fail "merge wrote no index or sweep"

# the same with two of the examples, one of them a sweep
ex=("$2/scenarios/two-region.yaml" "$2/scenarios/sweep-ttl.yaml" -o ex -n 1 -q --format none)
"$bin" run "${ex[@]}" || fail "the unsharded examples failed"
mv ex ex-single
for i in 0 1 2; do "$bin" run "${ex[@]}" --shard $i/3 || fail "examples: shard $i/3 failed"; done
"$bin" merge ex || fail "examples: merge failed"
rm ex/shard-*.regionsim-shard ex/.regionsim.lock ex-single/.regionsim.lock
diff -r ex-single ex || fail "examples: merged outputs differ from the unsharded run's"

# refusals: exit 2, a message, nothing written
refuse() { # refuse WHAT PATTERN: merge of shards/ must fail
    "$bin" merge shards 2>err; st=$?
    [ $st -eq 2 ] || fail "$1: merge exited $st, want 2"
    grep -q "$2" err || fail "$1: message: $(cat err)"
    [ -z "$(ls shards | grep -v regionsim-shard)" ] || fail "$1: merge wrote $(ls shards)"
}
rm -rf shards
for i in 0 1 2; do "$bin" run a.yaml -o shards -n 2 -q --format none --shard $i/3; done
mkdir keep && cp shards/shard-* keep/
rm shards/shard-1-of-3.regionsim-shard
refuse "a missing shard" "shard 1 of 3 is missing"
cp keep/shard-1-of-3.regionsim-shard shards/
head -c 2000 keep/shard-2-of-3.regionsim-shard >shards/shard-2-of-3.regionsim-shard
refuse "an incomplete shard" "incomplete"
"$bin" run a.yaml -o other -n 2 -q --format none --seed 99 --shard 2/3
cp other/shard-2-of-3.regionsim-shard shards/
refuse "a shard of another command" "come from different runs"
cp keep/shard-* shards/
sed -i 's/rate: 10\/s/rate: 11\/s/' a.yaml
refuse "a changed scenario file" "do not match the scenario files"
"$bin" merge 2>/dev/null; [ $? -eq 2 ] || fail "merge without a directory"
"$bin" run a.yaml --shard 3/3 2>/dev/null; [ $? -eq 2 ] || fail "--shard 3/3 accepted"
echo ok
