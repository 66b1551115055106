#!/usr/bin/env bash
# regionsim compare: the README walk-through's scenario with and without
# automatic approval (the variant built with --set, run into another -o):
# paired differences (same seed and replications) recomputed here from
# runs.csv, the warm-standby RTO difference's interval below zero, the
# strategies the change does not touch exactly unchanged; an unpaired
# (Welch) comparison recomputed the same way; and mismatched or missing
# results refused with exit 2 and nothing written.
set -u
bin=$1 src=$2
. "$src/tests/cli/lib/run_common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shop=$src/scenarios/three-region-shop.yaml
# The walk-through's scenario and its 12 replications, at a quarter of its
# rate (50/s: four times cheaper, which matters under ASan) and on shorter
# days (the outage is at 06:00 and the slowest recovery, backup & restore's,
# takes under 2h, so 9h censors no incident). The per-replication RTO
# reductions are skewed (the approval time is lognormal, and some days
# scale-up, not approval, bounds the RTO): 5 replications leave an interval
# that includes zero, 12 do not (-655 s, -1059 to -250 here; -811 s, -1169
# to -452 at the full rate, the README's figures).
run() { "$bin" run "$shop" -q --format none --set horizon=9h --set workload.rate=50/s "$@" \
    2>"$tmp/err" || fail "run $*: $(cat "$tmp/err")"; }
run -o "$tmp/base"
run -o "$tmp/auto" --set strategies.warm_standby.automatic=true
run -o "$tmp/seed8" --seed 8 -n 4 --set strategies.warm_standby.automatic=true

cd "$tmp"
"$bin" compare base/three-region-shop auto/three-region-shop -o auto-vs-base >out.md 2>err
st=$?
[ $st -eq 0 ] || fail "compare exited $st: $(cat err)"
[ -s auto-vs-base.md ] && [ -s auto-vs-base.csv ] || fail "no auto-vs-base.{md,csv}"
check_csv auto-vs-base.csv
grep -q '^\*\*Paired\*\* differences B - A' auto-vs-base.md || fail "does not say paired"
grep -q 'strategies.warm_standby.automatic`: false -> true' auto-vs-base.md \
    || fail "does not list the parameter that differs: $(cat auto-vs-base.md)"
diff -q <(sed '$d' out.md | sed '$d') auto-vs-base.md >/dev/null \
    || fail "printed Markdown differs from the file"

# The paired t interval recomputed from runs.csv: d_i = b_i - a_i per
# replication, mean +- t(0.975, n-1) sd / sqrt(n).
cat >check.py <<'PY'
import csv, math, sys

def betacf(a, b, x):
    # Lentz's continued fraction for the incomplete beta (Numerical Recipes 6.4)
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > 1e-300 else 1e-300)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            d = 1 / (d if abs(d) > 1e-300 else 1e-300)
            c = 1 + aa / c
            c = c if abs(c) > 1e-300 else 1e-300
            h *= d * c
    return h

def t_cdf(t, df):
    x = df / (df + t * t)
    lb = math.lgamma(df / 2 + 0.5) - math.lgamma(df / 2) - math.lgamma(0.5)
    ib = math.exp(lb + (df / 2) * math.log(x) + 0.5 * math.log(1 - x)) * betacf(df / 2, 0.5, x) / (df / 2)
    return 1 - ib / 2 if t > 0 else ib / 2

def t_q975(df):
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if t_cdf(mid, df) < 0.975 else (lo, mid)
    return (lo + hi) / 2

def runs(path, col):
    out = {}
    for r in csv.DictReader(open(path)):
        if r[col] != "":
            out.setdefault(r["strategy"], {})[int(r["replication"])] = float(r[col])
    return out

mode, a_dir, b_dir, table = sys.argv[1:5]
rows = {(r["strategy"], r["metric"]): r for r in csv.DictReader(open(table))}
bad = 0
for (strategy, metric), col in [(("warm_standby", "rto"), "rto_s"),
                                (("pilot_light", "rto"), "rto_s"),
                                (("backup_restore", "rpo"), "rpo_s"),
                                (("warm_standby", "cost_month"), "cost_month_usd")]:
    r = rows[(strategy, metric)]
    a, b = runs(a_dir + "/runs.csv", col)[strategy], runs(b_dir + "/runs.csv", col)[strategy]
    if mode == "paired":
        d = [b[i] - a[i] for i in sorted(a) if i in b]
        n = len(d)
        m = sum(d) / n
        sd = math.sqrt(sum((x - m) ** 2 for x in d) / (n - 1))
        half = t_q975(n - 1) * sd / math.sqrt(n)
    else:
        va, vb = list(a.values()), list(b.values())
        na, nb = len(va), len(vb)
        ma, mb = sum(va) / na, sum(vb) / nb
        sa = sum((x - ma) ** 2 for x in va) / (na - 1) / na
        sb = sum((x - mb) ** 2 for x in vb) / (nb - 1) / nb
        m, n = mb - ma, na + nb
        df = (sa + sb) ** 2 / (sa * sa / (na - 1) + sb * sb / (nb - 1))
        half = t_q975(df) * math.sqrt(sa + sb)
    got = [float(r[k]) for k in ("mean_diff", "ci95_low", "ci95_high")]
    want = [m, m - half, m + half]
    # printed with 10 significant digits: agree to 1e-8 relative
    if r["method"] != mode or int(r["n_diff"]) != n or any(
            abs(g - w) > 1e-8 * max(1.0, abs(w)) for g, w in zip(got, want)):
        print(f"{strategy} {metric}: got {r['method']} n={r['n_diff']} {got}, want {mode} n={n} {want}")
        bad += 1
    else:
        print(f"{strategy} {metric}: {mode} {m:.4g} ({m - half:.4g} to {m + half:.4g}), n={n}")
sys.exit(bad)
PY
python3 check.py paired base/three-region-shop auto/three-region-shop auto-vs-base.csv \
    || fail "paired differences do not match runs.csv"
# Automatic approval removes the decide step: warm standby's RTO falls, and
# its interval lies below zero; pilot light's runbook did not change, so on
# the same days its RTO is exactly the same.
python3 - <<'PY' || fail "walk-through expectations"
import csv
rows = {(r["strategy"], r["metric"]): r for r in csv.DictReader(open("auto-vs-base.csv"))}
ws = rows[("warm_standby", "rto")]
assert float(ws["ci95_high"]) < 0, ws
pl = rows[("pilot_light", "rto")]
assert float(pl["mean_diff"]) == 0 and float(pl["ci95_low"]) == 0 and float(pl["ci95_high"]) == 0, pl
PY

# Another seed: nothing is shared, so the interval is Welch's.
"$bin" compare -q base/three-region-shop seed8/three-region-shop -o welch >quiet.txt 2>err \
    || fail "unpaired compare: $(cat err)"
[ ! -s quiet.txt ] || fail "-q printed: $(cat quiet.txt)"
grep -q '^\*\*Unpaired\*\* differences B - A (Welch)' welch.md || fail "does not say unpaired"
python3 check.py welch base/three-region-shop seed8/three-region-shop welch.csv \
    || fail "Welch differences do not match runs.csv"

# Refusals: exit 2, a message naming the problem, nothing written.
refuse() {
    local what=$1 pattern=$2; shift 2
    rm -f refused.md refused.csv
    "$bin" compare "$@" -o refused >/dev/null 2>err; st=$?
    [ $st -eq 2 ] || fail "$what: exited $st, want 2"
    grep -q -- "$pattern" err || fail "$what: message: $(cat err)"
    [ ! -e refused.md ] && [ ! -e refused.csv ] || fail "$what: wrote files"
}
small_scenario small.yaml small 1h
"$bin" run small.yaml -o other -q --format none -n 2 2>err || fail "small run: $(cat err)"
refuse "different scenarios" "holds scenario 'three-region-shop', other/small scenario 'small'" \
    base/three-region-shop other/small
refuse "the output root, not a scenario" "base/summary.csv: cannot read the summary" \
    base auto/three-region-shop
refuse "a missing directory" "nowhere/summary.csv: cannot read" \
    base/three-region-shop nowhere
cp -r auto/three-region-shop cut && rm cut/runs.csv
refuse "no runs.csv" "cut/runs.csv: cannot read the per-replication values" \
    base/three-region-shop cut
cp -r auto/three-region-shop broken && sed -i '3s/,[^,]*$/,x/' broken/summary.csv
refuse "a broken summary.csv" "broken/summary.csv:3: expected 12 fields" \
    base/three-region-shop broken
refuse "one directory" "compare needs two result directories" base/three-region-shop
refuse "an unknown option" "unknown option '--frobnicate'" --frobnicate a b
"$bin" compare --help | grep -q '^usage: regionsim compare' || fail "--help"
echo ok
