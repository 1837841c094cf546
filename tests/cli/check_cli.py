#!/usr/bin/python3
"""The `retention` command against a plain re-computation in Python of the
same definitions (retention_model.py, shared with the golden tests) and
values worked out by hand, on tests/cli/tiny.csv (three customers: 65 on
days 0, 1, 7 of January 2024; 66 on days 1 and 30; 67 on day 2), plus its
handling of bad input, --format, --progress and the HTML report.
usage: check_cli.py PATH/TO/retention"""
import os
import re
import resource
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
                   "last_day,2024-01-31\ndau,1\nmau,3\nstickiness,0.3333333333333333\n"
                   "forgettable_share,0\nat_risk,2\n"), out
    code, out, err = run("survival", tiny)
    assert code == 0, err
    header, body = rows(out)
    assert header == "day,at_risk,ended,survival,lower,upper"
    # Nobody silent for more than 30 days on day 30: every lifetime is
    # censored, at 30 (65), 29 (66) and 28 (67) days.
    for t, row in enumerate(body):
        at_risk = 3 if t <= 28 else 2 if t == 29 else 1
        assert row == [str(t), str(at_risk), "0", "1", "1", "1"], row
    assert len(body) == 31


def check_churn_and_at_risk():
    code, out, err = run("churn", tiny)
    assert code == 0, err
    # January: on Jan 1 only 65 (active that day) is a customer; on Jan 31
    # all three have been active within 30 days: 1 retained, 2 acquired.
    # The log ends on Jan 31: a whole month, not partial.
    assert out.split("\n")[1] == "2024-01,1,3,1,0,2,0,0,0,1,,0", out
    code, out, err = run("at-risk", "--as-of", "2024-01-20", tiny)
    assert code == 0, err
    # Day 19: 65 was seen 12 days ago (not silent, weekly); 66 and 67 have
    # been silent 18 and 17 days (>= 14): at risk, one active day each, the
    # smaller id first (no amounts: ranked by active days; no P(alive) and
    # no break-even incentive, days being no money).
    assert out == ("customer_id,value_days,silent,usage_fell,late_payment,forgettable,"
                   "p_alive,break_even_incentive\n66,1,1,0,0,0,,\n67,1,1,0,0,0,,\n"), out
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
    assert row3[1] == "0" and row3[4] == "1", row3


def check_clv_with_free_repeat_purchases():
    # CDNOW with the repeat purchases of the first customer who made some
    # in calibration made free (amount 0), as the master log's zero-sales
    # rows do: Gamma-Gamma has no density at a spend of 0, so it is fitted
    # on the others (clv exited 1 with "mean_spend[..] is 0"), and that
    # customer still gets a positive expected spend.
    rows = []
    with open(os.path.join(here, "..", "data", "cdnow_elog.csv")) as f:
        next(f)
        rows = [line.strip().split(",") for line in f]
    days = {}
    for _, sample, d, _, _ in rows:
        if d <= "19970930":
            days.setdefault(sample, set()).add(d)
    who = next(sample for _, sample, _, _, _ in rows if len(days.get(sample, ())) > 1)
    first = min(days[who])
    log = ["customer_id,timestamp,amount"] + [
        "%s,%s-%s-%s,%s" % (sample, d[:4], d[4:6], d[6:],
                            "0" if sample == who and d != first else sales)
        for _, sample, d, _, sales in rows]
    code, out, err = run("clv", "--as-of", "1997-09-30", stdin="\n".join(log) + "\n")
    assert code == 0, err
    row = next(r.split(",") for r in out.strip().split("\n")[1:] if r.startswith(who + ","))
    assert row[1] != "0" and float(row[6]) > 0.0, row


def check_clv_on_a_young_base():
    # CDNOW's first weeks (issue 16): on 1997-01-31 the BG/NBD optimum is
    # interior but a + b < 1 (the closed form of E[X] does not hold; the
    # command exited 1); by 02-15 and 02-28 the likelihood keeps rising as
    # a, b -> 0 (a limiting model): the command says so and predicts at the
    # last point of the search. Customers counted by hand from the log: those
    # who first bought by the day, less those who first bought on it (T = 0).
    purchases = {}
    with open(os.path.join(here, "..", "data", "cdnow_elog.csv")) as f:
        next(f)
        for line in f:
            _, sample, d, _, sales = line.strip().split(",")
            purchases.setdefault(sample, []).append((d, sales))
    log = ["customer_id,timestamp,amount"] + [
        "%s,%s-%s-%s,%s" % (who, d[:4], d[4:6], d[6:], sales)
        for who, rows in purchases.items() for d, sales in rows]
    for as_of, limit in (("19970131", False), ("19970215", True), ("19970228", True)):
        day = "%s-%s-%s" % (as_of[:4], as_of[4:6], as_of[6:])
        code, out, err = run("clv", "--as-of", day, stdin="\n".join(log) + "\n")
        assert code == 0, (day, err)
        assert ("no interior optimum" in err) == limit, (day, err)
        rows = [r.split(",") for r in out.strip().split("\n")[1:]]
        first = {who: min(d for d, _ in p) for who, p in purchases.items()}
        assert len(rows) == sum(1 for d in first.values() if d < as_of), day
        for row in rows:
            alive, value = float(row[4]), float(row[7])
            assert 0.0 <= alive <= 1.0 and 0.0 <= value < 1e6, (day, row)
            if row[1] == "0":  # no repeat purchase: alive with probability 1
                assert row[4] == "1", (day, row)


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
    # curves, active customers, stickiness, frequency (no purchases: no values)
    assert html.count("<svg") == 4 and "<script" not in html and "http://" not in \
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
    assert html.count("<svg") == 5  # with purchases: the lifetime values too
    assert "Expected value of all" in html and "No lifetime-value model" not in html


def check_bad_input():
    bad = "customer_id,timestamp\n1,2024-01-01\n2,2024-02-30\n3,yesterday\n"
    code, out, err = run("activity", "-", stdin=bad)
    assert code == 1 and "line 3" in err and "date" in err, err
    code, out, err = run("activity", "--max-bad-rows", "2", stdin=bad)
    assert code == 0 and "skipped 2 bad rows of 3: " in err, err
    # A column named on the command line that the log lacks: a usage error.
    code, out, err = run("activity", "--id-column", "user", tiny)
    assert code == 2 and "no column named 'user'" in err, err
    code, out, err = run("cohorts", "--period", "year", tiny)
    assert code == 2 and "day, week or month" in err, err
    # A date is a local day: at UTC+1 it is still that day, not the one before.
    code, out, err = run("activity", "--utc-offset", "3600", "-",
                         stdin="customer_id,timestamp\n1,2024-01-01\n1,2024-01-02T00:30+01:00\n")
    assert code == 0 and out.split("\n")[1:3] == ["2024-01-01,1,1,1,1",
                                                  "2024-01-02,1,1,1,1"], out
    code, out, err = run("nonsense")
    assert code == 2 and "unknown command" in err, err
    code, out, err = run("--help")
    assert code == 0 and "cohorts" in out
    code, out, err = run("survival", "--help")
    assert code == 0 and "Kaplan-Meier" in out


def run_bytes(*args, stdin):
    p = subprocess.run([tool, *args], input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def check_nul_bytes_and_long_lines():
    head = b"customer_id,timestamp\n1,2024-01-01\n"
    # A NUL byte is an error on its own line, not the end of the line.
    code, out, err = run_bytes("activity", "-", stdin=head + b"2,2024-01-0\x002\n")
    assert code == 1 and err == "retention: line 3: NUL byte in the line\n", err
    code, out, err = run_bytes("activity", "--max-bad-rows", "1", "-",
                               stdin=head + b"2,2024-01-02\x00,x\n")
    assert code == 0 and err == "retention: skipped 1 bad rows of 2: 1 'NUL byte in the " \
        "line' (line 3)\n", err
    # A line of 65,536 bytes is one bad line: its tail, which reads like a
    # record of customer 7 on January 9, is not a second record.
    tail = b"7,2024-01-09"
    long_line = b"5,2024-01-05," + b"y" * (65536 - 13 - len(tail)) + tail
    assert len(long_line) == 65536
    code, out, err = run_bytes("activity", "-", stdin=head + long_line + b"\n")
    assert code == 1 and err == "retention: line 3: line longer than 65,535 bytes\n", err
    code, out, err = run_bytes("activity", "--max-bad-rows", "1", "-",
                               stdin=head + long_line + b"\n2,2024-01-02\n")
    assert code == 0 and err == "retention: skipped 1 bad rows of 3: 1 'line longer than " \
        "65,535 bytes' (line 3)\n", err
    # Customers 1 and 2 on January 1 and 2, the last day (DAU 1, WAU = MAU = 2,
    # stickiness 1/2): no row for the 9th.
    assert out.split("\n")[1:] == ["2024-01-01,1,1,1,1", "2024-01-02,1,2,2,0.5",
                                    ""], out
    # 65,535 bytes are accepted, also as a last line without a line end, and
    # before a CRLF; the third field is a column no command reads.
    line = b"2,2024-01-02," + b"z" * (65535 - 13)
    assert len(line) == 65535
    for end in (b"", b"\n", b"\r\n"):
        code, out, err = run_bytes("activity", "-", stdin=b"customer_id,timestamp,note\n"
                                   + head.split(b"\n", 1)[1] + line + end)
        assert code == 0 and out.split("\n")[2] == "2024-01-02,1,2,2,0.5", (end, err)


def check_times_and_amounts_out_of_range():
    def activity(*rows, args=()):
        # Rows without an amount are activity: their amount field is empty.
        log = "customer_id,timestamp,amount\n" + "".join(
            r + ("," if r.count(",") == 1 else "") + "\n" for r in rows)
        return run("activity", *args, "-", stdin=log)
    # The library's range is 100 years of 1970: 36,525 days of 86,400 s,
    # 3,155,760,000 s either side. Day 36,525 is 2070-01-01 (100 years with
    # the 25 leap days 1972..2068); day -36,525 is 1869-12-31 (100 years
    # back to 1870-01-01 hold 24 leap days, 1900 being none, so one more).
    code, out, err = activity("1,3155760000")
    assert code == 0 and out.split("\n")[1] == "2070-01-01,1,1,1,1", err
    code, out, err = activity("1,-3155760000")
    assert code == 0 and out.split("\n")[1] == "1869-12-31,1,1,1,1", err
    # A column holds one format (auto: the first time's): Unix seconds after
    # Unix seconds, ISO after ISO.
    for first, bad in [("1704067200", b) for b in (
                           "3155760001", "-3155760001", "99999999999999999999",
                           "-99999999999999999999", "9223372036854775807")] + \
                      [("2024-01-01", b) for b in (
                           "2070-01-01T00:00:01Z", "1869-12-31T00:00:00+01:00")]:
        code, out, err = activity("1," + first, "2," + bad)
        # Not a saturated 9223372036854775807 without a line number.
        assert code == 1 and err == "retention: line 3: time more than 100 years from " \
            "1970\n", (bad, err)
    code, out, err = activity("1,1704067200", "2,99999999999999999999", "3,1704153600",
                              args=("--max-bad-rows", "1"))
    assert code == 0 and err == "retention: skipped 1 bad rows of 3: 1 'time more than 100 " \
        "years from 1970' (line 3)\n", err
    code, out, err = run("at-risk", "--utc-offset", "3600", "--as-of",
                         "99999999999999999999", tiny)
    # 20 digits are no form of time (auto's rules): refused, not 1970's seconds.
    assert code == 2 and err == "retention: --as-of 99999999999999999999: not a date " \
        "(YYYY-MM-DD or YYYYMMDD) nor 10, 13 or 16 digits of Unix time (a date from " \
        "1869-12-31 to 2070-01-01)\n", err
    code, out, err = run("at-risk", "--as-of", "9999999999", tiny)
    assert code == 2 and err == "retention: --as-of 9999999999: time more than 100 years " \
        "from 1970 (a date from 1869-12-31 to 2070-01-01)\n", err
    # Customer ids are any text (check_ids_times.py), but not none.
    for bad in ("", " ", "\t"):
        code, out, err = activity("1,2024-01-01", bad + ",2024-01-02")
        assert code == 1 and err == "retention: line 3: no customer id\n", (bad, err)
    # Amounts: up to 1e300 (sums of them stay far from overflow).
    code, out, err = activity("1,2024-01-01,1e300")
    assert code == 0, err
    for bad in ("1e301", "-1e301", "1e400", "nan", "inf", "-inf", "12abc"):
        code, out, err = activity("1,2024-01-01,1", "1,2024-01-02," + bad)
        assert code == 1 and err == "retention: line 3: amount is not a number from -1e300 " \
            "to 1e300\n", (bad, err)


def check_many_segments():
    # 300 segments of one customer each, seen once on 2024-01-01 (day 0);
    # as of 2024-02-15 (day 45) each is forgettable like customer 67 of
    # check_frequency_and_stdin (1 visit in 44 days), so every segment is
    # mostly forgettable: all 300 flagged, not the first 256 only. Names
    # differ by a digit or a prefix ("s1", "s10", "s100", "t1"...), and a
    # second event of each customer repeats its segment, which keeps its
    # number: one row per segment.
    names = ["s%d" % i for i in range(150)] + ["t%d" % i for i in range(150)]
    log = "customer_id,timestamp,segment\n" + "".join(
        "%d,2024-01-01,%s\n%d,2024-01-01T12:00:00,%s\n" % (i, n, i, n)
        for i, n in enumerate(names))
    code, out, err = run("frequency", "--as-of", "2024-02-15", "-", stdin=log)
    assert code == 0, err
    body = [r.split(",") for r in out.strip().split("\n")[1:]]
    assert sorted(",".join(r) for r in body if r[1] == "forgettable") == \
        sorted("%s,forgettable,1,yes" % n for n in names), out
    assert {(r[0], r[3]) for r in body} == {(n, "yes") for n in names}, out


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
    read, computing, computed = err.rsplit("\n", 3)[:3]
    assert code == 0 and out == plain and read.endswith("7 rows, done"), repr(err)
    # Then the computing, which takes as long as the reading on a large log.
    assert computing == "retention: computing cohorts", repr(err)
    assert re.fullmatch(r"retention: computed in \d+\.\d s", computed), repr(err)
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
                                "repeat_rate": None, "partial": 0}], out
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
        spend, value = float(row[6]), float(row[7])  # exact, not rounded
        assert abs(spend - 9.99) <= 1e-12, row  # a mean of 9.99s, summed in doubles
        assert abs(value - 0.3 * spend * float(row[5])) <= 1e-12 * value, row


def check_widest_range():
    """Two customers on the first and last days of the documented range
    (days -36525 and 36525, 1869-12-31 and 2070-01-01), and one customer
    seen twice 50 years apart: every subcommand succeeds, cohorts prints one
    row per offset (1000 at most) of the non-empty cohorts only, and no run
    needs more than 400 MB (the tables of every pair of days took 5 GB for
    the second log and did not fit at all for the first)."""
    day = 86400
    logs = {"edges": "1,%d\n2,%d\n" % (-36525 * day, 36525 * day),
            "fifty": "1,1975-01-01\n1,2025-01-01\n"}
    # cohorts: rows = non-empty cohorts x 1001 offsets (every range here is
    # longer than 1000 periods); churn: one row per calendar month.
    cohort_rows = {"edges": 2 * 1001, "fifty": 1001}
    months = {"edges": 2402, "fifty": 50 * 12 + 1}
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in logs.items():
            path = os.path.join(tmp, name + ".csv")
            with open(path, "w") as f:
                f.write("customer_id,timestamp\n" + body)
            for command in ("summary", "activity", "cohorts", "survival", "lifecycle",
                            "churn", "at-risk", "frequency", "report"):
                for period in ("day", "week"):
                    extra = ["--html", "-"] if command == "report" else []
                    code, out, err = run(command, "--period", period, *extra, path)
                    assert code == 0, (name, command, period, err)
                    if command == "cohorts":
                        assert len(out.splitlines()) == 1 + cohort_rows[name], (name, period)
                    if command == "churn":
                        assert len(out.splitlines()) == 1 + months[name], name
            code, out, err = run("clv", path)
            assert code == 1 and "nobody bought" in err, err  # no purchases
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb < 400 * 1024, peak_kb


checks = [check_activity, check_lifecycle, check_frequency_and_stdin, check_many_segments,
          check_summary_and_survival, check_churn_and_at_risk, check_clv_on_cdnow,
          check_report, check_report_on_the_bundled_sample, check_bad_input,
          check_nul_bytes_and_long_lines, check_times_and_amounts_out_of_range,
          check_as_of_before_1970, check_progress, check_formats, check_widest_range,
          check_clv_at_one_price, check_clv_on_a_young_base,
          check_clv_with_free_repeat_purchases]
checks += [lambda p=period, k=kind: check_cohorts(p, k)
           for period in ("day", "week", "month") for kind in ("exact", "on-or-after")]
for check in checks:
    check()  # an assertion ends the run: every check before it passed
print(f"{len(checks)} passed, 0 failed")
