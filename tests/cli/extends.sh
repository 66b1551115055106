#!/usr/bin/env bash
# Variants on the command line: a file that extends another validates and
# runs under the base's name; an error in the base is reported in the base
# (exit 2, nothing written); the provenance lists the base with its SHA-256
# and --resume reruns the variant when only its base changed.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/lib"
small_scenario "$tmp/lib/base.yaml" shop 30m
printf 'extends: lib/base.yaml\nworkload: { rate: 5/s }\n' >"$tmp/auto.yaml"

out=$("$bin" validate "$tmp/auto.yaml" 2>&1) || fail "validate: $out"
[ "$out" = "$tmp/auto.yaml: ok (shop)" ] || fail "validate said: $out"

run() { "$bin" run "$tmp/auto.yaml" -o "$tmp/out" -n 2 --format none "$@" 2>&1 >/dev/null; }
out=$(run) || fail "run: $out"
json=$tmp/out/shop/summary.json
for f in auto.yaml lib/base.yaml; do
    h=$(sha256sum "$tmp/$f" | cut -d' ' -f1)
    grep -qF "\"sha256\": \"$h\"" "$json" || fail "no sha256 of $f in the provenance"
done
out=$(run --resume) || fail "resume: $out"
grep -q 'up to date, skipped' <<<"$out" || fail "an unchanged variant was rerun: $out"
echo '# edited' >>"$tmp/lib/base.yaml"
out=$(run --resume) || fail "resume after editing the base: $out"
grep -q 'up to date, skipped' <<<"$out" && fail "a changed base was not rerun"

# An error in the base is the base's: file, line and column, exit 2.
sed -i 's/^horizon: 30m/horizon: 30/' "$tmp/lib/base.yaml"
"$bin" run "$tmp/auto.yaml" -o "$tmp/out2" -q 2>"$tmp/err"; st=$?
[ $st -eq 2 ] || fail "a bad base exited $st, want 2"
grep -q "^$tmp/lib/base.yaml:3:10: error: 'horizon'" "$tmp/err" || fail "not located: $(cat "$tmp/err")"
[ ! -e "$tmp/out2/shop" ] || fail "results written despite the error"
printf 'extends: nowhere.yaml\n' >"$tmp/lost.yaml"
"$bin" validate "$tmp/lost.yaml" 2>"$tmp/err"; st=$?
[ $st -eq 2 ] || fail "a missing base exited $st, want 2"
grep -q "^$tmp/lost.yaml:1:10: error: cannot read the base scenario '$tmp/nowhere.yaml'" "$tmp/err" \
    || fail "missing base: $(cat "$tmp/err")"
echo ok
