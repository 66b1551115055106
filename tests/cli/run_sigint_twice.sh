#!/usr/bin/env bash
# A second Ctrl-C while a scenario's directory is being written ends the run
# at once (exit 130) and leaves no hidden temporary directory or file; a run
# killed outright (SIGKILL) leaves them, and the next run into the same
# directory removes them.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/a.yaml" first 1d
sed -i 's/formats: \[png, svg\]/formats: [png, svg, pdf]/' "$tmp/a.yaml"

# while_staged CMD...: starts the run and, once first's temporary directory
# appears, runs CMD with the run's pid; 1 when the run ended before it did.
while_staged() {
    rm -rf "$tmp/out"
    "$bin" run "$tmp/a.yaml" -o "$tmp/out" -n 2 -j 2 -q 2>"$tmp/err" &
    pid=$!
    while kill -0 $pid 2>/dev/null; do
        if compgen -G "$tmp/out/.first.*" >/dev/null; then
            "$@" $pid
            return 0
        fi
        sleep 0.005
    done
    return 1
}
hidden() { find "$tmp/out" -mindepth 1 -name '.*' ! -name .regionsim.lock; }

twice() { kill -INT "$1"; sleep 0.05; kill -INT "$1"; }
seen=0
for attempt in 1 2 3; do
    while_staged twice || continue
    wait $pid; st=$?
    seen=1
    [ $st -eq 130 ] || fail "two SIGINTs: exited $st, want 130: $(cat "$tmp/err")"
    [ -z "$(hidden)" ] || fail "two SIGINTs left: $(hidden)"
    [ ! -e "$tmp/out/first" ] || check_scenario_dir "$tmp/out/first"
    break
done
[ $seen = 1 ] || fail "the run never showed its temporary directory"

seen=0
for attempt in 1 2 3; do
    while_staged kill -KILL || continue
    wait $pid 2>/dev/null
    seen=1
    [ -n "$(hidden)" ] || fail "SIGKILL left nothing to clean (the test saw no staging)"
    "$bin" run "$tmp/a.yaml" -o "$tmp/out" -n 1 -q --format none || fail "rerun failed"
    [ -z "$(hidden)" ] || fail "the rerun left what SIGKILL left: $(hidden)"
    check_scenario_dir "$tmp/out/first"
    break
done
[ $seen = 1 ] || fail "the run never showed its temporary directory (SIGKILL)"
echo ok
