#!/usr/bin/python3
"""The `retention` command on event logs of every common shape: the same log
written with `;`, tab or `|` delimiters, a byte order mark, mixed-case and
padded header names, CRLF or CR-only line ends, gzip-compressed (as a file,
under any name, and on standard input), must give exactly the output of
the log in its tidy form (comma, LF); the tidy form's output is checked
against the Python model (retention_model.py). Then the messages and exit
statuses of missing columns, extra fields, --delimiter and the bad-row
options (--skip-bad-rows, --max-bad-rows N and P%), each written out here
from its definition in docs/retention.1.
usage: check_shapes.py PATH/TO/retention"""
import csv
import gzip
import io
import os
import random
import subprocess
import sys
import tempfile

import retention_model as model

tool = os.path.abspath(sys.argv[1])
scratch = tempfile.mkdtemp()
COMMANDS = (["activity"], ["churn"], ["frequency"], ["summary"])
HEADER = ["customer_id", "timestamp", "amount", "segment"]


def run(*args, stdin=b""):
    p = subprocess.run([tool, *args], input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def write(name, data):
    path = os.path.join(scratch, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def make_rows(count=300, seed=7):
    """Rows of 40 customers from January to April 2024: activity (no amount)
    and purchases with cents; segments with a comma, a semicolon, a tab and
    a bar in their names, so that every delimiter needs quoting somewhere."""
    rng = random.Random(seed)
    segments = ["basic", "pro, yearly", "team; EU", "free\ttrial", "a|b", ""]
    rows = []
    for _ in range(count):
        who = rng.randrange(1, 41)
        day = rng.randrange(0, 120)
        time = 1704067200 + day * 86400 + rng.randrange(0, 86400)
        amount = "%d.%02d" % (rng.randrange(0, 200), rng.randrange(0, 100)) \
            if rng.random() < 0.4 else ""
        rows.append([str(who), str(time), amount, segments[who % len(segments)]])
    return rows


def as_csv(rows, header=HEADER, delimiter=",", line_end="\n"):
    """The log written by Python's csv module, which quotes as needed."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode()


def outputs(path, *options):
    """Every command's stdout on the file, checking each succeeded quietly."""
    result = []
    for command in COMMANDS:
        code, out, err = run(*command, *options, path)
        assert code == 0 and err == "", (command, options, path, code, err)
        result.append(out)
    return result


ROWS = make_rows()
TIDY = write("tidy.csv", as_csv(ROWS))
EXPECTED = outputs(TIDY)


def check_tidy_against_the_model():
    log = model.Log(TIDY)
    assert EXPECTED[0] == model.to_csv(*model.activity(log)), EXPECTED[0]
    assert EXPECTED[1] == model.to_csv(*model.churn(log)), EXPECTED[1]
    # The fixture reaches every shape it is meant to: purchases and quoting.
    assert log.purchase_rows > 50 and len(log.segment_names) == 5
    assert open(TIDY, "rb").read().count(b'"') >= 40


def same_as_tidy(name, data, *options):
    got = outputs(write(name, data), *options)
    for command, want, have in zip(COMMANDS, EXPECTED, got):
        assert have == want, (name, options, command, have, want)


def check_delimiters():
    for name, d in (("semicolon", ";"), ("tab", "\t"), ("pipe", "|")):
        data = as_csv(ROWS, delimiter=d)
        assert data.count(d.encode()) > len(ROWS)  # really that delimiter
        same_as_tidy(name + ".csv", data)  # found on the header line
    same_as_tidy("tab-named.csv", as_csv(ROWS, delimiter="\t"), "--delimiter", "tab")
    same_as_tidy("tab-escaped.csv", as_csv(ROWS, delimiter="\t"), "--delimiter", "\\t")
    same_as_tidy("tab-itself.csv", as_csv(ROWS, delimiter="\t"), "--delimiter", "\t")
    same_as_tidy("semicolon-named.csv", as_csv(ROWS, delimiter=";"), "--delimiter=;")
    same_as_tidy("pipe-named.csv", as_csv(ROWS, delimiter="|"), "--delimiter", "|")
    same_as_tidy("comma-named.csv", as_csv(ROWS), "--delimiter", ",")
    # A delimiter inside quotes on the header line does not count: three
    # commas but one semicolon outside quotes.
    data = as_csv([r[:3] + [""] for r in ROWS], delimiter=";")
    data = b'customer_id;timestamp;amount;"segment,a,b,c"' + data[data.index(b"\n"):]
    code, out, err = run("activity", write("quoted-header.csv", data))
    assert code == 0 and out == EXPECTED[0], err
    # A tie (two fields either way) goes to the comma: the time column is
    # then "timestamp;zone", and missing.
    code, out, err = run("activity", write("tie.csv", b"customer_id,timestamp;zone\n"
                                                      b"1,2024-01-01;x\n"))
    assert code == 1 and err == (
        "retention: line 1: no column named 'timestamp'; the columns are: customer_id, "
        "timestamp;zone (closest: timestamp;zone)\n"), err
    # An explicit delimiter overrides what the header line suggests: a
    # semicolon log read at the commas has one column.
    path = write("explicit.csv", as_csv(ROWS, delimiter=";"))
    code, out, err = run("activity", "--delimiter", ",", path)
    whole = "customer_id;timestamp;amount;segment"
    assert code == 1 and out == "" and err == "".join(
        "retention: line 1: no column named '%s'; the columns are: %s (closest: %s)\n"
        % (name, whole, whole) for name in ("customer_id", "timestamp")), err


def check_bom_and_header_names():
    same_as_tidy("bom.csv", b"\xef\xbb\xbf" + as_csv(ROWS))
    same_as_tidy("bom-semicolon.csv", b"\xef\xbb\xbf" + as_csv(ROWS, delimiter=";"))
    header = ["Customer_ID ", " TIMESTAMP", "Amount", "  segment  "]
    same_as_tidy("names.csv", as_csv(ROWS, header=header))
    # The columns named on the command line match the same way.
    header = ["User", "When", "Spent", "Plan"]
    same_as_tidy("renamed.csv", as_csv(ROWS, header=header), "--id-column", "user",
                 "--time-column", "WHEN", "--amount-column", " spent", "--segment-column",
                 "plan")
    # Optional columns by default may be missing: no amounts, no segments.
    plain = [r[:2] for r in ROWS]
    code, out, err = run("activity", write("two.csv", as_csv(plain, header=HEADER[:2])))
    assert code == 0 and err == "" and out == EXPECTED[0], err


def check_line_ends():
    for name, end in (("crlf", "\r\n"), ("cr", "\r")):
        data = as_csv(ROWS, line_end=end)
        assert data.count(b"\n") == (len(ROWS) + 1 if end == "\r\n" else 0)
        same_as_tidy(name + ".csv", data)
        same_as_tidy(name + "-tab.csv", as_csv(ROWS, delimiter="\t", line_end=end))
    # CR-only without a last line end, after a BOM.
    same_as_tidy("cr-bom.csv", b"\xef\xbb\xbf" + as_csv(ROWS, line_end="\r")[:-1])
    # A NUL byte is a bad row with its line number, whatever the line ends.
    for end in (b"\n", b"\r\n", b"\r"):
        data = end.join([b"customer_id,timestamp", b"1,2024-01-01", b"2,2024-01-0\x002", b""])
        code, out, err = run("activity", "-", stdin=data)
        assert code == 1 and err == "retention: line 3: NUL byte in the line\n", (end, err)


def check_gzip():
    tidy = open(TIDY, "rb").read()
    same_as_tidy("log.csv.gz", gzip.compress(tidy))
    same_as_tidy("compressed-but-named.csv", gzip.compress(tidy))  # the magic bytes tell
    same_as_tidy("cr-semicolon.csv.gz", gzip.compress(as_csv(ROWS, delimiter=";", line_end="\r")))
    # Two members, as `cat a.gz b.gz` makes: one log.
    half = len(tidy) // 2
    cut = tidy.index(b"\n", half) + 1
    same_as_tidy("members.csv.gz", gzip.compress(tidy[:cut]) + gzip.compress(tidy[cut:]))
    # On standard input.
    for command, want in zip(COMMANDS, EXPECTED):
        code, out, err = run(*command, "-", stdin=gzip.compress(tidy))
        assert code == 0 and out == want, (command, err)
    # A log larger than the reader's 64 KiB blocks, compressed far smaller.
    big = as_csv(make_rows(20000, seed=3))
    assert len(big) > 4 * 65536
    plain_outputs = outputs(write("big.csv", big))
    assert outputs(write("big.csv.gz", gzip.compress(big))) == plain_outputs
    # Broken streams: a failure of the read, never a partial report.
    packed = gzip.compress(tidy)
    code, out, err = run("activity", write("short.csv.gz", packed[:len(packed) // 2]))
    assert code == 1 and out == "" and err.startswith("retention: line ") and \
        err.endswith(": the gzip data ends early\n"), err
    # Deflate's first block type 3, which does not exist (RFC 1951 3.2.3),
    # right after the 10-byte gzip header.
    broken = bytearray(packed)
    broken[10] |= 0x06
    code, out, err = run("activity", write("corrupt.csv.gz", bytes(broken)))
    assert code == 1 and out == "" and err.endswith(": the gzip data is corrupt\n"), err
    code, out, err = run("activity", write("trailer.csv.gz", packed[:-4] + b"\0\0\0\0"))
    assert code == 1 and out == "" and err.endswith(": the gzip data is corrupt\n"), err


def check_missing_columns():
    data = b"user_id,time,amount\n1,2024-01-01,5\n"
    code, out, err = run("activity", write("other-names.csv", data))
    # Edit distances: customer_id -> user_id 4 (drop c, t, o, m), timestamp
    # -> time 5 (drop "stamp"); every other pair is farther.
    assert code == 1 and out == "" and err == (
        "retention: line 1: no column named 'customer_id'; the columns are: user_id, time, "
        "amount (closest: user_id)\n"
        "retention: line 1: no column named 'timestamp'; the columns are: user_id, time, "
        "amount (closest: time)\n"), err
    # A column named on the command line is a usage error when missing,
    # an optional one too (a misspelled --amount-column was silently no
    # amounts); amt -> amount is 3 edits.
    for option, name, closest in (("--amount-column", "amt", "amount"),
                                  ("--segment-column", "segmnt", "segment"),
                                  ("--id-column", "customer", "customer_id")):
        code, out, err = run("activity", option, name, TIDY)
        assert code == 2 and out == "" and err == (
            "retention: line 1: no column named '%s'; the columns are: customer_id, "
            "timestamp, amount, segment (closest: %s)\n" % (name, closest)), (option, err)
    # The header's line number after blank lines.
    code, out, err = run("activity", "-", stdin=b"\n\r\nid,timestamp\n1,2024-01-01\n")
    assert code == 1 and err.startswith("retention: line 3: no column named 'customer_id'; "
                                        "the columns are: id, timestamp (closest: id)"), err


def check_extra_fields():
    # An unquoted thousands separator: not an amount of 1 and a dropped tail.
    data = b"customer_id,timestamp,amount\n1,2024-01-01,5\n2,2024-01-02,1,234.50\n"
    code, out, err = run("activity", "-", stdin=data)
    assert code == 1 and out == "" and \
        err == "retention: line 3: 4 fields, the header has 3\n", err
    quoted = data.replace(b"1,234.50", b'"1,234.50"')
    code, out, err = run("activity", "-", stdin=quoted)
    assert code == 1 and err == "retention: line 3: amount is not a number from -1e300 to " \
        "1e300\n", err
    # Fewer fields than the header is fine while the columns read are
    # there, and a bad row when they are not.
    code, out, err = run("activity", "-", stdin=b"customer_id,timestamp,note\n"
                                                 b"1,2024-01-01\n")
    assert code == 0 and out.splitlines()[1] == "2024-01-01,1,1,1,1", err
    code, out, err = run("activity", "-", stdin=b"customer_id,note,timestamp\n"
                                                 b"1,2024-01-01\n")
    assert code == 1 and err == "retention: line 2: missing fields\n", err


# The bad-row log: `good` rows of the tidy form with bad ones put in at
# chosen data rows (row k, from 0, is on line k + 2).
BAD_AMOUNT = "amount is not a number from -1e300 to 1e300"
BAD_TIME = "time more than 100 years from 1970"


def with_bad_rows(bad, total):
    """bad: {data row index: (kind, reason)}; the log of `total` data rows,
    and the tidy log of its good rows alone."""
    good = make_rows(total - len(bad), seed=11)
    rows, it = [], iter(good)
    for k in range(total):
        kind = bad.get(k)
        if kind == "amount":
            rows.append(["7", "1704067200", "12 EUR", ""])
        elif kind == "time":  # Unix seconds as the good rows', out of range
            rows.append(["7", "-9999999999", "", ""])
        elif kind == "extra":
            rows.append(["7", "1704067200", "1", "basic", "surplus"])
        else:
            rows.append(next(it))
    return as_csv(rows), as_csv(good)


def lines(rows):
    return ", ".join(str(k + 2) for k in rows)


def check_bad_row_breakdown():
    bad = {2: "amount", 7: "amount", 5: "extra"}
    data, tidy = with_bad_rows(bad, 1000)
    path = write("bad.csv", data)
    want = outputs(write("bad-tidy.csv", tidy))
    # Without the options the first bad row fails the run.
    code, out, err = run("activity", path)
    assert code == 1 and out == "" and err == "retention: line 4: %s\n" % BAD_AMOUNT, err
    # 3 of 1000 is within the default 1 %: the good rows' report.
    breakdown = "2 '%s' (lines 4, 9), 1 '5 fields, the header has 4' (line 7)" % BAD_AMOUNT
    for option in (["--skip-bad-rows"], ["--max-bad-rows", "3"], ["--max-bad-rows=0.3%"],
                   ["--max-bad-rows", "100%"], ["--skip-bad-rows", "--max-bad-rows", "5"]):
        for command, expected in zip(COMMANDS, want):
            code, out, err = run(*command, *option, path)
            assert code == 0 and out == expected and err == (
                "retention: skipped 3 bad rows of 1000: %s\n" % breakdown), (option, err)
    # One past the limit either way: the run fails with the same breakdown.
    for option, limit in ((["--max-bad-rows", "2"], "2"), (["--max-bad-rows", "0.29%"], "0.29%"),
                          (["--max-bad-rows", "0"], "0"), (["--max-bad-rows", "0%"], "0%")):
        code, out, err = run("activity", *option, path)
        assert code == 1 and out == "" and err == (
            "retention: too many bad rows: 3 of 1000, more than %s: %s\n" % (limit, breakdown)
        ), (option, err)


def check_default_limit_and_many_lines():
    # 1 % of 1000 is 10: ten bad rows pass, eleven fail.
    ten = {k: "time" for k in range(3, 103, 10)}
    data, tidy = with_bad_rows(ten, 1000)
    code, out, err = run("activity", "--skip-bad-rows", write("ten.csv", data))
    rows = sorted(ten)
    assert code == 0 and out == outputs(write("ten-tidy.csv", tidy))[0] and err == (
        "retention: skipped 10 bad rows of 1000: 10 '%s' (lines %s, ...)\n"
        % (BAD_TIME, lines(rows[:5]))), err
    eleven = {**ten, 500: "amount"}
    data, _ = with_bad_rows(eleven, 1000)
    code, out, err = run("activity", "--skip-bad-rows", write("eleven.csv", data))
    assert code == 1 and out == "" and err == (
        "retention: too many bad rows: 11 of 1000, more than 1%%: 10 '%s' (lines %s, ...), "
        "1 '%s' (line 502)\n" % (BAD_TIME, lines(rows[:5]), BAD_AMOUNT)), err
    # Exactly five lines: no ellipsis.
    five = {k: "time" for k in (0, 1, 2, 3, 4)}
    data, _ = with_bad_rows(five, 600)
    code, out, err = run("activity", "--max-bad-rows", "5", write("five.csv", data))
    assert code == 0 and err == ("retention: skipped 5 bad rows of 600: 5 '%s' (lines 2, 3, "
                                 "4, 5, 6)\n" % BAD_TIME), err


def check_options_refused_before_reading():
    missing = os.path.join(scratch, "no-such-file.csv")
    cases = [
        (["--delimiter", "x"], "retention: --delimiter x: ',', ';', 'tab' or '|'\n"),
        (["--delimiter", ";;"], "retention: --delimiter ;;: ',', ';', 'tab' or '|'\n"),
        (["--delimiter", ""], "retention: --delimiter : ',', ';', 'tab' or '|'\n"),
        (["--delimiter"], "retention: --delimiter needs a value\n"),
    ]
    for value in ("abc", "-1", "1.5", "", "2x", "1e3"):
        cases.append((["--max-bad-rows", value], "retention: --max-bad-rows %s: a whole number "
                      "of rows or a percentage like 2%%\n" % value))
    for value in ("101%", "-1%", "%%", "x%", "nan%", "1%%"):
        cases.append((["--max-bad-rows", value], "retention: --max-bad-rows %s: a percentage "
                      "from 0%% to 100%%\n" % value))
    for options, message in cases:
        code, out, err = run("activity", missing, *options)
        # Exit 2 naming the option: the file (which does not exist) unread.
        assert code == 2 and out == "" and err == message, (options, err)
    code, out, err = run("activity", missing)
    assert code == 1 and "no-such-file.csv" in err, err


checks = [check_tidy_against_the_model, check_delimiters, check_bom_and_header_names,
          check_line_ends, check_gzip, check_missing_columns, check_extra_fields,
          check_bad_row_breakdown, check_default_limit_and_many_lines,
          check_options_refused_before_reading]
for check in checks:
    check()  # an assertion ends the run: every check before it passed
print(f"{len(checks)} passed, 0 failed")
