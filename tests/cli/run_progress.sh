#!/usr/bin/env bash
# Progress on a terminal (a pty from script(1)): the bar redrawn with \r,
# and the line that ends the scenario, are never as wide as the terminal
# (60 columns here) and carry no escape
# sequence; with TERM=dumb the terminal gets one plain line per scenario.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
command -v script >/dev/null || { echo "skipped: no script(1)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small_scenario "$tmp/s.yaml" a-scenario-with-a-long-name-to-fill-the-line 1d
on_pty() { # on_pty TERM OUTFILE: the run's terminal output, 60 columns wide
    TERM=$1 script -qec "stty cols 60; '$bin' run '$tmp/s.yaml' -o '$tmp/out-$1' -n 6 -j 1" \
        "$tmp/$1.typescript" >/dev/null 2>&1 </dev/null
    tr -d '\n' <"$tmp/$1.typescript" >"$2"
}
on_pty xterm "$tmp/xterm.out" || fail "run on a pty failed"
grep -q 'done, 24/24 runs' "$tmp/xterm.out" || fail "no end line: $(cat -v "$tmp/xterm.out")"
grep -q $'\r\\[1/1\\] ' "$tmp/xterm.out" || fail "no bar drawn: $(cat -v "$tmp/xterm.out")"
grep -q $'\033' "$tmp/xterm.out" && fail "an escape sequence: $(cat -v "$tmp/xterm.out")"
python3 - "$tmp/xterm.out" <<'PY' || fail "a bar line is 60 columns or wider"
import sys
data = open(sys.argv[1], encoding="utf-8", errors="replace", newline="").read()
bars = [s.rstrip(" ") for s in data.split("\r") if s.startswith("[1/1] ") and " [" in s]
assert bars, data
assert max(len(b) for b in bars) <= 59, max(bars, key=len)
PY
# the line that ends the scenario fits too (it names a long path)
python3 - "$tmp/xterm.typescript" <<'PY' || fail "the end line is 60 columns or wider"
import sys
data = open(sys.argv[1], encoding="utf-8", errors="replace", newline="").read()
ends = [s.rstrip("\r").split("\r")[-1] for s in data.split("\n") if "done, 24/24 runs" in s]
assert ends, data
assert max(len(e) for e in ends) <= 59, max(ends, key=len)
PY
on_pty dumb "$tmp/dumb.out" || fail "TERM=dumb run failed"
[ "$(tr -cd '\r' <"$tmp/dumb.out" | wc -c)" -le 1 ] || fail "TERM=dumb got redraws: $(cat -v "$tmp/dumb.out")"
grep -q 'done, 24/24 runs' "$tmp/dumb.out" || fail "TERM=dumb: no line"
echo ok
