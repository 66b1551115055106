#!/usr/bin/env bash
# run over two scenarios: every result file, the batch index and combined
# summary.csv, chart files that open, exit 0; --quiet is silent; --resume
# skips up-to-date results; bad input or usage exits 2 and writes nothing.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/one.yaml" one
small_scenario "$tmp/two.yaml" two 40m

err=$("$bin" run "$tmp/one.yaml" "$tmp/two.yaml" -o "$tmp/out" -j 2 -n 2 --format png,svg,pdf 2>&1 >/dev/null)
st=$?
[ $st -eq 0 ] || fail "run exited $st: $err"
# not a terminal: one line per scenario
[ "$(grep -c '' <<<"$err")" -eq 2 ] || fail "want one progress line per scenario, got: $err"
for s in one two; do
    check_scenario_dir "$tmp/out/$s"
    grep -q '"replications": 2,' "$tmp/out/$s/summary.json" || fail "-n 2 not applied"
    for c in rto rpo cost incident_timeline latency cost_vs_recovery dns_drain; do
        # a chart that does not apply is not written; the report names it
        if [ ! -e "$tmp/out/$s/plots/$c.png" ]; then
            grep -q 'Not drawn, as they do not apply' "$tmp/out/$s/report.md" \
                || fail "$s/plots/$c.png missing and not named in the report"
            continue
        fi
        head -c 8 "$tmp/out/$s/plots/$c.png" | od -An -tx1 | tr -d ' \n' | grep -q '^89504e470d0a1a0a$' \
            || fail "$s/plots/$c.png is not a PNG"
        python3 -c 'import sys,xml.dom.minidom as m; m.parse(sys.argv[1])' "$tmp/out/$s/plots/$c.svg" \
            || fail "$s/plots/$c.svg is not well-formed XML"
        head -c 5 "$tmp/out/$s/plots/$c.pdf" | grep -q '%PDF-' || fail "$s/plots/$c.pdf header"
    done
done
[ -s "$tmp/out/index.html" ] || fail "no index.html for several scenarios"
check_csv "$tmp/out/summary.csv"
[ "$(grep -c '^scenario,' "$tmp/out/summary.csv")" -eq 1 ] || fail "combined summary.csv has several headers"
[ "$(grep -c '' "$tmp/out/summary.csv")" -eq $(( $(grep -c '' "$tmp/out/one/summary.csv") + $(grep -c '' "$tmp/out/two/summary.csv") - 1 )) ] \
    || fail "combined summary.csv is not the two scenarios' rows"
[ -z "$(find "$tmp/out" -name '*.tmp')" ] || fail "temporary files left"

# --quiet: nothing on stderr; --resume: both skipped, results untouched
before=$(cksum <"$tmp/out/one/summary.json")
err=$("$bin" run "$tmp/one.yaml" "$tmp/two.yaml" -o "$tmp/out" -j 2 -n 2 --format png,svg,pdf --resume 2>&1 >/dev/null) \
    || fail "--resume exited $?"
[ "$(grep -c 'skipped' <<<"$err")" -eq 2 ] || fail "--resume did not skip both: $err"
[ "$(cksum <"$tmp/out/one/summary.json")" = "$before" ] || fail "--resume rewrote results"
# another replication count is not the same results: not skipped
err=$("$bin" run "$tmp/one.yaml" -o "$tmp/out" -j 2 -n 3 --resume -q 2>&1) || fail "-n 3 --resume exited $?"
[ -z "$err" ] || fail "--quiet printed: $err"
grep -q '"replications": 3,' "$tmp/out/one/summary.json" || fail "-n 3 --resume did not rerun"

# bad input: exit 2, nothing written, even when another file is fine
printf 'scenario: broken\nhorizon: soon\n' >"$tmp/bad.yaml"
"$bin" run "$tmp/one.yaml" "$tmp/bad.yaml" -o "$tmp/none" -q 2>/dev/null; st=$?
[ $st -eq 2 ] || fail "bad input exited $st, want 2"
[ ! -e "$tmp/none" ] || fail "bad input wrote $tmp/none"
for args in "-j 0" "-n x" "--format gif" "--bogus" "--seed -1" "-j"; do
    # shellcheck disable=SC2086
    "$bin" run $args "$tmp/one.yaml" -o "$tmp/none" -q 2>/dev/null; st=$?
    [ $st -eq 2 ] || fail "run $args exited $st, want 2"
done
"$bin" run -o "$tmp/none" 2>/dev/null; [ $? -eq 2 ] || fail "run without files should exit 2"
[ ! -e "$tmp/none" ] || fail "bad usage wrote $tmp/none"
echo ok
