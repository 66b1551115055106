#!/usr/bin/env bash
# `regionsim validate` and `regionsim regions`: exit statuses, the error format
# (FILE:LINE:COL: error: MESSAGE, source line, caret), and RTT by name.
set -u
bin=$1
src=$2
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every example validates, exit 0, one "ok" line each.
out=$("$bin" validate "$src"/scenarios/*.yaml) || fail "examples do not validate: $out"
n=$(ls "$src"/scenarios/*.yaml | wc -l)
[ "$(grep -c ': ok (' <<<"$out")" -eq "$n" ] || fail "want $n ok lines: $out"

# A bad file: exit 2, errors on stderr only, with position, source and caret.
printf 'regions: [us-east-1, eu-west-1]\ndns: { ttl_violater: 0.03 }\n' >"$tmp/bad.yaml"
err=$("$bin" validate "$tmp/bad.yaml" 2>&1 >/dev/null); st=$?
[ "$st" -eq 2 ] || fail "bad file exited $st, want 2"
grep -qx "$tmp/bad.yaml:2:8: error: unknown key 'ttl_violater' in dns; did you mean 'ttl_violators'?" <<<"$err" \
    || fail "error line: $err"
grep -qF '     2 | dns: { ttl_violater: 0.03 }' <<<"$err" || fail "no source line: $err"
grep -qxF '       |        ^' <<<"$err" || fail "caret not under column 8: $err"

# Good and bad together: still 2, the good one still reported.
out=$("$bin" validate "$src/scenarios/two-region.yaml" "$tmp/bad.yaml" 2>/dev/null); st=$?
[ "$st" -eq 2 ] || fail "mixed exited $st"
grep -q "two-region.yaml: ok" <<<"$out" || fail "good file not reported: $out"

# Not scenario files at all.
for p in "$tmp" "$tmp/missing.yaml"; do
    err=$("$bin" validate "$p" 2>&1 >/dev/null); st=$?
    [ "$st" -eq 2 ] || fail "'$p' exited $st, want 2"
    grep -q "^$p: error: cannot read: " <<<"$err" || fail "'$p': $err"
done
: >"$tmp/empty.yaml"
err=$("$bin" validate "$tmp/empty.yaml" 2>&1 >/dev/null); st=$?
[ "$st" -eq 2 ] && grep -q "error: the file is empty" <<<"$err" || fail "empty: $st $err"
printf '\x7fELF\x02\x01\x01\x00\x00' >"$tmp/binary.yaml"
err=$("$bin" validate "$tmp/binary.yaml" 2>&1 >/dev/null); st=$?
[ "$st" -eq 2 ] && grep -q "binary file" <<<"$err" || fail "binary: $st $err"

# The catalog and RTTs.
out=$("$bin" regions) || fail "regions exited $?"
for r in us-east-1 westeurope europe-west1 north-america-east asia-southeast; do
    grep -q "^  $r " <<<"$out" || fail "catalog lacks $r"
done
out=$("$bin" regions --rtt us-east-1 eu-west-1) || fail "--rtt exited $?"
[ "$out" = "us-east-1 -> eu-west-1: 70.0 ms round trip (measured median)" ] || fail "--rtt: $out"
out=$("$bin" regions --rtt europe-west gcp:europe-west1) || fail "--rtt population exited $?"
grep -q "(estimated)" <<<"$out" || fail "population RTT not estimated: $out"
err=$("$bin" regions --rtt us-esat-1 eu-west-1 2>&1 >/dev/null); st=$?
[ "$st" -eq 2 ] && grep -q "did you mean 'us-east-1'" <<<"$err" || fail "bad --rtt: $st $err"
echo ok
