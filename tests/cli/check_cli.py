#!/usr/bin/python3
"""The `retention` command against a plain re-computation in Python of the
same definitions (retention_model.py, shared with the golden tests) and
values worked out by hand, on tests/cli/tiny.csv (three customers: 65 on
days 0, 1, 7 of January 2024; 66 on days 1 and 30; 67 on day 2), plus its
handling of bad input, --format, --progress and the HTML report.
usage: check_cli.py PATH/TO/retention"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import retention_model as model

tool = os.path.abspath(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
tiny = os.path.join(here, "tiny.csv")
tiny_log = model.Log(tiny)  # activity and cohorts are compared with the model's


def run(*args, stdin=None):
    p = subprocess.run([tool, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def rows(text):
    lines = text.strip().split("\n")
    return lines[0], [l.split(",") for l in lines[1:]]


def check_activity():
    code, out, err = run("activity", tiny)
    assert code == 0, err
    assert out == model.to_csv(*model.activity(tiny_log)), out


def check_cohorts(period, kind):
    code, out, err = run("cohorts", "--period", period, "--kind", kind, tiny)
    assert code == 0, err
    assert out == model.to_csv(*model.cohorts(tiny_log, period, kind)), (period, kind, out)


def check_lifecycle():
    code, out, err = run("lifecycle", "--period", "week", tiny)
    assert code == 0, err
    # Weeks from Jan 1: 65 in weeks 0, 1; 66 in 0, 4; 67 in 0.
    assert out == ("period,new,returning,resurrecting,dormant\n"
                   "2024-01-01,3,0,0,0\n2024-01-08,0,1,0,2\n2024-01-15,0,0,0,1\n"
                   "2024-01-22,0,0,0,0\n2024-01-29,0,0,1,0\n"), out


def check_frequency_and_stdin():
    with open(tiny) as f:
        code, out, err = run("frequency", "--as-of", "2024-02-15", stdin=f.read())
    assert code == 0, err
    # As of day 45: 65 (days 0, 1, 7): 3 visits in 46 days, 15.3 -> monthly;
    # 66 (days 1, 30): 2 in 45, 22.5 -> monthly; 67 (day 2): 1 in 44 ->
    # forgettable. Segments: pro = {65}, free = {66, 67}: half of free is
    # forgettable, not more, so no segment is flagged.
    lines = set(out.strip().split("\n"))
    assert "pro,monthly,1,no" in lines, out
    assert "free,monthly,1,no" in lines and "free,forgettable,1,no" in lines, out


def check_summary_and_survival():
    code, out, err = run("summary", tiny)
    assert code == 0, err
    # Day 30: only 66 active (DAU 1), all three within 30 days (MAU 3); no
    # full month before January; all three monthly; 65 and 67 silent >= 14.
    assert out == ("name,value\ncustomers,3\nevents,7\npurchases,0\nfirst_day,2024-01-01\n"
                   "last_day,2024-01-31\ndau,1\nmau,3\nstickiness,0.3333\n"
                   "forgettable_share,0.0000\nat_risk,2\n"), out
    code, out, err = run("survival", tiny)
    assert code == 0, err
    header, body = rows(out)
    assert header == "day,at_risk,ended,survival,lower,upper"
    # Nobody silent for more than 30 days on day 30: every lifetime is
    # censored, at 30 (65), 29 (66) and 28 (67) days.
    for t, row in enumerate(body):
        at_risk = 3 if t <= 28 else 2 if t == 29 else 1
        assert row == [str(t), str(at_risk), "0", "1.0000", "1.0000", "1.0000"], row
    assert len(body) == 31


def check_churn_and_at_risk():
    code, out, err = run("churn", tiny)
    assert code == 0, err
    # January: on Jan 1 only 65 (active that day) is a customer; on Jan 31
    # all three have been active within 30 days: 1 retained, 2 acquired.
    assert out.split("\n")[1] == "2024-01,1,3,1,0,2,0,0,0.0000,1.0000,", out
    code, out, err = run("at-risk", "--as-of", "2024-01-20", tiny)
    assert code == 0, err
    # Day 19: 65 was seen 12 days ago (not silent, weekly); 66 and 67 have
    # been silent 18 and 17 days (>= 14): at risk, one active day each, the
    # smaller id first.
    assert out == ("customer_id,value,silent,usage_fell,late_payment,forgettable\n"
                   "66,1.00,1,0,0,0\n67,1.00,1,0,0,0\n"), out
    assert "2 customers at risk" in err


def check_clv_on_cdnow():
    # The CDNOW log as customer_id,timestamp,amount; calibration to 1997-09-30.
    log = ["customer_id,timestamp,amount"]
    with open(os.path.join(here, "..", "data", "cdnow_elog.csv")) as f:
        next(f)
        for line in f:
            _, sample, d, _, sales = line.strip().split(",")
            log.append("%s,%s-%s-%s,%s" % (sample, d[:4], d[4:6], d[6:], sales))
    code, out, err = run("clv", "--as-of", "1997-09-30", "--horizon", "39",
                         stdin="\n".join(log) + "\n")
    assert code == 0, err
    # The published fits (Fader, Hardie & Lee 2005): r 0.243, alpha 4.414,
    # a 0.793, b 2.426; Gamma-Gamma p 6.25, q 3.74, gamma 15.44.
    assert "r 0.2426 alpha 4.4136 a 0.7929 b 2.4259" in err, err
    assert "p 6.2496 q 3.7442 gamma 15.4435" in err, err
    body = out.strip().split("\n")[1:]
    assert len(body) == 2357
    # A customer with no repeat purchase is alive with probability 1 under
    # the BG/NBD (dropout only follows a repeat purchase): customer 3.
    row3 = next(r.split(",") for r in body if r.startswith("3,"))
    assert row3[1] == "0" and row3[4] == "1.0000", row3


def png_distinct_rows(path):
    """Number of distinct pixel rows of a PNG (8-bit RGB/RGBA), decoded here."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, channels = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * channels  # each row: a filter byte, then the pixels
    # Rows are compared as filtered bytes: the rows of a flat image filter to
    # the same bytes, so a blank page gives one or two distinct rows (a white
    # 800 x 1600 screenshot gives 2; the report gives over a thousand).
    rows = {raw[i + 1:i + stride] for i in range(0, len(raw), stride)}
    return len(rows)


def check_report():
    out_dir = tempfile.mkdtemp()
    page = os.path.join(out_dir, "report.html")
    code, out, err = run("report", "--html", page, tiny)
    assert code == 0, err
    html = open(page).read()
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert html.count("<svg") == 5 and "<script" not in html and "http://" not in \
        html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # self-contained
    assert "3 customers" in html
    chromium = shutil.which("chromium")
    if chromium is None:
        print("report: no chromium, screenshot skipped")
        return
    shot = os.path.join(out_dir, "report.png")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + os.path.join(out_dir, "profile"),
                    "--window-size=800,1600", "--screenshot=" + shot, "file://" + page],
                   capture_output=True, timeout=120)
    assert os.path.exists(shot), "chromium wrote no screenshot"
    assert png_distinct_rows(shot) > 50, "the screenshot is blank"


def check_report_on_the_bundled_sample():
    out_dir = tempfile.mkdtemp()
    p = subprocess.run([tool, "report"], capture_output=True, text=True, cwd=out_dir)
    assert p.returncode == 0, p.stderr
    assert "wrote retention-report.html (3000 customers" in p.stdout, p.stdout
    html = open(os.path.join(out_dir, "retention-report.html")).read()
    assert html.count("<svg") == 6  # with purchases: the lifetime values too
    assert "Expected value of all" in html and "No lifetime-value model" not in html


def check_bad_input():
    bad = "customer_id,timestamp\n1,2024-01-01\n2,2024-02-30\n3,yesterday\n"
    code, out, err = run("activity", "-", stdin=bad)
    assert code == 1 and "line 3" in err and "date" in err, err
    code, out, err = run("activity", "--skip-bad-rows", stdin=bad)
    assert code == 0 and "skipped 2 bad rows of 3" in err, err
    code, out, err = run("activity", "--id-column", "user", tiny)
    assert code == 1 and "no column named 'user'" in err, err
    code, out, err = run("cohorts", "--period", "year", tiny)
    assert code == 2 and "day, week or month" in err, err
    # A date is a local day: at UTC+1 it is still that day, not the one before.
    code, out, err = run("activity", "--utc-offset", "3600", "-",
                         stdin="customer_id,timestamp\n1,2024-01-01\n1,2024-01-02T00:30+01:00\n")
    assert code == 0 and out.split("\n")[1:3] == ["2024-01-01,1,1,1,1.0000",
                                                  "2024-01-02,1,1,1,1.0000"], out
    code, out, err = run("nonsense")
    assert code == 2 and "unknown command" in err, err
    code, out, err = run("--help")
    assert code == 0 and "cohorts" in out
    code, out, err = run("survival", "--help")
    assert code == 0 and "Kaplan-Meier" in out


def check_as_of_before_1970():
    # Noon on 1969-12-31 is that day (floor, not truncation toward 1970):
    # customer 1, last seen on 12-17, has been silent 14 days (the default
    # threshold), customer 2, seen on 12-18, only 13.
    log = "customer_id,timestamp\n1,1969-12-17\n2,1969-12-18\n"
    code, out, err = run("at-risk", "--as-of", "1969-12-31T12:00:00", "-", stdin=log)
    assert code == 0 and [r[0] for r in rows(out)[1]] == ["1"], out
    code, out, err = run("at-risk", "--as-of", "1970-01-01", "-", stdin=log)
    assert code == 0 and [r[0] for r in rows(out)[1]] == ["1", "2"], out


def check_progress():
    # On a regular file: a bar by bytes, ending in its 100 % line; stdout as without.
    code, plain, _ = run("cohorts", tiny)
    code, out, err = run("cohorts", "--progress", tiny)
    assert code == 0 and out == plain, err
    last = err.split("\r")[-1]
    assert "100%" in last and "(7 rows)" in last and last.endswith("\n"), repr(err)
    # From a pipe: rows counted instead.
    with open(tiny) as f:
        code, out, err = run("cohorts", "--progress", stdin=f.read())
    assert code == 0 and out == plain and err.endswith("7 rows, done\n"), repr(err)
    code, out, err = run("cohorts", tiny)
    assert err == "", err  # nothing unless asked


def check_formats():
    import json
    code, out, err = run("churn", "--format", "json", tiny)
    assert code == 0, err
    # Undefined rates are null, numbers numbers, strings strings.
    assert json.loads(out) == [{"month": "2024-01", "at_start": 1, "at_end": 3, "retained": 1,
                                "lost": 0, "acquired": 2, "joined_and_left": 0,
                                "resurrected": 0, "churn_rate": 0.0, "retention_rate": 1.0,
                                "repeat_rate": None}], out
    code, out, err = run("cohorts", "--period", "month", "--format=text", tiny)
    assert code == 0, err
    assert out == ("cohort      offset  size  active    rate\n"
                   "2024-01-01       0     3       3  1.0000\n"), out
    code, out, err = run("at-risk", "--as-of", "2024-01-01", "--format", "json", tiny)
    assert code == 0 and out == "[]\n", out
    code, out, err = run("summary", "--format", "xml", tiny)
    assert code == 2 and "--format xml: csv, json or text" in err and out == "", err
    code, out, err = run("at-risk", "--top", "ten", tiny)
    assert code == 2 and "not a whole number" in err, err
    code, out, err = run("at-risk", tiny, "--top")
    assert code == 2 and "--top needs a value" in err, err
    if os.path.exists("/dev/full"):  # a failed write is an error, not a success
        with open("/dev/full", "w") as full:
            p = subprocess.run([tool, "activity", tiny], stdout=full, stderr=subprocess.PIPE,
                               text=True)
        assert p.returncode == 1 and "writing the output" in p.stderr, p.stderr


def check_clv_at_one_price():
    # A shop selling one product at one price: each CDNOW customer's
    # purchase days, every one 9.99. The Gamma-Gamma likelihood rises
    # without end towards "every purchase 9.99" (no interior optimum: clv
    # exited 1 before); the command values each purchase at the observed
    # mean and says so, and clv = margin x 9.99 x expected purchases.
    seen, log = set(), ["customer_id,timestamp,amount"]
    with open(os.path.join(here, "..", "data", "cdnow_elog.csv")) as f:
        next(f)
        for line in f:
            _, sample, d, _, _ = line.strip().split(",")
            if (sample, d) not in seen:
                seen.add((sample, d))
                log.append("%s,%s-%s-%s,9.99" % (sample, d[:4], d[4:6], d[6:]))
    code, out, err = run("clv", "--as-of", "1997-09-30", stdin="\n".join(log) + "\n")
    assert code == 0, err
    assert "observed mean spend 9.99" in err, err
    body = [r.split(",") for r in out.strip().split("\n")[1:]]
    assert len(body) == 2357
    for row in body:
        assert row[6] == "9.99", row
        assert abs(float(row[7]) - 0.3 * 9.99 * float(row[5])) <= 0.006, row


check_activity()
for period in ("day", "week", "month"):
    for kind in ("exact", "on-or-after"):
        check_cohorts(period, kind)
check_lifecycle()
check_frequency_and_stdin()
check_summary_and_survival()
check_churn_and_at_risk()
check_clv_on_cdnow()
check_clv_at_one_price()
check_report()
check_report_on_the_bundled_sample()
check_bad_input()
check_as_of_before_1970()
check_progress()
check_formats()
print("17 passed, 0 failed")
