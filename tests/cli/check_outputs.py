#!/usr/bin/python3
"""The `retention` command's outputs as programs and people read them:
reals in csv and json read back as the very doubles computed (compared with
retention_model.py on the CDNOW log), undefined rates unknown rather than 0,
no rows for cohorts nobody started in, and `report --html FILE` replacing
FILE only with a complete page.
usage: check_outputs.py PATH/TO/retention"""
import csv
import io
import json
import os
import random
import resource
import signal
import struct
import subprocess
import sys
import tempfile

import golden_cases
import retention_model as model

tool = os.path.abspath(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
tiny = os.path.join(here, "tiny.csv")
RELATIVE, ABSOLUTE = 1e-12, 1e-15


def run(*args, limit=None, cwd=None):
    def limited():  # a file size limit: writes fail with EFBIG, no signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    p = subprocess.run([tool, *args], capture_output=True, text=True, cwd=cwd,
                       preexec_fn=limited if limit else None)
    return p.returncode, p.stdout, p.stderr


def strict_json(text):
    """json.loads refusing NaN and Infinity, which are not JSON."""
    def refuse(name):
        raise ValueError("not JSON: " + name)
    return json.loads(text, parse_constant=refuse)


def check_round_trip_text():
    """The model's formatting (C's rule) reads back, and is as short as
    repr, the shortest text that does, on normal doubles of every size. A
    subnormal (below 2.2e-308) keeps at least 15 digits: %g at fewer would
    print 100000 as 1e+05."""
    rng = random.Random(7)
    values = [0.1, 1 / 3, 2 / 3, 1e-5, 1.5e-7, 1e15, 1e16, 123456789012345678.0,
              5e-324, 1.7976931348623157e308, 0.0, 1.0, 0.5]
    values += [struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
               for _ in range(20000)]
    for v in values:
        if v != v or v in (float("inf"), -float("inf")):
            continue
        text = model.round_trip_text(v)
        assert float(text) == v, (v, text)
        mantissa = lambda s: s.lstrip("-").split("e")[0].replace(".", "").strip("0")
        if abs(v) >= sys.float_info.min or v == 0.0:
            assert len(mantissa(text)) == len(mantissa(repr(v))), (v, text, repr(v))


def reals_against_model(label, got_rows, want_rows):
    """Every real of got (text cells of csv or values of json) against the
    model's Real cells: the same double, or within 1e-12 relative; the
    counts of each."""
    same = close = 0
    assert len(got_rows) == len(want_rows), label
    for got, want in zip(got_rows, want_rows):
        for g, w in zip(got, want):
            if not isinstance(w, model.Real):
                continue
            x = float(g) if isinstance(g, str) else g
            if x == w.value:
                same += 1
            else:
                assert abs(x - w.value) <= max(RELATIVE * abs(w.value), ABSOLUTE), \
                    (label, g, w.value)
                close += 1
    return same, close


def check_cdnow_reals():
    path, columns = golden_cases.LOGS["cdnow"]
    log = model.Log(path, "masterid", "date", "sales")
    cases = [("activity", [], model.activity(log)),
             ("survival", [], model.survival(log)),
             ("cohorts", ["--period", "month"], model.cohorts(log, "month", "exact")),
             ("churn", [], model.churn(log)),
             ("summary", [], model.summary(log, log.last_day))]
    total_same = total_close = 0
    for name, args, (names, want) in cases:
        for fmt in ("csv", "json"):
            code, out, err = run(name, *args, *columns, "--format", fmt, path)
            assert code == 0, err
            if fmt == "csv":
                table = list(csv.reader(io.StringIO(out)))
                assert table[0] == names, (name, table[0])
                got = table[1:]
            else:
                got = [list(r.values()) for r in strict_json(out)]
            same, close = reals_against_model(name + " " + fmt, got, want)
            total_same, total_close = total_same + same, total_close + close
    print("cdnow reals: %d the same double as the model's, %d within %g" %
          (total_same, total_close, RELATIVE))
    assert total_same > 4000


def write_log(directory, name, body):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write("customer_id,timestamp\n" + body)
    return path


def check_undefined_rates_and_empty_cohorts():
    # Customer 1 on 2024-01-01 and 01-04, customer 2 on 2024-03-15 (day 74).
    # MAU counts days d-29 .. d: 1 up to 02-02 (the window still holds
    # 01-04), 0 from 02-03 to 03-14, 1 on 03-15. Daily cohorts: 01-01 and
    # 03-15 have one customer each; nobody started in the 72 days between.
    with tempfile.TemporaryDirectory() as tmp:
        log = write_log(tmp, "gap.csv", "1,2024-01-01\n1,2024-01-04\n2,2024-03-15\n")
        code, out, err = run("activity", log)
        assert code == 0, err
        rows = {r[0]: r[1:] for r in csv.reader(io.StringIO(out))}
        assert rows["2024-01-04"] == ["1", "1", "1", "1"], rows["2024-01-04"]
        assert rows["2024-02-02"] == ["0", "0", "1", "0"], rows["2024-02-02"]  # 0 of 1
        for day in ("2024-02-03", "2024-03-14"):
            assert rows[day] == ["0", "0", "0", ""], (day, rows[day])  # 0 of 0
        code, out, err = run("activity", "--format", "json", log)
        by_day = {r["day"]: r for r in strict_json(out)}
        assert by_day["2024-02-03"]["stickiness"] is None and \
            by_day["2024-02-02"]["stickiness"] == 0, out
        code, out, err = run("activity", "--format", "text", log)
        line = next(l for l in out.split("\n") if l.startswith("2024-02-03"))
        assert line.split() == ["2024-02-03", "0", "0", "0", "-"], line
        for fmt, cohort_of in (("csv", lambda r: r.split(",")[0]),
                               ("text", lambda r: r.split()[0])):
            code, out, err = run("cohorts", "--format", fmt, log)
            assert code == 0, err
            body = out.rstrip("\n").split("\n")[1:]
            # 75 days: 75 offsets for 01-01 and 75 for 03-15 (74 censored).
            assert sorted(set(map(cohort_of, body))) == ["2024-01-01", "2024-03-15"], out
            assert len(body) == 2 * 75, len(body)
        code, out, err = run("cohorts", "--format", "json", log)
        rows = strict_json(out)
        assert {r["cohort"] for r in rows} == {"2024-01-01", "2024-03-15"}
        assert all(r["size"] == 1 for r in rows)
        assert [r["rate"] for r in rows if r["cohort"] == "2024-01-01"][:4] == [1, 0, 0, 1]


def check_huge_values_in_text():
    """CDNOW with every amount times 1e280 (amounts go up to 1e300): text
    prints the values, near 1e282, as 2-decimal mantissas with an exponent,
    not cut off at 63 of their 283 digits; each is the csv value rounded."""
    path, columns = golden_cases.LOGS["cdnow"]
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    k = rows[0].index("sales")
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "big.csv")
        with open(big, "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(rows[0])
            for row in rows[1:]:
                writer.writerow(row[:k] + [repr(float(row[k]) * 1e280) if row[k] else ""]
                                + row[k + 1:])
        args = ["clv", "--as-of", "1997-09-30", "--top", "5", *columns, big]
        code, text, err = run(*args, "--format", "text")
        assert code == 0, err
        code, exact, err = run(*args)
        assert code == 0, err
    exact = list(csv.reader(io.StringIO(exact)))[1:]
    shown = [line.split() for line in text.rstrip("\n").split("\n")[1:]]
    assert len(shown) == len(exact) == 5, text
    for printed, value in zip(shown, exact):
        for column in (6, 7):  # expected_spend, clv: money, 2 decimals
            assert "e+28" in printed[column], printed
            assert printed[column] == "%.2e" % float(value[column]), (printed, value)
            assert 1e280 < float(value[column]) < 1e284, value


def check_report_replaces_only_when_complete():
    previous = b"<html>the previous report</html>\n"
    with tempfile.TemporaryDirectory() as logs, tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "report.html")

        def reset(mode=0o640):
            with open(page, "wb") as f:
                f.write(previous)
            os.chmod(page, mode)

        def untouched(why):  # and no temporary file left beside it
            with open(page, "rb") as f:
                assert f.read() == previous, why
            assert os.listdir(tmp) == ["report.html"], (why, os.listdir(tmp))

        reset()
        bad = write_log(logs, "bad.csv", "1,2024-01-01\n2,2024-02-30\n")
        code, out, err = run("report", "--html", page, bad)
        assert code == 1 and "line 3" in err, err
        untouched("a bad log")
        # The page was opened before the as-of day failed: truncated before.
        code, out, err = run("report", "--html", page, "--as-of", "soon", tiny)
        assert code == 2 and "--as-of soon" in err, err
        untouched("a bad --as-of")
        # A write that fails half-way (a file size limit, as a full disk).
        code, out, err = run("report", "--html", page, tiny, limit=4096)
        assert code == 1 and "writing " + page in err and out == "", (code, out, err)
        untouched("a failed write")
        code, out, err = run("report", "--html", os.path.join(tmp, "no", "page.html"), tiny)
        assert code == 1 and "No such file or directory" in err, err
        untouched("a directory that does not exist")
        # To standard output: the file is not touched.
        code, out, err = run("report", "--html", "-", tiny)
        assert code == 0 and out.startswith("<!DOCTYPE html>"), err
        untouched("--html -")
        # A complete page replaces the file and keeps its mode.
        code, out, err = run("report", "--html", page, tiny)
        assert code == 0 and "wrote " + page in out, err
        with open(page) as f:
            html = f.read()
        assert html.startswith("<!DOCTYPE html>") and html.endswith("</body></html>\n")
        assert os.stat(page).st_mode & 0o7777 == 0o640, oct(os.stat(page).st_mode)
        assert os.listdir(tmp) == ["report.html"], os.listdir(tmp)
        # A new file gets the mode fopen would give it: 0666 less the umask.
        os.remove(page)
        mask = os.umask(0o022)
        try:
            code, out, err = run("report", "--html", page, tiny)
        finally:
            os.umask(mask)
        assert code == 0 and os.stat(page).st_mode & 0o7777 == 0o644, err


checks = [check_round_trip_text, check_cdnow_reals, check_undefined_rates_and_empty_cohorts,
          check_huge_values_in_text, check_report_replaces_only_when_complete]
for check in checks:
    check()
print(f"{len(checks)} passed, 0 failed")
