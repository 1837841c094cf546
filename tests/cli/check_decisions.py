#!/usr/bin/python3
"""`retention compare` and `retention revenue` (issue 14, "In the command").

compare: tiny two-group logs whose pooled retention, Wilson intervals and
two-proportion z tests are worked out by hand below and computed here with
math/statistics (not read back from the program); the log-rank statistic of
a three-group log against a Python implementation of the formula and, when
Rscript is installed, against R's survival::survdiff on the same lifetimes;
--lift's sample size and detectable difference against the power equation
of R's power.prop.test solved here. revenue: a subscription log with each
movement once (new, expansion, contraction, churned, reactivation), its
months, NRR, GRR, quick ratio, ARPA and cohort table worked by hand.
The report's sections (--group-column, --subscriptions): the groups'
legend, the log-rank sentence against the Python log-rank, NRR/GRR of the
last full month by hand, and no page at all on bad groups or subscriptions.
Bad input: exit statuses and messages.
usage: check_decisions.py PATH/TO/retention"""
import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from statistics import NormalDist

TOOL = os.path.abspath(sys.argv[1])
REL = 1e-9


def run(*args, stdin):
    p = subprocess.run([TOOL, *args, "-"], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def rows_of(out):
    return list(csv.DictReader(io.StringIO(out)))


def close(got, want, rel=REL, what=""):
    assert math.isclose(float(got), want, rel_tol=rel, abs_tol=1e-12), (what, got, want)


def day(n):
    return date.fromordinal(date(2024, 1, 1).toordinal() + n).isoformat()


def log_of(customers, column="arm"):
    """customers: (id, group or "", active day numbers); the group on every row."""
    lines = [f"customer_id,timestamp,{column}"]
    for cid, group, days in customers:
        lines += [f"{cid},{day(d)},{group}" for d in days]
    return "\n".join(lines) + "\n"


# --- compare: pooled retention, Wilson, two-proportion test by hand -------

# Two cohorts (days 0 and 1) per group; the log ends on day 2, so offset 1
# is observed in both cohorts and offset 2 in the day-0 cohort only.
# Offset 1 (exact): A day 0 {a1, a3} of 4, day 1 {a5} of 2: 3 of 6;
#                   B day 0 {b1, b2, b3} of 4, day 1 {b5, b6} of 3: 5 of 7.
# Offset 2: A {a4} of 4, B none of 4 (day-1 cohorts censored, left out).
TWO_GROUPS = [
    ("a1", "A", [0, 1]), ("a2", "A", [0]), ("a3", "A", [0, 1]), ("a4", "A", [0, 2]),
    ("a5", "A", [1, 2]), ("a6", "A", [1]),
    ("b1", "B", [0, 1]), ("b2", "B", [0, 1]), ("b3", "B", [0, 1]), ("b4", "B", [0]),
    ("b5", "B", [1, 2]), ("b6", "B", [1, 2]), ("b7", "B", [1]),
]
POOLED = {1: {"A": (3, 6), "B": (5, 7)}, 2: {"A": (1, 4), "B": (0, 4)}}


def wilson(x, n, confidence=0.95):
    """Wilson 1927, written out: centre +- half-width over 1 + z^2/n."""
    z = NormalDist().inv_cdf((1 + confidence) / 2)
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lower = 0.0 if x == 0 else (centre - half) / (1 + z * z / n)
    upper = 1.0 if x == n else (centre + half) / (1 + z * z / n)
    return lower, upper


def two_proportion_p(xa, na, xb, nb):
    """Pooled z test, two-sided: prop.test(correct = FALSE)'s p-value."""
    p = (xa + xb) / (na + nb)
    z = (xb / nb - xa / na) / math.sqrt(p * (1 - p) * (1 / na + 1 / nb))
    return math.erfc(abs(z) / math.sqrt(2))


def check_compare_by_hand():
    code, out, err = run("compare", "--group-column", "arm", stdin=log_of(TWO_GROUPS))
    assert code == 0, err
    rows = {(int(r["offset"]), r["group"]): r for r in rows_of(out)}
    for offset, groups in POOLED.items():
        for group, (x, n) in groups.items():
            r = rows[(offset, group)]
            assert (int(r["retained"]), int(r["customers"])) == (x, n), (offset, r)
            close(r["rate"], x / n, what=(offset, group))
            lower, upper = wilson(x, n)
            close(r["lower"], lower, what=("lower", offset, group))
            close(r["upper"], upper, what=("upper", offset, group))
        a, b = rows[(offset, "A")], rows[(offset, "B")]
        assert a["difference"] == "" and a["p_value"] == "", a  # the control's row
        (xa, na), (xb, nb) = groups["A"], groups["B"]
        close(b["difference"], xb / nb - xa / na, what=("difference", offset))
        close(b["p_value"], two_proportion_p(xa, na, xb, nb), what=("p", offset))
    # Offset 1 worked by hand: p = 8/13, z = (5/7 - 1/2) / sqrt(8/13 * 5/13
    # * (1/6 + 1/7)) = 0.7917, p-value 0.4285; R: prop.test(c(5, 3), c(7, 6),
    # correct = FALSE)$p.value = 0.4285367921 (R 4.2).
    close(rows[(1, "B")]["p_value"], 0.4285367921, rel=1e-9)
    # Offset 0: everyone retained: no variation, no test; difference 0.
    assert rows[(0, "B")]["p_value"] == "" and float(rows[(0, "B")]["difference"]) == 0
    # --kind on-or-after, offset 1: A day 0 {a1, a3, a4} of 4, day 1 {a5} of
    # 2: 4 of 6; B as exact, 5 of 7.
    code, out, err = run("compare", "--group-column", "arm", "--kind", "on-or-after",
                         stdin=log_of(TWO_GROUPS))
    rows = {r["group"]: r for r in rows_of(out) if r["offset"] == "1"}
    assert (rows["A"]["retained"], rows["A"]["customers"]) == ("4", "6"), rows
    close(rows["B"]["p_value"], two_proportion_p(4, 6, 5, 7))
    # --alpha 0.1: the intervals are at 90 %.
    code, out, err = run("compare", "--group-column", "arm", "--alpha", "0.1",
                         stdin=log_of(TWO_GROUPS))
    r = [r for r in rows_of(out) if r["offset"] == "1" and r["group"] == "B"][0]
    close(r["lower"], wilson(5, 7, 0.9)[0])
    close(r["upper"], wilson(5, 7, 0.9)[1])


def check_control_and_groups():
    # --control B: B's rows first, A's difference against B.
    code, out, err = run("compare", "--group-column", "arm", "--control", "B",
                         stdin=log_of(TWO_GROUPS))
    assert code == 0, err
    rows = [r for r in rows_of(out) if r["offset"] == "1"]
    assert [r["group"] for r in rows] == ["B", "A"], rows
    close(rows[1]["difference"], 3 / 6 - 5 / 7)
    # A customer whose later rows leave the group empty keeps it; one with
    # no group at all is left out and said so.
    extra = [("a1", "", [2]), ("nobody", "", [0, 1])]
    code, out, err = run("compare", "--group-column", "arm", stdin=log_of(TWO_GROUPS + extra))
    assert code == 0, err
    assert "1 customer with no value in 'arm' left out" in err, err
    r = [r for r in rows_of(out) if r["offset"] == "2" and r["group"] == "A"][0]
    assert (r["retained"], r["customers"]) == ("2", "4"), r  # a1 now active on day 2
    # A customer in two groups is an error, naming them.
    code, out, err = run("compare", "--group-column", "arm",
                         stdin=log_of(TWO_GROUPS + [("a2", "B", [2])]))
    assert code == 1 and out == "", (code, out)
    assert "customer a2 is in two groups of 'arm': 'A' and 'B'" in err, err


def check_bad_compare_input():
    log = log_of(TWO_GROUPS)
    cases = [
        ((), 2, "compare needs --group-column NAME"),
        (("--group-column", "variant"), 2, "no column named 'variant'"),
        (("--group-column", "arm", "--control", "C"), 2,
         "--control C: no customer has that value in 'arm'"),
        (("--group-column", "arm", "--lift", "1.5"), 2, "--lift 1.5: out of range (0 < L < 1)"),
        (("--group-column", "arm", "--alpha", "0"), 2, "--alpha 0: out of range"),
        (("--group-column", "arm", "--power", "x"), 2, "--power x: not a number"),
    ]
    for args, status, message in cases:
        code, out, err = run("compare", *args, stdin=log)
        assert code == status and message in err and out == "", (args, code, err)
    one_group = log_of([(c, "A", d) for c, _, d in TWO_GROUPS])
    code, out, err = run("compare", "--group-column", "arm", stdin=one_group)
    assert code == 1 and "compare needs two groups or more; 'arm' has 1" in err, err


# --- compare: --lift, against power.prop.test's equation -------------------

def power_equation(pa, pb, n, alpha, power):
    """power.prop.test (two-sided, strict = FALSE): power - achieved."""
    za = NormalDist().inv_cdf(1 - alpha / 2)
    num = math.sqrt(n) * abs(pb - pa) - za * math.sqrt((pa + pb) * (2 - pa - pb) / 2)
    return NormalDist().cdf(num / math.sqrt(pa * (1 - pa) + pb * (1 - pb))) - power


def needed(pa, pb, alpha, power):
    za, zb = NormalDist().inv_cdf(1 - alpha / 2), NormalDist().inv_cdf(power)
    root = (za * math.sqrt((pa + pb) * (2 - pa - pb) / 2)
            + zb * math.sqrt(pa * (1 - pa) + pb * (1 - pb))) / abs(pb - pa)
    return root * root


def detectable(pa, n, alpha, power):
    lo, hi = pa, 1.0  # bisection on [pa, 1], as uniroot does
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if power_equation(pa, mid, n, alpha, power) < 0 else (lo, mid)
    return (lo + hi) / 2


def check_lift():
    # One cohort each, retention at offset 1: A 80 of 200, B 75 of 150.
    customers = [(f"a{i}", "A", [0, 1] if i < 80 else [0]) for i in range(200)]
    customers += [(f"b{i}", "B", [0, 1] if i < 75 else [0]) for i in range(150)]
    code, out, err = run("compare", "--group-column", "arm", "--lift", "0.05",
                         "--alpha", "0.05", "--power", "0.9", stdin=log_of(customers))
    assert code == 0, err
    rows = {r["group"]: r for r in rows_of(out) if r["offset"] == "1"}
    n = needed(0.4, 0.45, 0.05, 0.9)
    # R: power.prop.test(p1 = 0.4, p2 = 0.45, power = 0.9)$n = 2052.123
    assert math.isclose(n, 2052.123, rel_tol=1e-6), n
    for r in rows.values():
        assert int(r["needed_per_arm"]) == math.ceil(n), r
    harmonic = 2 * 200 * 150 / 350
    close(rows["B"]["detectable_difference"], detectable(0.4, harmonic, 0.05, 0.9) - 0.4,
          rel=1e-6)
    assert rows["A"]["detectable_difference"] == ""
    close(rows["B"]["p_value"], two_proportion_p(80, 200, 75, 150))


# --- compare: the log-rank test --------------------------------------------

# Three groups over 60 days; with --inactivity-days 7 a customer's lifetime
# has ended at their last active day when they were silent more than 7 days
# at the log's last day, else it is censored there (retention/metrics.h).
LIFETIMES_LOG = [
    ("x1", "X", [0, 5]), ("x2", "X", [0, 12]), ("x3", "X", [2, 9, 20]), ("x4", "X", [3, 55]),
    ("x5", "X", [4, 30]), ("x6", "X", [10, 58]), ("x7", "X", [1, 5]),
    ("y1", "Y", [0, 30, 40]), ("y2", "Y", [1, 60]), ("y3", "Y", [2, 45]), ("y4", "Y", [5, 57]),
    ("y5", "Y", [6, 20]), ("y6", "Y", [8, 59]), ("y7", "Y", [0, 12]),
    ("z1", "Z", [0, 3]), ("z2", "Z", [1, 4]), ("z3", "Z", [2, 26]), ("z4", "Z", [3, 50]),
    ("z5", "Z", [0, 8]), ("z6", "Z", [9, 21]),
]
INACTIVITY = 7


def lifetimes(customers):
    last_day = max(max(d) for _, _, d in customers)
    out = []
    for _, group, days in customers:
        first, last = min(days), max(days)
        ended = last_day - last > INACTIVITY
        out.append((last - first if ended else last_day - first, int(ended), group))
    return out


def logrank_python(data, groups):
    """O - E and V summed over the event times, chi-square on all groups but the first."""
    k = len(groups)
    o_e = [0.0] * k
    v = [[0.0] * k for _ in range(k)]
    for t in sorted({t for t, e, _ in data if e}):
        at_risk = [sum(1 for s, _, g in data if s >= t and g == gr) for gr in groups]
        deaths = [sum(1 for s, e, g in data if s == t and e and g == gr) for gr in groups]
        n, d = sum(at_risk), sum(deaths)
        for j in range(k):
            o_e[j] += deaths[j] - d * at_risk[j] / n
            for m in range(k):
                if n > 1:
                    v[j][m] += (d * (n - d) / (n - 1) * (at_risk[j] / n)
                                * ((j == m) - at_risk[m] / n))
    # solve V' x = (O - E)' on the groups but the first (Gaussian elimination)
    a = [row[1:] + [o_e[j]] for j, row in enumerate(v)][1:]
    size = k - 1
    for col in range(size):
        pivot = a[col][col]
        for r in range(col + 1, size):
            f = a[r][col] / pivot
            a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    x = [0.0] * size
    for r in reversed(range(size)):
        x[r] = (a[r][size] - sum(a[r][c] * x[c] for c in range(r + 1, size))) / a[r][r]
    return sum(o_e[j + 1] * x[j] for j in range(size))


def logrank_r(data):
    """survival::survdiff on the same lifetimes, or None without Rscript."""
    if shutil.which("Rscript") is None:
        return None
    times = ",".join(str(t) for t, _, _ in data)
    events = ",".join(str(e) for _, e, _ in data)
    groups = ",".join(f'"{g}"' for _, _, g in data)
    script = (f"suppressPackageStartupMessages(library(survival)); "
              f"f <- survdiff(Surv(c({times}), c({events})) ~ factor(c({groups}))); "
              f"cat(sprintf('%.17g', f$chisq))")
    p = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True)
    if p.returncode != 0:
        print("check_decisions: Rscript failed, R check skipped:", p.stderr, file=sys.stderr)
        return None
    return float(p.stdout)


def check_logrank():
    code, out, err = run("compare", "--group-column", "arm", "--inactivity-days",
                         str(INACTIVITY), stdin=log_of(LIFETIMES_LOG))
    assert code == 0, err
    m = re.search(r"log-rank test of the lifetimes of 3 groups: chi-square (\S+), 2 degrees "
                  r"of freedom, p-value (\S+) \(ended/expected: X (\S+)/(\S+), Y (\S+)/", err)
    assert m, err
    chi = float(m.group(1))
    data = lifetimes(LIFETIMES_LOG)
    want = logrank_python(data, ["X", "Y", "Z"])
    close(chi, want, rel=1e-8, what="chi-square")
    # chi-square with 2 degrees of freedom: P(>= x) = exp(-x / 2)
    close(m.group(2), math.exp(-want / 2), rel=1e-8, what="p-value")
    assert float(m.group(3)) == sum(e for _, e, g in data if g == "X")
    from_r = logrank_r(data)
    if from_r is not None:
        close(chi, from_r, rel=1e-8, what="survdiff")
    else:
        print("check_decisions: no Rscript, survdiff check skipped", file=sys.stderr)


# --- revenue -----------------------------------------------------------------

# c1 starts 100 on Jan 10 and moves to 150 on Feb 15 (expansion +50);
# c2 starts 200 on Jan 5 and moves to 120 on Mar 10 (contraction 80);
# c3 pays 50 from Jan 20 to Feb 20 (churned 50), again 60 from Apr 5
# (reactivation); c4 is new on Mar 3 with 30. The as-of day is the last
# start, Apr 5.
SUBSCRIPTIONS = """customer_id,start,end,mrr
c1,2024-01-10,2024-02-15,100
c1,2024-02-15,,150
c2,2024-01-05,2024-03-10,200.00
c2,2024-03-10,,120
c3,2024-01-20,2024-02-20,50
c3,2024-04-05,,60
c4,2024-03-03,,30
"""
# month: opening, new, expansion, contraction, churned, reactivation,
# closing, paying customers at the close
MONTHS = {
    "2024-01": (0, 350, 0, 0, 0, 0, 350, 3),
    "2024-02": (350, 0, 50, 0, 50, 0, 350, 2),
    "2024-03": (350, 30, 0, 80, 0, 0, 300, 3),
    "2024-04": (300, 0, 0, 0, 0, 60, 360, 4),
}
# NRR / GRR: the customers paying at the previous close, then and now.
# Feb: {c1 100, c2 200, c3 50} -> {150, 200, 0}: NRR 350/350, GRR (100 + 200 + 0)/350.
# Mar: {c1 150, c2 200} -> {150, 120}: 270/350 both. Apr: {c1, c2, c4} 300 -> 300.
RATES = {"2024-02": (1.0, 300 / 350), "2024-03": (270 / 350, 270 / 350),
         "2024-04": (1.0, 1.0)}
QUICK = {"2024-02": 50 / 50, "2024-03": 30 / 80}  # Jan, Apr: nothing lost: unknown


def check_revenue_months(stdin, *args):
    code, out, err = run("revenue", *args, stdin=stdin)
    assert code == 0, err
    rows = rows_of(out)
    assert [r["month"] for r in rows] == list(MONTHS), rows
    names = ["opening", "new", "expansion", "contraction", "churned", "reactivation",
             "closing", "customers_closing"]
    previous_close = 0.0
    for r in rows:
        want = MONTHS[r["month"]]
        assert [float(r[n]) for n in names] == [float(w) for w in want], (r, want)
        # the movements reconcile, and each month opens where the last closed
        o, n, e, c, ch, re_, cl = (float(r[k]) for k in names[:7])
        assert o + n + e - c - ch + re_ == cl and o == previous_close, r
        previous_close = cl
        close(r["arpa"], want[6] / want[7])
        nrr, grr = RATES.get(r["month"], (None, None))
        assert (r["nrr"], r["grr"]) == ("", "") if nrr is None else True, r
        if nrr is not None:
            close(r["nrr"], nrr)
            close(r["grr"], grr)
        if r["month"] in QUICK:
            close(r["quick_ratio"], QUICK[r["month"]])
        else:
            assert r["quick_ratio"] == "", r
        assert r["nrr_12"] == "" and r["grr_12"] == "", r  # no month 12 months before


def unix_log():
    def seconds(text):
        return "" if text == "" else str(int(datetime.fromisoformat(text).replace(
            tzinfo=timezone.utc).timestamp()) + 3600)  # an hour into the day
    lines = SUBSCRIPTIONS.strip().split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        cid, start, end, mrr = line.split(",")
        out.append(",".join([cid, seconds(start), seconds(end), mrr]))
    return "\n".join(out) + "\n"


def check_revenue():
    check_revenue_months(SUBSCRIPTIONS)
    check_revenue_months(unix_log())  # Unix seconds read as auto chooses
    check_revenue_months(SUBSCRIPTIONS.replace(",", ";"))  # the delimiter found
    # The cohort table: Jan {c1, c2, c3} starts at 350: 350, 350, 270 at the
    # closes of Jan, Feb, Mar; Apr ends after the as-of day: censored. With
    # --as-of 2024-05-01 April is closed: 150 + 120 + 60 = 330.
    for args, jan in (((), [1.0, 1.0, 270 / 350, None]),
                      (("--as-of", "2024-05-01"), [1.0, 1.0, 270 / 350, 330 / 350, None])):
        code, out, err = run("revenue", "--cohorts", *args, stdin=SUBSCRIPTIONS)
        assert code == 0, err
        rows = [r for r in rows_of(out) if r["cohort"] == "2024-01"]
        assert [int(r["offset"]) for r in rows] == list(range(len(jan))), rows
        assert all(r["customers"] == "3" and float(r["start_mrr"]) == 350 for r in rows)
        for r, want in zip(rows, jan):
            assert r["mrr_share"] == "" if want is None else math.isclose(
                float(r["mrr_share"]), want, rel_tol=REL), (r, want)
        march = [r for r in rows_of(out) if r["cohort"] == "2024-03"]
        assert march[0]["customers"] == "1" and float(march[0]["mrr_share"]) == 1.0, march
    code, out, err = run("revenue", "--format", "json", stdin=SUBSCRIPTIONS)
    assert code == 0 and json.loads(out)[0]["nrr"] is None, out


def check_bad_revenue_input():
    header = "customer_id,start,end,mrr\n"
    cases = [
        (header + "x,2024-02-01,2024-01-01,5\n", "line 2: end before start"),
        (header + "x,2024-01-01,,1.234\n", "line 2: mrr is not an amount"),
        (header + "x,2024-01-01,,-5\n", "line 2: mrr is not an amount"),
        (header + "x,2024-01-01,,\n", "line 2: mrr is not an amount"),
        (header + "x,someday,,5\n", "line 2: not a time auto can read"),
        (header + "x,2024-01-01,,5\ny,1704067200,,5\n",
         "line 3: not a time of the form of the first start"),
        (header + ",2024-01-01,,5\n", "line 2: no customer id"),
        ("customer_id,start,end\nx,2024-01-01,,\n", "no column 'mrr' in the header"),
    ]
    for stdin, message in cases:
        code, out, err = run("revenue", stdin=stdin)
        assert code == 1 and message in err and out == "", (stdin, code, err)
    code, out, err = run("revenue", "--cohorts", "--as-of", "2024-13-01", stdin=SUBSCRIPTIONS)
    assert code == 2 and "--as-of 2024-13-01" in err, err


# --- the report's sections (issue 14, "In the report") ----------------------

def check_report_sections():
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        subs = os.path.join(folder, "subscriptions.csv")
        with open(subs, "w") as f:
            f.write(SUBSCRIPTIONS)
        log = log_of(LIFETIMES_LOG)
        code, page, err = run("report", "--html", "-", "--group-column", "arm",
                              "--inactivity-days", str(INACTIVITY), "--subscriptions", subs,
                              stdin=log)
        assert code == 0, err
        assert '<section id="groups">' in page and '<section id="revenue">' in page
        # one curve per group, in the order of first sight, the control first
        legend = re.search(r'id="group-curves".*?<ul class="legend">(.*?)</ul>', page, re.S)
        assert legend and re.findall(r'swatch line (c\d)"></span>(\w)', legend.group(1)) == [
            ("c0", "X"), ("c1", "Y"), ("c2", "Z")], legend
        # the log-rank sentence against the Python log-rank (see check_logrank)
        want = logrank_python(lifetimes(LIFETIMES_LOG), ["X", "Y", "Z"])
        p_value = math.exp(-want / 2)
        m = re.search(r"gives chi-square (\S+) with 2 degrees of freedom, <strong>p-value "
                      r"(\S+)</strong>: (.*?) at the 5 % level", page)
        assert m, page
        assert m.group(1) == "%.2f" % want and m.group(2) == "%.4f" % p_value, m.groups()
        assert m.group(3) == ("the groups' lifetimes differ" if p_value < 0.05 else
                              "no difference between the groups' lifetimes"), m.group(3)
        # the as-of day is Apr 5: March is the last full month, NRR = GRR =
        # 270/350 = 77.1 % (RATES)
        assert ("In 2024-03, the last full month, the customers paying at its start kept "
                "<strong>77.1 %</strong> of their MRR") in page, page
        assert "and <strong>77.1 %</strong> without any growth" in page
        # without the options, neither section
        code, page, err = run("report", "--html", "-", stdin=log)
        assert code == 0 and 'id="groups"' not in page and 'id="revenue"' not in page, err
        # a subscription log that does not open: a usage error, found before
        # the event log (which does not exist either) is read
        p = subprocess.run([TOOL, "report", "--subscriptions", os.path.join(folder, "none"),
                            os.path.join(folder, "no-log.csv")], capture_output=True, text=True)
        assert p.returncode == 2 and "--subscriptions" in p.stderr and not p.stdout, p
        # bad groups or a bad subscription row: no page at all on stdout
        bad_subs = os.path.join(folder, "bad.csv")
        with open(bad_subs, "w") as f:
            f.write("customer_id,start,end,mrr\nx,2024-01-01,,1.234\n")
        for args, stdin, message in [
                (["--group-column", "arm"], log_of(TWO_GROUPS + [("a1", "B", [2])]),
                 "customer a1 is in two groups"),
                (["--group-column", "arm"], log_of([("a", "A", [0, 1]), ("b", "A", [0])]),
                 "needs two groups or more"),
                (["--group-column", "arm", "--control", "C"], log_of(TWO_GROUPS),
                 "--control C"),
                (["--subscriptions", bad_subs], log, "mrr is not an amount")]:
            code, out, err = run("report", "--html", "-", *args, stdin=stdin)
            assert code in (1, 2) and out == "" and message in err, (args, code, err)


def main():
    check_compare_by_hand()
    check_control_and_groups()
    check_bad_compare_input()
    check_lift()
    check_logrank()
    check_revenue()
    check_bad_revenue_input()
    check_report_sections()
    print("check_decisions: ok")


main()
