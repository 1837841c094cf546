#!/usr/bin/python3
"""`retention at-risk` and the report's at-risk section as a retention
campaign: whom to call first and what an offer may cost. The values,
break-even incentives, expected profits and the campaign's totals are
worked out by hand below from the definitions of
include/retention/economics.h (break-even p x v, worth p x v - k, totals
over the customers whose worth is above 0); P(alive) is compared with
`retention clv`'s own column for the same ids; bad --save-rate,
--incentive and --currency values are refused before the log is read.
usage: check_campaign.py PATH/TO/retention"""
import csv
import html.parser
import io
import json
import os
import subprocess
import sys
import tempfile

tool = os.path.abspath(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
scratch = tempfile.mkdtemp(prefix="retention-campaign-")
# Reading it fails with status 1: status 2 shows the option was checked first.
missing = os.path.join(scratch, "no-such-dir", "log.csv")


def run(*args):
    p = subprocess.run([tool, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def table(out):
    return list(csv.reader(io.StringIO(out)))


def close(a, b, tolerance=1e-12):
    return abs(a - b) <= tolerance * max(1.0, abs(b))


# As of 2024-02-01 (the as-of day the tests pass):
#   10 bought 5.00 (Jan 1) and 2.50 (Jan 2), active Jan 3: spend 7.50;
#      silent 29 days, and 3 active days in (Dec 7, Jan 4] fell to none: at risk.
#   11 bought 100 on Jan 5: spend 100, silent 27 days.
#   12 bought 10.25 twice on Jan 4, active Jan 6: spend 20.50, silent 26 days.
#   13 bought 1 on Jan 7 (and 500 on Feb 5, after the as-of day): spend 1.
#   14 was active on Jan 5 and never bought: spend 0, silent 27 days.
#   15 bought 50 on Jan 30: active 2 days ago, not at risk.
# Five customers at risk, by spend: 11 (100), 12 (20.5), 10 (7.5), 13 (1), 14 (0).
LOG = ("customer_id,timestamp,amount\n10,2024-01-01,5.00\n10,2024-01-02,2.50\n"
       "10,2024-01-03,\n11,2024-01-05,100\n12,2024-01-04T09:00:00Z,10.25\n"
       "12,2024-01-04T18:00:00Z,10.25\n12,2024-01-06,\n13,2024-01-07,1\n"
       "13,2024-02-05,500\n14,2024-01-05,\n15,2024-01-30,50\n")
AS_OF = ["--as-of", "2024-02-01"]
HEAD = ["customer_id", "value_spend", "silent", "usage_fell", "late_payment", "forgettable",
        "p_alive", "break_even_incentive"]


def log_path():
    path = os.path.join(scratch, "campaign.csv")
    with open(path, "w") as f:
        f.write(LOG)
    return path


def clv_p_alive(*args):
    """P(alive) by id, as `retention clv` prints it."""
    code, out, err = run("clv", *args)
    assert code == 0, err
    rows = table(out)
    at = rows[0].index("p_alive")
    return {r[0]: r[at] for r in rows[1:]}


def check_break_even_by_hand():
    log = log_path()
    code, out, err = run("at-risk", *AS_OF, log)
    assert code == 0, err
    rows = table(out)
    assert rows[0] == HEAD, rows[0]
    # Default save rate 0.2: break-even 0.2 x spend.
    want = [("11", 100.0, 20.0), ("12", 20.5, 4.1), ("10", 7.5, 1.5), ("13", 1.0, 0.2),
            ("14", 0.0, 0.0)]
    assert [r[0] for r in rows[1:]] == [w[0] for w in want], rows
    for r, (who, spend, break_even) in zip(rows[1:], want):
        assert close(float(r[1]), spend) and close(float(r[7]), break_even), (who, r)
    # P(alive): clv's for those who bought before the as-of day; 14 never
    # bought: empty.
    alive = clv_p_alive(*AS_OF, log)
    assert set(alive) == {"10", "11", "12", "13", "15"}, alive  # 14 bought nothing
    for r in rows[1:]:
        assert r[6] == alive.get(r[0], ""), (r, alive)
    # Totals over everyone at risk: 4 of 5 worth an offer (14's worth is 0,
    # not above 0); saved 20 + 4.1 + 1.5 + 0.2 = 25.80; cost 0.
    assert err == ("retention: 5 customers at risk\nretention: campaign at save rate 0.2 and "
                   "incentive 0.00: 4 of 5 customers at risk worth an offer; expected saved "
                   "value 25.80, expected cost 0.00, expected profit 25.80\n"), err


def check_incentive_by_hand():
    log = log_path()
    args = ["at-risk", *AS_OF, "--save-rate", "0.3", "--incentive", "3", "--currency", "EUR"]
    code, out, err = run(*args, log)
    assert code == 0, err
    rows = table(out)
    assert rows[0] == HEAD + ["expected_profit"], rows[0]
    # Break-even 0.3 x spend; profit 0.3 x spend - 3, the highest first.
    want = [("11", 30.0, 27.0), ("12", 6.15, 3.15), ("10", 2.25, -0.75), ("13", 0.3, -2.7),
            ("14", 0.0, -3.0)]
    assert [r[0] for r in rows[1:]] == [w[0] for w in want], rows
    for r, (who, break_even, profit) in zip(rows[1:], want):
        assert close(float(r[7]), break_even) and close(float(r[8]), profit), (who, r)
    # Worth an offer: 11 and 12 (27, 3.15 > 0); saved 30 + 6.15 = 36.15;
    # cost 2 x 3 = 6; profit 30.15.
    assert err.endswith("campaign at save rate 0.3 and incentive 3.00: 2 of 5 customers at "
                        "risk worth an offer; expected saved value 36.15, expected cost 6.00, "
                        "expected profit 30.15; amounts in EUR\n"), err
    # --top 1 shows one row; the totals still count all five.
    code, out, err_top = run(*args, "--top", "1", log)
    assert code == 0 and len(table(out)) == 2 and err_top == err, err_top
    # json: numbers, and the unknown P(alive) of 14 is null.
    code, out, err = run(*args, "--format", "json", log)
    objects = json.loads(out)
    assert code == 0 and objects[0]["expected_profit"] == 27.0, out
    assert objects[4]["customer_id"] == "14" and objects[4]["p_alive"] is None, out
    # An incentive above every break-even: nobody worth an offer.
    code, out, err = run("at-risk", *AS_OF, "--incentive", "1000", log)
    assert code == 0 and err.endswith(": 0 of 5 customers at risk worth an offer; expected "
                                      "saved value 0.00, expected cost 0.00, expected profit "
                                      "0.00\n"), err
    # Ranked by active days: no money, the money columns empty, no totals.
    code, out, err = run("at-risk", *AS_OF, "--value", "days", "--incentive", "3", log)
    rows = table(out)
    assert code == 0 and rows[0][1] == "value_days" and rows[0][-1] == "expected_profit", out
    assert all(r[7] == "" and r[8] == "" for r in rows[1:]), out
    assert err == "retention: 5 customers at risk\n", err


def check_value_clv():
    # CDNOW: the break-even incentive is 0.2 x each one's lifetime value and
    # P(alive) is clv's, for the same ids, on the same as-of day.
    names = ["--id-column", "masterid", "--time-column", "date", "--amount-column", "sales",
             "--as-of", "1997-12-31"]
    cdnow = os.path.join(here, "cdnow_iso.csv")
    code, out, err = run("clv", *names, cdnow)
    assert code == 0, err
    clv = {r[0]: (r[4], float(r[7])) for r in table(out)[1:]}
    code, out, err = run("at-risk", *names, "--value", "clv", "--top", "40", "--incentive",
                         "2", cdnow)
    assert code == 0, err
    rows = table(out)
    assert rows[0][1] == "value_clv" and rows[0][6:] == ["p_alive", "break_even_incentive",
                                                         "expected_profit"], rows[0]
    assert len(rows) == 41, len(rows)
    for r in rows[1:]:
        p_alive, value = clv[r[0]]
        assert r[6] == p_alive, (r, p_alive)
        assert close(float(r[7]), 0.2 * value) and close(float(r[8]), 0.2 * value - 2), r
    profits = [float(r[8]) for r in rows[1:]]
    assert profits == sorted(profits, reverse=True), profits


class ActionList(html.parser.HTMLParser):
    """The first table of the page's at-risk section, and its text."""

    def __init__(self):
        super().__init__()
        self.in_section, self.rows, self.cell, self.text, self.done = False, [], None, "", False

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.in_section = dict(attrs).get("id") == "at-risk"
        elif self.in_section and not self.done and tag == "tr":
            self.rows.append([])
        elif self.in_section and not self.done and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None
        elif tag == "table" and self.in_section:
            self.done = True

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.in_section:
            self.text += data


def check_report_section():
    log = log_path()
    code, page, err = run("report", *AS_OF, "--currency", "<EUR>", "--html", "-", log)
    assert code == 0, err
    assert "&lt;EUR&gt;" in page and "<EUR>" not in page  # escaped wherever it is said
    parser = ActionList()
    parser.feed(page)
    rows = parser.rows
    assert rows[0] == ["Customer", "Why at risk", "Spend (<EUR>)", "P(alive)",
                       "Break-even incentive (<EUR>)"], rows[0]
    alive = clv_p_alive(*AS_OF, log)
    shown = {who: "%.2f" % float(p) for who, p in alive.items()}
    assert rows[1:] == [
        ["11", "silent 14+ days", "100.00", shown["11"], "20.00"],
        ["12", "silent 14+ days", "20.50", shown["12"], "4.10"],
        ["10", "silent 14+ days, usage fell", "7.50", shown["10"], "1.50"],
        ["13", "silent 14+ days", "1.00", shown["13"], "0.20"],
        ["14", "silent 14+ days", "0.00", "", "0.00"]], rows
    text = " ".join(parser.text.split())
    assert "save rate, 20 %" in text and "break-even incentive" in text, text
    assert "Amounts in <EUR>." in text, text
    assert ("expected saved value 25.80, expected cost 0.00, expected profit 25.80; "
            "amounts in <EUR>") in text, text


def check_report_currency_of_values():
    # The lifetime-value statement names the currency given, else says none.
    names = ["--id-column", "masterid", "--time-column", "date", "--amount-column", "sales"]
    cdnow = os.path.join(here, "cdnow_iso.csv")
    code, page, err = run("report", *names, "--currency", "US$", "--html", "-", cdnow)
    assert code == 0, err
    assert "amounts in <strong>US$</strong>. They cover" in page, "currency"
    assert "no currency given" not in page
    code, page, err = run("report", *names, "--html", "-", cdnow)
    assert code == 0 and "log's own unit (no currency given). They cover" in page


SAVE, INCENTIVE = "(0 < P <= 1)", "(a finite X >= 0)"
CURRENCY = "1 to 8 printable ASCII characters without spaces, e.g. EUR"
BAD = [
    (["--save-rate", "0"], "--save-rate 0: out of range " + SAVE),
    (["--save-rate", "-0.1"], "--save-rate -0.1: out of range " + SAVE),
    (["--save-rate", "1.0000001"], "--save-rate 1.0000001: out of range " + SAVE),
    (["--save-rate", "nan"], "--save-rate nan: not a number " + SAVE),
    (["--save-rate", "20%"], "--save-rate 20%: not a number " + SAVE),
    (["--save-rate", ""], "--save-rate : not a number " + SAVE),
    (["--incentive", "-1"], "--incentive -1: out of range " + INCENTIVE),
    (["--incentive", "inf"], "--incentive inf: not a number " + INCENTIVE),
    (["--incentive", "1e999"], "--incentive 1e999: not a number " + INCENTIVE),
    (["--incentive", "ten"], "--incentive ten: not a number " + INCENTIVE),
    (["--currency", ""], "--currency : " + CURRENCY),
    (["--currency", "EURO12345"], "--currency EURO12345: " + CURRENCY),
    (["--currency", "E R"], "--currency E R: " + CURRENCY),
    (["--currency", "\u20ac"], "--currency \u20ac: " + CURRENCY),
    (["--currency", "EU\tR"], "--currency EU\tR: " + CURRENCY),
]


def check_bad_values():
    for command in ("at-risk", "report"):
        for args, message in BAD:
            code, out, err = run(command, *args, missing)
            assert code == 2 and out == "" and err == "retention: %s\n" % message, \
                (command, args, code, err)
        code, out, err = run(command, missing, "--save-rate")
        assert code == 2 and err == "retention: --save-rate needs a value\n", err
    # The ends of the ranges are valid: the log is read (and missing: 1).
    for args in (["--save-rate", "1"], ["--incentive", "0"], ["--currency", "US$"],
                 ["--currency", "ABCDEFGH"], ["--save-rate=0.5", "--incentive=1e300"]):
        code, out, err = run("at-risk", *args, missing)
        assert code == 1 and "--" not in err, (args, err)


checks = [check_break_even_by_hand, check_incentive_by_hand, check_value_clv,
          check_report_section, check_report_currency_of_values, check_bad_values]
for check in checks:
    check()
print("%d passed, 0 failed" % len(checks))
