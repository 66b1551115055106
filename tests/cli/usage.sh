#!/usr/bin/env bash
# The command-line skeleton: --help and --version succeed; an unknown command
# or option prints one error line plus the usage to stderr and exits 2.
set -u
bin=$1
fail() { echo "FAIL: $*"; exit 1; }

out=$("$bin" --help) || fail "--help exited $?"
grep -q "^usage: regionsim run" <<<"$out" || fail "--help does not show the usage"
grep -q "Exit status" <<<"$out" || fail "--help does not explain exit status"
"$bin" --version | grep -Eq '^regionsim [0-9]+\.[0-9]+\.[0-9]+' || fail "--version"
"$bin" -V | grep -Eq '^regionsim [0-9]+\.[0-9]+\.[0-9]+' || fail "-V"

for args in "frobnicate" "--frobnicate" "" "regions --bogus"; do
    # shellcheck disable=SC2086
    err=$("$bin" $args 2>&1 >/dev/null); st=$?
    [ "$st" -eq 2 ] || fail "'$args' exited $st, want 2"
    head -1 <<<"$err" | grep -q "^regionsim: " || fail "'$args': first line is not an error: $err"
    grep -q "^usage: " <<<"$err" || fail "'$args': no usage on stderr"
    [ -z "$("$bin" $args 2>/dev/null)" ] || fail "'$args' wrote to stdout"
done
echo "ok"
