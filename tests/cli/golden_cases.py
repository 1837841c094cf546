"""The golden-file cases: which command runs on which log, and how the
independent model (retention_model.py) computes what it must print. Shared
by make_golden.py (writes tests/cli/golden/) and check_golden.py (runs the
command and compares)."""
import datetime
import os
from collections import namedtuple

import retention_model as model

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")

# name: the golden file is golden/<log>/<name>.<format>; status: the exit
# status expected, with nothing on stdout when it is not 0; tolerance: how
# far (relative) a real number of csv or json may be from the model's.
# Both sides compute the same formulas in doubles, but not always in the
# same order, so the last bits may differ: 1e-12 (1e-15 absolute near 0).
# The lifetime values come from models fitted by two different optimisers,
# which agree to 4e-7 (measured on CDNOW): 1e-6. Text and the report's
# tables, rounded for reading, must match exactly.
EXACT_ENOUGH, FITTED = 1e-12, 1e-6
Case = namedtuple("Case", "log name args format compute status tolerance",
                  defaults=(EXACT_ENOUGH,))

LOGS = {
    # Three customers over January 2024 (see check_cli.py), with segments.
    "tiny": (os.path.join(HERE, "tiny.csv"), []),
    # The CDNOW sample, dates as ISO (make_cdnow_log.py): purchases only.
    "cdnow": (os.path.join(HERE, "cdnow_iso.csv"),
              ["--id-column", "masterid", "--time-column", "date", "--amount-column", "sales"]),
    # CDNOW in two arms by the parity of masterid (make_cdnow_log.py).
    "cdnow-arms": (os.path.join(HERE, "cdnow_arms.csv"),
                   ["--id-column", "masterid", "--time-column", "date", "--amount-column",
                    "sales", "--group-column", "arm"]),
    # Two arms of eight customers (and one with no arm) over ten weeks of
    # 2024 (compare, and the report's "Which group retains better?").
    "groups": (os.path.join(HERE, "groups.csv"), ["--group-column", "arm"]),
    # Seven customers' subscriptions over 13 months: every movement, a
    # second subscription, cents, a trailing-twelve-month rate (revenue).
    "subscriptions": (os.path.join(HERE, "subscriptions.csv"), []),
}
SUBSCRIPTIONS = LOGS["subscriptions"][0]


def load(log):
    """What the model reads: a subscription log's rows, else an event log."""
    path, columns = LOGS[log]
    if log == "subscriptions":
        return model.subscriptions(path)
    names = dict(zip(columns[::2], columns[1::2]))
    return model.Log(path, names.get("--id-column", "customer_id"),
                     names.get("--time-column", "timestamp"),
                     names.get("--amount-column", "amount"),
                     names.get("--group-column", "segment"))


def day(text):
    return (datetime.date.fromisoformat(text) - model.EPOCH).days


def table(result):
    return result[0], result[1]


def tiny_cases():
    c = []
    for fmt in ("csv", "json", "text"):
        c.append(Case("tiny", "summary", ["summary"], fmt,
                      lambda l: model.summary(l, l.last_day), 0))
        c.append(Case("tiny", "cohorts-week", ["cohorts", "--period", "week"], fmt,
                      lambda l: model.cohorts(l, "week", "exact"), 0))
    c += [
        Case("tiny", "activity", ["activity"], "csv", model.activity, 0),
        Case("tiny", "cohorts-day", ["cohorts"], "csv",
             lambda l: model.cohorts(l, "day", "exact"), 0),
        Case("tiny", "cohorts-month-on-or-after",
             ["cohorts", "--period", "month", "--kind", "on-or-after"], "csv",
             lambda l: model.cohorts(l, "month", "on-or-after"), 0),
        Case("tiny", "survival", ["survival"], "csv", model.survival, 0),
        Case("tiny", "lifecycle-week", ["lifecycle", "--period", "week"], "csv",
             lambda l: model.lifecycle(l, "week"), 0),
        Case("tiny", "churn", ["churn"], "csv", model.churn, 0),
        Case("tiny", "churn", ["churn"], "json", model.churn, 0),
        Case("tiny", "frequency", ["frequency", "--as-of", "2024-02-15"], "csv",
             lambda l: model.frequency(l, day("2024-02-15")), 0),
        Case("tiny", "frequency", ["frequency", "--as-of", "2024-02-15"], "text",
             lambda l: model.frequency(l, day("2024-02-15")), 0),
        Case("tiny", "at-risk", ["at-risk", "--as-of", "2024-01-20"], "csv",
             lambda l: table(model.at_risk(l, day("2024-01-20"), 20)), 0),
        Case("tiny", "at-risk", ["at-risk", "--as-of", "2024-01-20"], "json",
             lambda l: table(model.at_risk(l, day("2024-01-20"), 20)), 0),
        # No purchases, so no model to fit: status 1, nothing on stdout.
        Case("tiny", "clv", ["clv"], "csv", None, 1),
        # The page's tables (no lifetime values: no purchases).
        Case("tiny", "report", ["report", "--html", "-"], "tables", model.report, 0),
    ]
    return c


def cdnow_cases():
    as_of = "1997-09-30"
    return [
        Case("cdnow", "summary", ["summary"], "csv", lambda l: model.summary(l, l.last_day), 0),
        Case("cdnow", "activity", ["activity"], "csv", model.activity, 0),
        Case("cdnow", "cohorts-month", ["cohorts", "--period", "month"], "csv",
             lambda l: model.cohorts(l, "month", "exact"), 0),
        Case("cdnow", "survival", ["survival"], "csv", model.survival, 0),
        Case("cdnow", "lifecycle-month", ["lifecycle", "--period", "month"], "csv",
             lambda l: model.lifecycle(l, "month"), 0),
        Case("cdnow", "churn", ["churn"], "csv", model.churn, 0),
        Case("cdnow", "churn", ["churn"], "text", model.churn, 0),
        Case("cdnow", "lifecycle-month", ["lifecycle", "--period", "month"], "json",
             lambda l: model.lifecycle(l, "month"), 0),
        Case("cdnow", "frequency", ["frequency"], "csv",
             lambda l: model.frequency(l, l.last_day), 0),
        # P(alive) from the fitted BG/NBD: FITTED.
        Case("cdnow", "at-risk", ["at-risk", "--top", "50"], "csv",
             lambda l: table(model.at_risk(l, l.last_day, 50)), 0, FITTED),
        # Ranked by active days, as before the log's amounts were used.
        Case("cdnow", "at-risk-days", ["at-risk", "--top", "50", "--value", "days"], "csv",
             lambda l: table(model.at_risk(l, l.last_day, 50, "days")), 0, FITTED),
        # A campaign: a third of those offered 5 stay; ranked by expected profit.
        Case("cdnow", "at-risk-campaign",
             ["at-risk", "--top", "50", "--save-rate", "0.3", "--incentive", "5"], "csv",
             lambda l: table(model.at_risk(l, l.last_day, 50, save_rate=0.3, incentive=5.0)),
             0, FITTED),
        Case("cdnow", "at-risk-campaign",
             ["at-risk", "--top", "50", "--save-rate", "0.3", "--incentive", "5"], "text",
             lambda l: table(model.at_risk(l, l.last_day, 50, save_rate=0.3, incentive=5.0)),
             0),
        Case("cdnow", "clv", ["clv", "--as-of", as_of], "csv",
             lambda l: table(model.clv(l, day(as_of))), 0, FITTED),
        # Over 39 weeks (to the end of the log), discounted 0.2 % a week.
        Case("cdnow", "clv-39-weeks-discounted",
             ["clv", "--as-of", as_of, "--horizon", "39", "--discount", "0.002"], "csv",
             lambda l: table(model.clv(l, day(as_of), horizon=39.0, discount=0.002)), 0, FITTED),
        # A horizon that is not a whole number of weeks: the last period is
        # the half week ending at 4.5 (retention(1): "end of each week").
        Case("cdnow", "clv-4.5-weeks-discounted",
             ["clv", "--as-of", as_of, "--horizon", "4.5", "--discount", "0.1"], "csv",
             lambda l: table(model.clv(l, day(as_of), horizon=4.5, discount=0.1)), 0, FITTED),
        Case("cdnow", "report", ["report", "--html", "-"], "tables", model.report, 0),
        # The 25 most valuable, most valuable first.
        Case("cdnow", "clv-top-25", ["clv", "--as-of", as_of, "--top", "25"], "text",
             lambda l: table(model.clv(l, day(as_of), top=25)), 0),
    ]


def decision_cases():
    c = []
    for fmt in ("csv", "text"):
        c.append(Case("groups", "compare", ["compare"], fmt, model.compare, 0))
        c.append(Case("subscriptions", "revenue", ["revenue"], fmt, model.revenue, 0))
    c += [
        Case("groups", "compare-week-on-or-after",
             ["compare", "--period", "week", "--kind", "on-or-after"], "csv",
             lambda l: model.compare(l, "week", "on-or-after"), 0),
        Case("groups", "compare-alpha-0.1", ["compare", "--alpha", "0.1"], "json",
             lambda l: model.compare(l, alpha=0.1), 0),
        Case("subscriptions", "revenue", ["revenue"], "json", model.revenue, 0),
        # Real data: 18 months, cohorts censored at the end, both kinds.
        Case("cdnow-arms", "compare-month", ["compare", "--period", "month"], "csv",
             lambda l: model.compare(l, "month", "exact"), 0),
        Case("cdnow-arms", "compare-month-on-or-after",
             ["compare", "--period", "month", "--kind", "on-or-after"], "csv",
             lambda l: model.compare(l, "month", "on-or-after"), 0),
        # The page with both sections: the comparison (weeks, on-or-after)
        # after the key figures, the revenue months last.
        Case("groups", "report-groups-subscriptions",
             ["report", "--html", "-", "--subscriptions", SUBSCRIPTIONS], "tables",
             lambda l: model.report_with_extras(l, model.subscriptions(SUBSCRIPTIONS)), 0),
    ]
    return c


CASES = tiny_cases() + cdnow_cases() + decision_cases()


def golden_path(case, root=GOLDEN):
    suffix = case.format if case.status == 0 else "status"
    return os.path.join(root, case.log, "%s.%s" % (case.name, suffix))


def command(case):
    """The arguments after the program name (the report is HTML)."""
    path, columns = LOGS[case.log]
    format_option = [] if case.format == "tables" else ["--format", case.format]
    return case.args + columns + format_option + [path]
