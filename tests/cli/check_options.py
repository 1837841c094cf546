#!/usr/bin/python3
"""The `retention` command's options: every bad value refused with exit
status 2 and a message naming the option and its valid range before the
log is read; every threshold changing the result as worked out by hand on
a log of a few customers; churn's partial last month; at-risk ranked by
--value spend|clv|days. Every expected table below is computed by hand in
the comment above it, from the definitions of include/retention/*.h.
usage: check_options.py PATH/TO/retention"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile

tool = os.path.abspath(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
man_page = os.path.join(here, "..", "..", "docs", "retention.1")
# A file that does not exist: reading it fails with status 1, so status 2
# and the option's message alone show that the option was checked first.
missing = os.path.join(tempfile.gettempdir(), "retention-no-such-log", "log.csv")
scratch = tempfile.mkdtemp(prefix="retention-options-")


def run(*args, stdin=None):
    p = subprocess.run([tool, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def log_file(name, text):
    path = os.path.join(scratch, name + ".csv")
    with open(path, "w") as f:
        f.write(text)
    return path


def table(out):
    return list(csv.reader(io.StringIO(out)))


# --- Bad values: exit 2 before the log is read --------------------------------

DAYS = "1 <= DAYS <= 73051"
# (arguments, the message after "retention: ")
BAD = [
    (["--margin", "30"], "--margin 30: out of range (0 < SHARE <= 1)"),
    (["--margin", "0"], "--margin 0: out of range (0 < SHARE <= 1)"),
    (["--margin", "-0.1"], "--margin -0.1: out of range (0 < SHARE <= 1)"),
    (["--margin", "0.3x"], "--margin 0.3x: not a number (0 < SHARE <= 1)"),
    (["--margin", "nan"], "--margin nan: not a number (0 < SHARE <= 1)"),
    (["--horizon", "0"], "--horizon 0: out of range (0 < WEEKS <= 4294967295)"),
    (["--horizon", "4294967296"], "--horizon 4294967296: out of range (0 < WEEKS <= 4294967295)"),
    (["--horizon", "inf"], "--horizon inf: not a number (0 < WEEKS <= 4294967295)"),
    (["--discount", "-0.01"], "--discount -0.01: out of range (a finite RATE >= 0)"),
    (["--discount", "1e999"], "--discount 1e999: not a number (a finite RATE >= 0)"),
    (["--top", "0"], "--top 0: out of range (1 <= N <= 1000000000)"),
    (["--top", "1000000001"], "--top 1000000001: out of range (1 <= N <= 1000000000)"),
    (["--top", "-1"], "--top -1: not a whole number (1 <= N <= 1000000000)"),
    (["--top", "ten"], "--top ten: not a whole number (1 <= N <= 1000000000)"),
    (["--top", " 5"], "--top  5: not a whole number (1 <= N <= 1000000000)"),
    (["--margin", " 0.5"], "--margin  0.5: not a number (0 < SHARE <= 1)"),
    (["--utc-offset", "64801"], "--utc-offset 64801: out of range (whole seconds, "
     "-64800 <= SECONDS <= 64800 (18 hours))"),
    (["--utc-offset", "-64801"], "--utc-offset -64801: out of range (whole seconds, "
     "-64800 <= SECONDS <= 64800 (18 hours))"),
    (["--utc-offset", "1.5"], "--utc-offset 1.5: not a whole number (whole seconds, "
     "-64800 <= SECONDS <= 64800 (18 hours))"),
    (["--as-of", "2024-02-30"], "--as-of 2024-02-30: no such date, or more than 100 years "
     "from 1970 (a date from 1869-12-31 to 2070-01-01)"),
    (["--as-of", "yesterday"], "--as-of yesterday: not a date (YYYY-MM-DD or YYYYMMDD) nor "
     "10, 13 or 16 digits of Unix time (a date from 1869-12-31 to 2070-01-01)"),
    (["--as-of", "45657"], "--as-of 45657: not a date (YYYY-MM-DD or YYYYMMDD) nor "
     "10, 13 or 16 digits of Unix time (a date from 1869-12-31 to 2070-01-01)"),
    (["--as-of", "2070-01-02"], "--as-of 2070-01-02: no such date, or more than 100 years "
     "from 1970 (a date from 1869-12-31 to 2070-01-01)"),
    # The first second of the range, 1869-12-31 00:00 UTC, is one hour west
    # still 1869-12-30: out of range, judged at the final --utc-offset.
    (["--as-of", "1869-12-31T00:00:00Z", "--utc-offset", "-3600"],
     "--as-of 1869-12-31T00:00:00Z: out of range (a date from 1869-12-31 to 2070-01-01)"),
    (["--period", "year"], "--period year: day, week or month"),
    (["--kind", "before"], "--kind before: exact or on-or-after"),
    (["--format", "xml"], "--format xml: csv, json or text"),
    (["--value", "money"], "--value money: spend, clv or days"),
    (["--inactivity-days", "0"], "--inactivity-days 0: out of range (1 <= DAYS <= 36525)"),
    (["--inactivity-days", "36526"],
     "--inactivity-days 36526: out of range (1 <= DAYS <= 36525)"),
    (["--inactivity-days", "7.5"],
     "--inactivity-days 7.5: not a whole number (1 <= DAYS <= 36525)"),
    (["--daily-interval", "0"], "--daily-interval 0: out of range (a finite DAYS > 0)"),
    (["--weekly-interval", "-8"], "--weekly-interval -8: out of range (a finite DAYS > 0)"),
    (["--monthly-interval", "inf"], "--monthly-interval inf: not a number (a finite DAYS > 0)"),
    # The intervals must increase (frequency.h): checked once all are read.
    (["--weekly-interval", "1.5"],
     "--weekly-interval 1.5: must be above --daily-interval (1.5)"),
    (["--daily-interval", "9"], "--weekly-interval 8: must be above --daily-interval (9)"),
    (["--monthly-interval", "8"],
     "--monthly-interval 8: must be above --weekly-interval (8)"),
    (["--forgettable-share", "1"], "--forgettable-share 1: out of range (0 <= SHARE < 1)"),
    (["--forgettable-share", "-0.5"],
     "--forgettable-share -0.5: out of range (0 <= SHARE < 1)"),
    (["--usage-drop", "0"], "--usage-drop 0: out of range (0 < SHARE <= 1)"),
    (["--usage-drop", "1.01"], "--usage-drop 1.01: out of range (0 < SHARE <= 1)"),
]
for name in ("--new-days", "--dormant-days", "--lookback-days", "--silent-days",
             "--lost-days", "--window-days"):
    BAD += [([name, "0"], "%s 0: out of range (%s)" % (name, DAYS)),
            ([name, "73052"], "%s 73052: out of range (%s)" % (name, DAYS)),
            ([name, "-3"], "%s -3: not a whole number (%s)" % (name, DAYS)),
            ([name, "2w"], "%s 2w: not a whole number (%s)" % (name, DAYS))]

# The ends of each range are valid: they get as far as reading the file.
GOOD = [["--margin", "1"], ["--margin", "1e-9"], ["--horizon", "4294967295"],
        ["--discount", "0"], ["--top", "1"], ["--top", "1000000000"],
        ["--utc-offset", "-64800"], ["--utc-offset", "+64800"], ["--as-of", "1869-12-31"],
        ["--as-of", "2070-01-01"], ["--value", "spend"], ["--value", "clv"],
        ["--value", "days"], ["--inactivity-days", "36525"], ["--inactivity-days", "1"],
        ["--forgettable-share", "0"], ["--usage-drop", "1"], ["--daily-interval", "7.9"],
        ["--monthly-interval", "8.5"], ["--new-days", "73051"], ["--lost-days", "1"]]


def check_bad_values():
    for command in ("summary", "churn", "at-risk", "frequency", "clv", "report"):
        for args, message in BAD:
            for form in (args, ["%s=%s" % (args[0], args[1])] + args[2:]):
                code, out, err = run(command, *form, missing)
                assert (code, out, err) == (2, "", "retention: %s\n" % message), \
                    (command, form, code, err)
    for name in ("--margin", "--silent-days", "--value", "--as-of"):
        code, out, err = run("at-risk", missing, name)
        assert (code, err) == (2, "retention: %s needs a value\n" % name), err


def check_good_values():
    for args in GOOD:
        code, out, err = run("at-risk", *args, missing)
        assert code == 1 and err.startswith(missing + ":"), (args, err)


# --- Each threshold, on logs worked out by hand ------------------------------

def check_inactivity_days():
    # Customer 1 on Jan 1 and 25, 2 on Jan 10, 3 on Feb 29 (the last day:
    # February is whole). A customer at day d: first active by d and active
    # in (d - N, d].
    # N = 30. Jan 1: {1}. Jan 31, (Jan 1, Jan 31]: 1 (Jan 25) and 2 (Jan 10):
    # 1 retained, 2 acquired. Feb 1, (Jan 2, Feb 1]: {1, 2}. Feb 29, (Jan 30,
    # Feb 29]: only 3: 1 and 2 lost, 3 acquired; churn 2/2.
    # N = 10. Jan 31, (Jan 21, Jan 31]: 1 only: 2 joined and left. Feb 1,
    # (Jan 22, Feb 1]: {1}. Feb 29: 3 only: 1 lost, 3 acquired.
    log = log_file("inactivity", "customer_id,timestamp\n1,2024-01-01\n1,2024-01-25\n"
                   "2,2024-01-10\n3,2024-02-29\n")
    head = ("month,at_start,at_end,retained,lost,acquired,joined_and_left,resurrected,"
            "churn_rate,retention_rate,repeat_rate,partial\n")
    code, out, err = run("churn", log)
    assert code == 0 and out == head + ("2024-01,1,2,1,0,1,0,0,0,1,,0\n"
                                        "2024-02,2,1,0,2,1,0,0,1,0,,0\n"), out
    code, out, err = run("churn", "--inactivity-days", "10", log)
    assert code == 0 and out == head + ("2024-01,1,1,1,0,0,1,0,0,1,,0\n"
                                        "2024-02,1,1,0,1,1,0,0,1,0,,0\n"), out
    # summary: the churn of the last full month before the last day
    # (January): 0 lost of 1 either way; its counts above.
    code, out, err = run("summary", "--inactivity-days", "10", log)
    assert code == 0 and "churn_month,2024-01\nchurn_rate,0\n" in out, out


# As of 2024-04-01 (day D): a first active D-7 (Mar 25); b only D-91
# (Jan 1); c on D-30, D-20, D-10, D (Mar 2, 12, 22, Apr 1); d on D-60 and
# D-17 (Feb 1, Mar 15).
FREQUENCY_LOG = ("customer_id,timestamp\n1,2024-03-25\n2,2024-01-01\n"
                 "3,2024-03-02\n3,2024-03-12\n3,2024-03-22\n3,2024-04-01\n"
                 "4,2024-02-01\n4,2024-03-15\n")


def buckets(*args):
    """new, daily, weekly, monthly, forgettable, dormant counts and the
    mostly-forgettable flag of the customers without a segment."""
    log = log_file("frequency", FREQUENCY_LOG)
    code, out, err = run("frequency", "--as-of", "2024-04-01", *args, log)
    assert code == 0, err
    rows = table(out)
    assert rows[0] == ["segment", "bucket", "customers", "mostly_forgettable"], out
    assert [r[1] for r in rows[1:]] == ["new", "daily", "weekly", "monthly", "forgettable",
                                        "dormant"], out
    return [int(r[2]) for r in rows[1:]], rows[1][3]


def check_frequency_thresholds():
    # Defaults: a new (7 < 14 days); b dormant (nothing in (D-90, D]); c
    # over L = min(90, 31) = 31 days with 4 visits: 7.75 <= 8, weekly; d
    # over L = 61 with 2: 30.5 <= 31, monthly. Forgettable 0 of 2 judged.
    assert buckets() == ([1, 0, 1, 1, 0, 1], "no")
    # --new-days 7: a (7 days) is judged: L = 8, 1 visit: 8 <= 8, weekly.
    assert buckets("--new-days", "7") == ([0, 0, 2, 1, 0, 1], "no")
    # --dormant-days 92: b (D-91) is not dormant; L = 90, no visit in
    # (D-90, D]: forgettable. 1 of 3 judged: not above half.
    assert buckets("--dormant-days", "92") == ([1, 0, 1, 1, 1, 0], "no")
    # ... and above a share of 0.3: mostly forgettable.
    assert buckets("--dormant-days", "92", "--forgettable-share", "0.3") == \
        ([1, 0, 1, 1, 1, 0], "yes")
    # --lookback-days 15: d has no visit in (D-15, D]: forgettable; c has 2
    # (Mar 22, Apr 1): 7.5, weekly. 1 of 2: not above half.
    assert buckets("--lookback-days", "15") == ([1, 0, 1, 0, 1, 1], "no")
    # --weekly-interval 7: c (7.75) is monthly.
    assert buckets("--weekly-interval", "7") == ([1, 0, 0, 2, 0, 1], "no")
    # --daily-interval 7.75: c is daily (<= 7.75).
    assert buckets("--daily-interval", "7.75") == ([1, 1, 0, 1, 0, 1], "no")
    # --monthly-interval 30: d (30.5) is forgettable.
    assert buckets("--monthly-interval", "30") == ([1, 0, 1, 0, 1, 1], "no")
    # summary's forgettable share: 0 of 2 judged, then 1 of 2.
    log = log_file("frequency", FREQUENCY_LOG)
    for args, share in (((), "0"), (("--monthly-interval", "30"), "0.5")):
        code, out, err = run("summary", *args, log)  # the last day is D
        assert code == 0 and "forgettable_share,%s\n" % share in out, (args, out)


# As of 2024-04-01 (day D): 1 on D-12 (Mar 20); 2 on D-100 (2023-12-23); 3
# on D-50, D-45, D-40, D-35 (Feb 11, 16, 21, 26) and D-1 (Mar 31). 4 on D
# makes D the last day.
RISK_LOG = ("customer_id,timestamp\n1,2024-03-20\n2,2023-12-23\n3,2024-02-11\n"
            "3,2024-02-16\n3,2024-02-21\n3,2024-02-26\n3,2024-03-31\n4,2024-04-01\n")
RISK_HEAD = ["customer_id", "value_days", "silent", "usage_fell", "late_payment",
             "forgettable"]


def at_risk(*args):
    log = log_file("risk", RISK_LOG)
    code, out, err = run("at-risk", *args, log)
    assert code == 0, err
    rows = table(out)
    # No amounts: no P(alive), and active days are no money to offer from.
    assert rows[0] == RISK_HEAD + ["p_alive", "break_even_incentive"], out
    assert all(r[6:] == ["", ""] for r in rows[1:]), out
    return [r[:6] for r in rows[1:]], err


def check_risk_thresholds():
    # Defaults: 2 is gone (silent 100 >= 90 days); 1 silent 12 < 14 days; 3
    # active on 1 day of the last 28 (D-1), 4 of the 28 before: 1 < 0.5 x 4,
    # usage fell. 3 is monthly (L = 51, 5 visits: 10.2), not forgettable.
    rows, err = at_risk()
    assert rows == [["3", "5", "0", "1", "0", "0"]], rows
    assert err == "retention: 1 customers at risk\n", err
    # --silent-days 12: 1 has no activity in (D-12, D]: silent.
    rows, _ = at_risk("--silent-days", "12")
    assert rows == [["3", "5", "0", "1", "0", "0"], ["1", "1", "1", "0", "0", "0"]], rows
    # --lost-days 101: 2 (D-100) is a candidate, silent; dormant, not forgettable.
    rows, _ = at_risk("--lost-days", "101")
    assert rows == [["3", "5", "0", "1", "0", "0"], ["2", "1", "1", "0", "0", "0"]], rows
    # --usage-drop 0.25: 1 < 0.25 x 4 fails: nobody at risk.
    rows, err = at_risk("--usage-drop", "0.25")
    assert rows == [] and err == "retention: 0 customers at risk\n", (rows, err)
    # --window-days 56: 5 days recently, none in the 56 before: not fell.
    rows, _ = at_risk("--window-days", "56")
    assert rows == [], rows
    # summary counts them with the same thresholds.
    log = log_file("risk", RISK_LOG)
    for args, count in (((), 1), (("--silent-days", "12", "--lost-days", "101"), 3)):
        code, out, err = run("summary", *args, log)
        assert code == 0 and out.endswith("at_risk,%d\n" % count), (args, out)


# --- churn: a partial last month ---------------------------------------------

def check_partial_month():
    # 1 on Feb 1, Feb 25, Mar 15 (the log's last day); 2 on Feb 28; 3 on
    # Mar 10. --inactivity-days 10: a customer at d is active in (d-10, d].
    # February (whole): Feb 1 {1}; Feb 29, (Feb 19, Feb 29]: 1 (Feb 25)
    # retained, 2 acquired. March ends after the log: judged at Mar 15. Mar
    # 1, (Feb 20, Mar 1]: {1, 2}. Mar 15, (Mar 5, Mar 15]: 1 (Mar 15)
    # retained, 2 lost, 3 acquired: churn 1/2. At Mar 31 all three would be
    # gone: 1 active on the last day counted lost.
    log = log_file("partial", "customer_id,timestamp\n1,2024-02-01\n1,2024-02-25\n"
                   "1,2024-03-15\n2,2024-02-28\n3,2024-03-10\n")
    code, out, err = run("churn", "--inactivity-days", "10", log)
    assert code == 0 and out == (
        "month,at_start,at_end,retained,lost,acquired,joined_and_left,resurrected,"
        "churn_rate,retention_rate,repeat_rate,partial\n"
        "2024-02,1,2,1,0,1,0,0,0,1,,0\n"
        "2024-03,2,2,1,1,1,0,0,0.5,0.5,,1\n"), out
    code, out, err = run("churn", "--inactivity-days", "10", "--format", "json", log)
    assert code == 0 and [r["partial"] for r in json.loads(out)] == [0, 1], out
    # 1 on Dec 1, 2 on the last day. Ending on Dec 31, December is whole:
    # on the 31st, (Dec 1, Dec 31] holds no day of 1 (30 days of default
    # inactivity): lost. Ending on Dec 30, December is partial, judged on
    # the 30th: (Nov 30, Dec 30] holds Dec 1: 1 is still a customer.
    for last, partial, lost in (("2024-12-31", "0", "1"), ("2024-12-30", "1", "0")):
        log = log_file("year-end", "customer_id,timestamp\n1,2024-12-01\n2,%s\n" % last)
        code, out, err = run("churn", log)
        rows = table(out)
        assert code == 0 and len(rows) == 2, out
        assert (rows[1][0], rows[1][4], rows[1][-1]) == ("2024-12", lost, partial), (last, out)


# --- at-risk: what it ranks by -----------------------------------------------

# As of 2024-02-01: 10 bought 5.00 on Jan 1 and 2.50 on Jan 2, active Jan 3
# (spend 7.50, 3 days); 11 bought 100 on Jan 5 (100, 1 day); 12 bought
# 10.25 twice on Jan 4, active Jan 6 (20.50, 2 days); 13 bought 1 on Jan 7
# and 500 on Feb 5, after the as-of day (1.00, 1 day by then). All silent
# 25 days or more; 10 fell from 3 days in (Dec 7, Jan 4] to none after.
VALUE_LOG = ("customer_id,timestamp,amount\n10,2024-01-01,5.00\n10,2024-01-02,2.50\n"
             "10,2024-01-03,\n11,2024-01-05,100\n12,2024-01-04T09:00:00Z,10.25\n"
             "12,2024-01-04T18:00:00Z,10.25\n12,2024-01-06,\n13,2024-01-07,1\n"
             "13,2024-02-05,500\n")


def check_value():
    log = log_file("value", VALUE_LOG)
    spend = [["customer_id", "value_spend", "silent", "usage_fell", "late_payment",
              "forgettable"], ["11", "100", "1", "0", "0", "0"],
             ["12", "20.5", "1", "0", "0", "0"], ["10", "7.5", "1", "1", "0", "0"],
             ["13", "1", "1", "0", "0", "0"]]
    def first_six(out):  # P(alive) and the break-even incentive: check_campaign.py
        return [r[:6] for r in table(out)]
    for args in ((), ("--value", "spend")):  # spend by default: the log has purchases
        code, out, err = run("at-risk", "--as-of", "2024-02-01", *args, log)
        assert code == 0 and first_six(out) == spend, (args, out)
    code, out, err = run("at-risk", "--as-of", "2024-02-01", "--top", "2", log)
    assert code == 0 and first_six(out) == spend[:3], out
    # Active days as before; ties (11, 13: one day) by the smaller id.
    code, out, err = run("at-risk", "--as-of", "2024-02-01", "--value", "days", log)
    assert code == 0 and first_six(out) == [
        ["customer_id", "value_days", "silent", "usage_fell", "late_payment", "forgettable"],
        ["10", "3", "1", "1", "0", "0"], ["12", "2", "1", "0", "0", "0"],
        ["11", "1", "1", "0", "0", "0"], ["13", "1", "1", "0", "0", "0"]], out
    code, out, err = run("at-risk", "--as-of", "2024-02-01", "--format", "json", log)
    first = json.loads(out)[0]
    assert code == 0 and {k: first[k] for k in list(first)[:6]} == {
        "customer_id": "11", "value_spend": 100.0, "silent": 1, "usage_fell": 0,
        "late_payment": 0, "forgettable": 0}, out
    assert first["break_even_incentive"] == 20.0, out  # 0.2 x 100
    # Without an amount column: days by default.
    no_amounts = log_file("no-amounts", "\n".join(
        line.rsplit(",", 1)[0] for line in VALUE_LOG.strip().split("\n")) + "\n")
    code, out, err = run("at-risk", "--as-of", "2024-02-01", no_amounts)
    assert code == 0 and table(out)[0][1] == "value_days", out


def check_refunds():
    # A negative amount is a refund: activity, not a purchase, and at-risk's
    # spend is net of it. 11 bought 100 on Jan 5 and got 30 back on Jan 6:
    # spend 70, two active days; still ahead of 12 (20.50).
    log = log_file("refund", VALUE_LOG + "11,2024-01-06,-30\n")
    code, out, err = run("at-risk", "--as-of", "2024-02-01", log)
    assert code == 0 and table(out)[1][:6] == ["11", "70", "1", "0", "0", "0"], out
    assert err.startswith("retention: 1 refunds (negative amounts, -30.00 in all): activity, "
                          "not purchases; at-risk's spend is net of them\nretention: 4 "
                          "customers at risk\n"), err
    code, out, err = run("at-risk", "--as-of", "2024-02-01", "--value", "days", log)
    assert code == 0 and ["11", "2", "1", "0", "0", "0"] in [r[:6] for r in table(out)], out
    # Purchases counted as without it; one more event (the refund's
    # activity) than the log without it.
    base = dict(r for r in table(run("summary", log_file("no-refund", VALUE_LOG))[1])[1:])
    with_refund = dict(r for r in table(run("summary", log)[1])[1:])
    assert with_refund["purchases"] == base["purchases"], (base, with_refund)
    assert int(with_refund["events"]) == int(base["events"]) + 1, (base, with_refund)


def check_value_clv():
    # The lifetime value is the clv command's: the same number for each id,
    # ranked most valuable first.
    names = ["--id-column", "masterid", "--time-column", "date", "--amount-column", "sales",
             "--as-of", "1997-12-31"]
    cdnow = os.path.join(here, "cdnow_iso.csv")
    code, out, err = run("clv", *names, cdnow)
    assert code == 0, err
    clv = {r[0]: r[7] for r in table(out)[1:]}
    code, out, err = run("at-risk", *names, "--value", "clv", "--top", "30", cdnow)
    assert code == 0, err
    rows = table(out)
    assert rows[0][1] == "value_clv" and len(rows) == 31, out
    assert all(clv[r[0]] == r[1] for r in rows[1:]), out
    values = [float(r[1]) for r in rows[1:]]
    assert values == sorted(values, reverse=True), values
    # No purchases: no model, status 1 with the reason.
    log = log_file("no-purchases", "customer_id,timestamp\n1,2024-01-01\n1,2024-01-09\n")
    code, out, err = run("at-risk", "--value", "clv", log)
    assert code == 1 and out == "" and "--value clv: nobody bought" in err, err


# --- Documented: --help and the man page -------------------------------------

# Each threshold with its default as the library documents it.
DEFAULTS = {"--inactivity-days": "30", "--new-days": "14", "--dormant-days": "90",
            "--lookback-days": "90", "--daily-interval": "1.5", "--weekly-interval": "8",
            "--monthly-interval": "31", "--forgettable-share": "0.5", "--silent-days": "14",
            "--lost-days": "90", "--window-days": "28", "--usage-drop": "0.5",
            "--margin": "0.3", "--horizon": "52", "--top": "20"}


def check_documented():
    code, help_text, err = run("at-risk", "--help")
    assert code == 0, err
    with open(man_page) as f:
        man = f.read()
    for name, default in DEFAULTS.items():
        line = [l for l in help_text.split("\n") if l.strip().startswith(name + " ")]
        assert line, name
        # The default closes the option's entry (its line or the next).
        at = help_text.index(line[0])
        end = help_text.find("\n  -", at + 1)
        entry = help_text[at:end if end >= 0 else len(help_text)]
        assert "(%s)" % default in entry, (name, entry)
        troff = name.replace("-", "\\-")
        assert troff in man, name
        section = man[man.index(".BI " + troff if (".BI " + troff) in man else troff):]
        section = re.split(r"\n\.(?:TP|PP|SS|SH)\b", section)[0]  # up to the next entry
        assert ("default " + default) in section or ("Default " + default) in section, \
            (name, section)


checks = [check_bad_values, check_good_values, check_inactivity_days,
          check_frequency_thresholds, check_risk_thresholds, check_partial_month,
          check_value, check_refunds, check_value_clv, check_documented]
for check in checks:
    check()
print("%d passed, 0 failed" % len(checks))
