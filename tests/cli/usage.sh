#!/usr/bin/env bash
# The command-line skeleton: --help (of regionsim and of every command) and
# --version succeed on stdout; an unknown command or option, or a missing
# value, prints one error line and a one-line hint to stderr and exits 2.
set -u
bin=$1
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$bin" --help) || fail "--help exited $?"
grep -q "^usage: regionsim run" <<<"$out" || fail "--help does not show the usage"
grep -q "Exit status" <<<"$out" || fail "--help does not explain exit status"
"$bin" --version | grep -Eq '^regionsim [0-9]+\.[0-9]+\.[0-9]+' || fail "--version"
"$bin" -V | grep -Eq '^regionsim [0-9]+\.[0-9]+\.[0-9]+' || fail "-V"

for cmd in run validate regions; do
    for h in --help -h; do
        out=$("$bin" $cmd $h 2>"$tmp/err") || fail "$cmd $h exited $?"
        [ -s "$tmp/err" ] && fail "$cmd $h wrote to stderr"
        grep -q "^usage: regionsim $cmd" <<<"$out" || fail "$cmd $h: no usage line"
        for part in "Options:" "Examples:" "Exit status"; do
            grep -q "$part" <<<"$out" || fail "$cmd $h does not teach '$part'"
        done
    done
done
"$bin" run --help | grep -q -- '--fail-on-unmet' || fail "run --help lacks --fail-on-unmet"
"$bin" run --help | grep -q '130' || fail "run --help lacks the interrupt exit status"

for args in "frobnicate" "--frobnicate" "" "regions --bogus" "run --bogus x.yaml" \
    "run -o" "run" "validate" "validate --bogus x.yaml" "run --fail-on-unmet=nope x.yaml" \
    "regions --rtt us-east-1"; do
    # shellcheck disable=SC2086
    err=$("$bin" $args 2>&1 >/dev/null); st=$?
    [ "$st" -eq 2 ] || fail "'$args' exited $st, want 2"
    head -1 <<<"$err" | grep -q "^regionsim: " || fail "'$args': first line is not an error: $err"
    grep -q "^usage: .*try 'regionsim.*--help'" <<<"$err" || fail "'$args': no hint: $err"
    [ "$(grep -c '' <<<"$err")" -eq 2 ] || fail "'$args': want an error and a hint: $err"
    [ -z "$("$bin" $args 2>/dev/null)" ] || fail "'$args' wrote to stdout"
done
echo "ok"
