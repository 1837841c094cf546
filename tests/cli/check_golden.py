#!/usr/bin/python3
"""Runs every case of golden_cases.py through the `retention` command and
compares its output with the golden file, which make_golden.py computed
independently. Text, whole numbers and everything of --format text and of
the report's tables (rounded for reading) must match exactly. A real number
of csv or json must be printed as the shortest decimal that reads back as
the double printed (15, 16 or 17 digits, as short as Python's repr) and be
within the case's relative tolerance of the model's (golden_cases.py: the
two implementations may differ in the last bits). Also checks that
cdnow_iso.csv and cdnow_arms.csv are what make_cdnow_log.py derives from
tests/data/cdnow_elog.csv.
usage: check_golden.py PATH/TO/retention"""
import csv
import html.parser
import io
import json
import os
import re
import subprocess
import sys

import golden_cases
import make_cdnow_log
import retention_model as model

TOOL = os.path.abspath(sys.argv[1])
INTEGER = re.compile(r"-?\d+$")
REAL = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
ABSOLUTE = 1e-15  # near 0 a relative tolerance means nothing
MAX_SHOWN = 10


def not_shortest(text):
    """None if text is how C's %g at 15, 16 or 17 digits, whichever reads
    back first, prints the double it reads as (as short as repr but for
    subnormals: check_outputs.py), else why."""
    if not REAL.match(text) or INTEGER.match(text):
        return None  # text, or a whole number (no decimals to round)
    shortest = model.round_trip_text(float(text))
    if text == shortest:
        return None
    return "%s is not the shortest text of its double (%s)" % (text, shortest)


def cell_difference(expected, got, tolerance):
    """None if the cells agree, else why not; tolerance None: exactly."""
    if tolerance is not None:
        why = not_shortest(got)
        if why:
            return why
    if expected == got:
        return None
    whole = INTEGER.match(expected) and INTEGER.match(got)
    if tolerance is None or whole or not (REAL.match(expected) and REAL.match(got)):
        return "expected %r, got %r" % (expected, got)
    a, b = float(expected), float(got)
    if abs(a - b) <= max(tolerance * max(abs(a), abs(b)), ABSOLUTE):
        return None
    return "expected %s, got %s (relative difference %.3g, tolerance %g)" % (
        expected, got, abs(a - b) / max(abs(a), abs(b)), tolerance)


def csv_cells(text):
    return list(csv.reader(io.StringIO(text)))


def json_cells(text):
    """Rows of (kind, text) cells, so that 1 and "1" and null stay apart."""
    def number(s):
        return ("number", s)
    rows = json.loads(text, parse_float=number, parse_int=number)
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError("not an array of objects")
    out = []
    for r in rows:
        out.append([list(r)] + [v[1] if isinstance(v, tuple) else json.dumps(v)
                                for v in r.values()])
    return out


def text_cells(text):
    """Words and the blanks between them: the alignment is compared too."""
    return [re.split(r"( +)", line) for line in text.split("\n")]


class HtmlTables(html.parser.HTMLParser):
    """The cells of every <table> of a page, row by row, but for the
    report's views of other commands' numbers (class "view": the cohort
    and segment tables, whose numbers the goldens of those commands check)."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.in_view = [], None, False

    def handle_starttag(self, tag, attrs):
        if self.in_view:
            return
        if tag == "table" and "view" in (dict(attrs).get("class") or "").split():
            self.in_view = True
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table" and self.in_view:
            self.in_view = False
        elif tag in ("td", "th") and not self.in_view:
            self.tables[-1][-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def report_cells(page):
    """The report's tables as the csv rows of make_golden's "tables": each
    table's rows, an empty row between tables."""
    parser = HtmlTables()
    parser.feed(page)
    rows = []
    for k, t in enumerate(parser.tables):
        rows += ([[]] if k else []) + t
    return rows


def compare(case, expected_text, got_text):
    """The differences, as lines for the log."""
    parse = {"csv": csv_cells, "json": json_cells, "text": text_cells,
             "tables": csv_cells}[case.format]
    parse_output = report_cells if case.format == "tables" else parse
    try:
        expected, got = parse(expected_text), parse_output(got_text)
    except ValueError as e:
        return ["output does not parse as %s: %s" % (case.format, e)]
    tolerance = None if case.format in ("text", "tables") else case.tolerance
    problems = []
    if len(expected) != len(got):
        problems.append("%d rows expected, %d printed" % (len(expected), len(got)))
    for line, (want, have) in enumerate(zip(expected, got), 1):
        if len(want) != len(have):
            problems.append("row %d: %d cells expected, %d printed: %r" %
                            (line, len(want), len(have), have))
            continue
        for column, (a, b) in enumerate(zip(want, have)):
            a, b = (a, b) if isinstance(a, str) else (repr(a), repr(b))
            why = cell_difference(a, b, tolerance)
            if why:  # text rows alternate words and blanks
                cell = column // 2 if case.format == "text" else column
                problems.append("row %d cell %d: %s" % (line, cell + 1, why))
    return problems


def run_case(case):
    golden = golden_cases.golden_path(case)
    p = subprocess.run([TOOL] + golden_cases.command(case), capture_output=True, text=True)
    if case.status != 0:
        if p.returncode != case.status or p.stdout:
            return ["status %d and no output expected, got %d and %d bytes" %
                    (case.status, p.returncode, len(p.stdout))]
        return []
    if p.returncode != 0:
        return ["status %d: %s" % (p.returncode, p.stderr.strip())]
    with open(golden, newline="") as f:
        return compare(case, f.read(), p.stdout)


def main():
    failed = 0
    for case in golden_cases.CASES:
        problems = run_case(case)
        label = "%s/%s.%s: retention %s" % (case.log, case.name, case.format,
                                          " ".join(golden_cases.command(case)))
        if problems:
            failed += 1
            print("FAIL " + label)
            for p in problems[:MAX_SHOWN]:
                print("    " + p)
            if len(problems) > MAX_SHOWN:
                print("    ... and %d more" % (len(problems) - MAX_SHOWN))
        else:
            print("ok   " + label)
    for target, text in ((make_cdnow_log.TARGET, make_cdnow_log.converted()),
                         (make_cdnow_log.ARMS_TARGET, make_cdnow_log.with_arms())):
        with open(target) as f:
            if f.read() != text:
                failed += 1
                print("FAIL %s is not what make_cdnow_log.py writes" % os.path.basename(target))
    total = len(golden_cases.CASES) + 2
    print("%d passed, %d failed" % (total - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
