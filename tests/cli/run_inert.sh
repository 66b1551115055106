#!/usr/bin/env bash
# Text from a scenario file is data in every output: a description full of
# Markdown and HTML, a scenario named like a formula (-calc) and a file
# name with backquotes come out inert in report.md, report.html, summary.csv
# and runs.csv, while negative numbers stay numbers.
set -u
bin=$1
. "$2/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
f='x`y``z.yaml'
small_scenario "$tmp/$f" -calc 1h
desc='# Owned <script>alert(1)</script> [click](javascript:alert(1)) ![i](http://x/i.png) *b* _e_ `c` | &amp;'
python3 - "$tmp/$f" "$desc" <<'PY'
import sys
p, desc = sys.argv[1], sys.argv[2]
text = open(p).read().splitlines()
text = ["description: '%s'" % desc if l.startswith("description:") else l for l in text]
open(p, "w").write("\n".join(text) + "\n")
PY
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
(cd "$tmp" && "$bin" run "$f" -o out -n 2 -q --format svg) || fail "run exited $?"
d=$tmp/out/-calc
check_scenario_dir "$d"

# CSV: the name is a quoted text cell behind a ' (OWASP), numbers untouched
grep -q "^\"'-calc\",backup_restore,rto," "$d/summary.csv" || fail "summary.csv: $(sed -n 2p "$d/summary.csv")"
grep -q '^[-=]' "$d/summary.csv" "$d/runs.csv" "$d/timeline.csv" && fail "a cell starts with ="
python3 - "$d/runs.csv" <<'PY' || fail "runs.csv: a text cell would run as a formula"
import csv, sys
for row in list(csv.reader(open(sys.argv[1], newline="")))[1:]:
    assert row[0] == "'-calc", row[0]
    for cell in row[1:]:
        if cell and cell[0] in "=+-@":
            float(cell)  # only a number may start with - or +
PY

# Markdown: no heading, link, image, tag or emphasis from the description
python3 - "$d/report.md" <<'PY' || fail "report.md renders scenario text as Markdown"
import re, sys
md = open(sys.argv[1]).read()
para = [l for l in md.split("\n") if "Owned" in l][0]
assert para.startswith("\\# Owned \\<script\\>"), para
# every character that could open markup is escaped with a backslash
unescaped = re.findall(r"(?<!\\)[\[\]<>*_`|&#]", para)
assert not unescaped, (unescaped, para)
assert "<script>" not in md
# the file name with backquotes stays inside its code fence
fence = re.search(r"^(`{3,})sh\n(.*?)\n\1$", md, re.S | re.M)
assert fence and "x`y``z.yaml" in fence.group(2), md[-600:]
PY
grep -q '<script>' "$d/report.html" && fail "report.html: raw <script>"
grep -qF '&lt;script&gt;' "$d/report.html" || fail "report.html: description not escaped"
echo ok
