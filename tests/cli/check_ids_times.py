#!/usr/bin/python3
"""Customer ids of any kind and times of any common kind (retention(1),
--time-format): the same log written with other ids, or with its times in
another form, must give the same reports, the ids printed back exactly as
the log wrote them; what auto cannot tell, or a column that changes form,
is refused with a reason.
usage: check_ids_times.py PATH/TO/retention"""
import csv
import datetime
import io
import json
import os
import subprocess
import sys
import tempfile

import golden_cases

tool = os.path.abspath(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
cdnow = os.path.join(here, "cdnow_iso.csv")
CDNOW_COLUMNS = ["--id-column", "masterid", "--time-column", "date", "--amount-column", "sales"]
scratch = tempfile.mkdtemp()
EPOCH = datetime.date(1970, 1, 1)


def run(*args, stdin=None):
    p = subprocess.run([tool, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def write_csv(rows, name):
    path = os.path.join(scratch, name)
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


def cdnow_rewritten(name, id_text=None, time_text=None, header=None):
    """cdnow_iso.csv with its masterid and date columns rewritten."""
    rows = read_csv(cdnow)
    out = [header or rows[0]]
    for r in rows[1:]:
        r = list(r)
        if id_text:
            r[0] = id_text(r[0])
        if time_text:
            r[2] = time_text(datetime.date.fromisoformat(r[2]))
        out.append(r)
    return write_csv(out, name)


def cdnow_commands():
    """Every subcommand with the options the golden tests give it on the
    CDNOW log (--as-of as ISO, whatever the log's own time format)."""
    return [(c.args, c.format) for c in golden_cases.cdnow_cases()]


def same_reports(reference, other, extra=(), as_of="1997-09-30"):
    """Every subcommand prints the same on both logs (stdout, stderr, status)."""
    for args, fmt in cdnow_commands():
        args = [as_of if a == "1997-09-30" else a for a in args]
        format_option = [] if args[0] == "report" else ["--format", fmt]
        want = run(*args, *CDNOW_COLUMNS, *format_option, reference)
        got = run(*args, *CDNOW_COLUMNS, *format_option, *extra, other)
        assert want[0] == 0 and want[1], (args, want[2])
        assert got == want, (args, other, extra, got[2], want[2])


# --- Ids -------------------------------------------------------------------

def id_kinds(number):
    """A string id of a different kind for each CDNOW customer number, as the
    log writes it and as it must be printed (spaces around it trimmed)."""
    n = int(number)
    kinds = [
        ("customer%d@example.com" % n, None),
        ("%08x-0000-4000-8000-%012x" % (n * 2654435761 % 2**32, n), None),
        ("user_%d" % n, None),
        ("%07d" % n, None),                          # leading zeros: its own customer
        (str(2**64 + n), None),                      # beyond 64 bits
        (" -%d" % n, "-%d" % n),                     # a sign, and a space to trim
        ("\t%d, \"the %dth\" " % (n, n), "%d, \"the %dth\"" % (n, n)),  # comma, quotes
        ("<b>&%d" % n, None),                        # HTML in the report
        ("Zoë %d" % n, None),                        # UTF-8
    ]
    written, printed = kinds[n % len(kinds)]
    return written, printed or written


def check_string_ids_print_back():
    """at-risk and clv on CDNOW with numeric ids and with string ids: the
    same rows in the same order, the ids translated, in csv and json."""
    printed = {}

    def as_text(number):
        written, shown = id_kinds(number)
        printed[number] = shown
        return written
    strings = cdnow_rewritten("cdnow_string_ids.csv", id_text=as_text)
    assert len(set(printed.values())) == len(printed)  # two customers never merge
    for args in (["at-risk", "--top", "100000"], ["clv", "--as-of", "1997-09-30"],
                 ["clv", "--as-of", "1997-09-30", "--top", "40"]):
        code, want, err = run(*args, *CDNOW_COLUMNS, cdnow)
        assert code == 0, err
        code, got, err = run(*args, *CDNOW_COLUMNS, strings)
        assert code == 0, err
        want_rows, got_rows = list(csv.reader(io.StringIO(want))), \
            list(csv.reader(io.StringIO(got)))
        assert len(want_rows) > 40 and len(got_rows) == len(want_rows), args
        assert got_rows[0] == want_rows[0]
        for w, g in zip(want_rows[1:], got_rows[1:]):
            assert g == [printed[w[0]]] + w[1:], (args, w, g)
        code, got_json, err = run(*args, *CDNOW_COLUMNS, "--format", "json", strings)
        assert code == 0, err
        objects = json.loads(got_json)
        assert [o["customer_id"] for o in objects] == [printed[w[0]] for w in want_rows[1:]]
    # The report's tables print them too, escaped for HTML.
    code, page, err = run("report", *CDNOW_COLUMNS, "--html", "-", strings)
    assert code == 0, err
    code, clv_top, err = run("clv", *CDNOW_COLUMNS, "--top", "10", strings)
    for row in list(csv.reader(io.StringIO(clv_top)))[1:]:
        escaped = row[0].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
            .replace('"', "&quot;")
        assert "<td>%s</td>" % escaped in page, row[0]


def check_ids_differ_by_their_bytes():
    # 007, 7 and 0007 are three customers; " 7" is 7 (spaces are trimmed).
    log = "customer_id,timestamp\n007,2024-01-01\n7,2024-01-01\n 7\t,2024-01-02\n" \
          "0007,2024-01-03\n user_42 ,2024-01-03\n"
    code, out, err = run("summary", "-", stdin=log)
    assert code == 0, err
    assert "customers,4\n" in out and "events,5\n" in out, out
    # As of January 31 all four are silent (no activity in the last 14
    # days): 7 has the most active days (2), then the others in the order
    # they appear in the log.
    # (Where 7 ranks depends on the value column; the three with one day
    # each keep their order.)
    code, out, err = run("at-risk", "--as-of", "2024-01-31", "-", stdin=log)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    ids = [r[0] for r in rows[1:]]
    assert sorted(ids) == ["0007", "007", "7", "user_42"], out
    assert [i for i in ids if i != "7"] == ["007", "0007", "user_42"], out
    assert all(r[2] == "1" for r in rows[1:]), out  # silent
    code, out, err = run("at-risk", "--as-of", "2024-01-31", "--format", "json", "-", stdin=log)
    assert [o["customer_id"] for o in json.loads(out)] == ids, out
    # An id of nothing but spaces is none.
    code, out, err = run("summary", "-", stdin="customer_id,timestamp\n  ,2024-01-01\n")
    assert code == 1 and err == "retention: line 2: no customer id\n", err


# --- Times -----------------------------------------------------------------

def check_cdnow_as_yyyymmdd():
    """CDNOW's raw form: 19970101."""
    raw = cdnow_rewritten("cdnow_yyyymmdd.csv", time_text=lambda d: d.strftime("%Y%m%d"))
    same_reports(cdnow, raw)
    same_reports(cdnow, raw, ["--time-format", "yyyymmdd"])
    # --as-of may be written in the log's own format.
    for args in (["clv", "--as-of"], ["at-risk", "--as-of"], ["frequency", "--as-of"]):
        want = run(*args, "1997-09-30", *CDNOW_COLUMNS, raw)
        assert want[0] == 0, want[2]
        assert run(*args, "19970930", *CDNOW_COLUMNS, raw) == want, args


def check_cdnow_as_patterns():
    for pattern, text in (("%d/%m/%Y", lambda d: d.strftime("%d/%m/%Y")),
                          # a comma: the field is quoted; %y 97 is 1997
                          ("%b %d, %y", lambda d: d.strftime("%b %d, %y").upper()),
                          ("%Y.%m.%d %H:%M:%S %z", lambda d: "%d.%d.%d 23:30:00 -0100" %
                           (d.year - 0, d.month, d.day))):
        if "%z" in pattern:
            # 23:30 at UTC-1 is 00:30 UTC the next day: at --utc-offset
            # -3600 that is the written day again.
            extra = ["--utc-offset", "-3600"]
        else:
            extra = []
        log = cdnow_rewritten("cdnow_pattern.csv", time_text=text)
        for args, fmt in cdnow_commands():
            if args[0] in ("clv", "report"):
                continue  # fitted: compared below on the plain pattern
            format_option = ["--format", fmt] if args[0] != "report" else []
            want = run(*args, *CDNOW_COLUMNS, *format_option, *extra, cdnow)
            got = run(*args, *CDNOW_COLUMNS, *format_option, *extra, "--time-format", pattern,
                      log)
            assert got == want and want[0] == 0, (pattern, args, got[2])
    log = cdnow_rewritten("cdnow_pattern.csv", time_text=lambda d: d.strftime("%d/%m/%Y"))
    same_reports(cdnow, log, ["--time-format", "%d/%m/%Y"])
    # A value the pattern does not fit is a bad row that names the pattern.
    code, out, err = run("summary", "--time-format", "%d/%m/%Y", "-",
                         stdin="customer_id,timestamp\n1,31/12/2024\n2,2024-12-31\n")
    assert code == 1 and err == "retention: line 3: time '2024-12-31' is not of the pattern " \
        "(--time-format %d/%m/%Y)\n", err
    code, out, err = run("summary", "--time-format", "%d/%m/%Y", "-",
                         stdin="customer_id,timestamp\n1,31/02/2024\n")
    assert code == 1 and "line 2: no such date" in err, err


def shifted(date):
    """28 years later (2025-2026): the same weekdays and leap years, and Unix
    seconds of 10 digits."""
    return date.replace(year=date.year + 28)


def check_unix_seconds_ms_us():
    """The CDNOW log 28 years later as ISO dates, and as Unix seconds (some
    with a fraction), milliseconds and microseconds at times within each
    day: the same reports."""
    iso = cdnow_rewritten("cdnow_2025.csv", time_text=lambda d: shifted(d).isoformat())
    second_of_day = iter(range(10**9))

    def instant(d):
        # A time of day that moves from row to row, never leaving the day.
        s = (shifted(d) - EPOCH).days * 86400 + next(second_of_day) * 7919 % 86400
        return s
    for name, text in (
            ("s", lambda d: str(instant(d))),
            ("s-fraction", lambda d: "%d.%03d" % (instant(d), 999)),
            ("ms", lambda d: "%d%03d" % (instant(d), 999)),
            ("us", lambda d: "%d%06d" % (instant(d), 999999))):
        log = cdnow_rewritten("cdnow_unix_%s.csv" % name, time_text=text)
        first = read_csv(log)[1][2]
        assert len(first.split(".")[0]) == {"s": 10, "s-fraction": 10, "ms": 13,
                                            "us": 16}[name], first
        same_reports(iso, log, as_of="2025-09-30")
    # Explicitly: Unix seconds of 9 digits (1997), which auto refuses.
    nine = cdnow_rewritten("cdnow_unix_1997.csv",
                           time_text=lambda d: str((d - EPOCH).days * 86400 + 43200))
    code, out, err = run("summary", *CDNOW_COLUMNS, nine)
    assert code == 1 and "cannot tell what '852120000' is" in err, err
    same_reports(cdnow, nine, ["--time-format", "unix"])
    # A fraction before 1970 is rounded down: -0.5 s is December 31, 1969.
    code, out, err = run("activity", "--time-format", "unix", "-",
                         stdin="customer_id,timestamp\n1,-0.5\n2,0.5\n")
    assert code == 0 and out.split("\n")[1:3] == ["1969-12-31,1,1,1,1",
                                                  "1970-01-01,1,2,2,0.5"], out
    code, out, err = run("activity", "--time-format", "unix-ms", "-",
                         stdin="customer_id,timestamp\n1,-1\n2,86399999.9\n")
    assert code == 0 and out.split("\n")[1:3] == ["1969-12-31,1,1,1,1",
                                                  "1970-01-01,1,2,2,0.5"], out


def check_refusals():
    refusal = "cannot tell what '%s' is: give --time-format " \
              "unix|unix-ms|unix-us|yyyymmdd|iso|PATTERN\n"
    # An Excel serial day, a 9-digit epoch, 8 digits that are no date, 11
    # digits: never read as seconds of 1970, not even when skipping bad rows.
    for value in ("45657", "852120000", "20241399", "17040672000", "-86400", "12.5"):
        for skip in ([], ["--skip-bad-rows"]):
            code, out, err = run("summary", *skip, "-",
                                 stdin="customer_id,timestamp\n1,%s\n2,2024-01-01\n" % value)
            assert code == 1 and out == "" and err == "retention: line 2: " + \
                refusal % value, (value, err)
    # The first value decides: a later one in another form is a bad row.
    log = "customer_id,timestamp\n1,1704067200\n2,2024-01-01\n3,1704153600\n"
    code, out, err = run("summary", "-", stdin=log)
    assert code == 1 and err == "retention: line 3: time '2024-01-01' is not Unix seconds, " \
        "the format --time-format auto chose from line 2 (unix)\n", err
    code, out, err = run("summary", "--max-bad-rows", "1", "-", stdin=log)
    assert code == 0 and err == "retention: skipped 1 bad rows of 3: 1 'time '2024-01-01' is " \
        "not Unix seconds, the format --time-format auto chose from line 2 (unix)' (line 3)\n", \
        err
    assert "customers,2\n" in out, out
    log = "customer_id,timestamp\n1,2024-01-01\n2,20240102\n"
    code, out, err = run("summary", "-", stdin=log)
    assert code == 1 and err == "retention: line 3: time '20240102' is not an ISO 8601 date " \
        "or date-time, the format --time-format auto chose from line 2 (iso)\n", err
    # Until a time is read, nothing is decided: a first row that is no time
    # at all is a bad row, and the next one decides.
    code, out, err = run("summary", "--max-bad-rows", "2", "-",
                         stdin="customer_id,timestamp\n1,yesterday\n2,\n3,20240102\n")
    assert code == 0 and "first_day,2024-01-02\n" in out, (out, err)
    # With --time-format the column is read as told.
    code, out, err = run("summary", "--time-format", "iso", "-",
                         stdin="customer_id,timestamp\n1,1704067200\n")
    assert code == 1 and err == "retention: line 2: time '1704067200' is not an ISO 8601 " \
        "date or date-time (--time-format iso)\n", err


def check_bad_time_formats():
    for value, why in (
            ("seconds", "auto, unix, unix-ms, unix-us, iso, yyyymmdd or a pattern such as "
                        "'%d/%m/%Y %H:%M'"),
            ("", "auto, unix, unix-ms, unix-us, iso, yyyymmdd or a pattern such as "
                 "'%d/%m/%Y %H:%M'"),
            ("%d/%m/%Q", "a pattern knows %Y %y %m %b %d %H %M %S %z and %%"),
            ("%d/%m/%Y %", "a pattern ends with a lone %"),
            ("%m/%Y", "a pattern needs one year (%Y or %y), month (%m or %b) and day (%d)"),
            ("%d %m %Y %m", "a pattern names each field once")):
        code, out, err = run("summary", "--time-format", value, cdnow)
        assert code == 2 and out == "" and \
            err == "retention: --time-format %s: %s\n" % (value, why), (value, err)
    code, out, err = run("summary", "--time-format=%Y%m%d", "--id-column", "masterid",
                         "--time-column", "date", cdnow)
    assert code == 1 and "is not of the pattern (--time-format %Y%m%d)" in err, err


checks = [check_string_ids_print_back, check_ids_differ_by_their_bytes, check_cdnow_as_yyyymmdd,
          check_cdnow_as_patterns, check_unix_seconds_ms_us, check_refusals,
          check_bad_time_formats]
for check in checks:
    check()  # an assertion ends the run: every check before it passed
print(f"{len(checks)} passed, 0 failed")
