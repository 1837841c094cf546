#!/usr/bin/python3
"""`retention --event-column E --start-event X --return-event Y`: "of those
who first did X, who came back to do Y?" (issue 10, point 9). The log is the
worked example of "Cohorts by start event" in include/retention/metrics.h,
days 0 to 4 being 2024-01-01 to 2024-01-05, with `view` rows of another
event mixed in; every expected value is worked out by hand there and below.
usage: check_events.py PATH/TO/retention"""
import os
import subprocess
import sys

TOOL = os.path.abspath(sys.argv[1])
COLUMNS = ["--id-column", "user", "--time-column", "time", "--event-column", "event"]
BY_START = COLUMNS + ["--start-event", "signup", "--return-event", "open"]

# A starts day 1 (open 0, 2, 4); B starts days 1 and 3 (open 3); C never
# starts (open 0, 1, 2); D starts day 2 (open 2, 3).
EXAMPLE = """user,time,event
A,2024-01-02,signup
A,2024-01-01,open
A,2024-01-03,open
A,2024-01-05,open
B,2024-01-02,signup
B,2024-01-04,signup
B,2024-01-04,open
C,2024-01-01,open
C,2024-01-02,open
C,2024-01-03,open
D,2024-01-03,signup
D,2024-01-03,open
D,2024-01-04,open
"""
OTHER_EVENTS = "C,2024-01-05,view\nA,2024-01-04,view\n"


def run(*args, stdin):
    p = subprocess.run([TOOL, *args, "-"], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def cohort_rows(kind):
    code, out, err = run("cohorts", "--kind", kind, *BY_START, stdin=EXAMPLE)
    assert code == 0 and err == "", err
    return [line.split(",") for line in out.strip().split("\n")[1:]]


def check_tables_by_start():
    # Cohort day 1 is {A, B}, cohort day 2 is {D}; C is left out. Exact:
    # 2, 1, 1, 1 for day 1 (A on day 2, B on day 3, A on day 4) and 1, 1, 0
    # for day 2 (D on day 3); on-or-after 2, 2, 2, 1 and 1, 1, 0. Later
    # offsets are censored (empty), not 0.
    for kind, day1, day2 in (("exact", ["2", "1", "1", "1"], ["1", "1", "0"]),
                             ("on-or-after", ["2", "2", "2", "1"], ["1", "1", "0"])):
        rows = cohort_rows(kind)
        got = {}
        for cohort, offset, size, active, rate in rows:
            got.setdefault(cohort, []).append((int(offset), size, active, rate))
        assert set(got) == {"2024-01-02", "2024-01-03"}, (kind, rows)
        for cohort, want, size in (("2024-01-02", day1, "2"), ("2024-01-03", day2, "1")):
            cells = got[cohort]
            assert [c[2] for c in cells[:len(want)]] == want, (kind, cohort, cells)
            assert all(c[1] == size for c in cells), (kind, cohort, cells)
            assert all(c[2] == "" and c[3] == "" for c in cells[len(want):]), (kind, cells)
            assert float(cells[1][3]) == int(want[1]) / int(size), (kind, cells)


def check_other_events_left_out():
    plain = run("cohorts", *BY_START, stdin=EXAMPLE)
    mixed = run("cohorts", *BY_START, stdin=EXAMPLE + OTHER_EVENTS)
    assert mixed[0] == 0 and mixed[1] == plain[1], mixed
    assert mixed[2] == "retention: left out 2 rows of other events than the start and " \
        "return ones\n", mixed[2]
    # Activity counts the return event only: on day 4 only A opened (C's
    # view is left out); all four opened within the 30 days up to it.
    code, out, err = run("summary", *BY_START, stdin=EXAMPLE + OTHER_EVENTS)
    assert code == 0 and "\ndau,1\nmau,4\n" in out, out


def check_start_without_return_event():
    # Without --return-event every row is activity, the start rows and the
    # views too: A is active on days 0 to 4, B on 1 and 3. Cohort day 1
    # exact: day 2 A; day 3 A (a view) and B (a signup and an open); day 4
    # A: 2, 1, 2, 1. C is still left out (no start).
    code, out, err = run("cohorts", *COLUMNS, "--start-event", "signup",
                         stdin=EXAMPLE + OTHER_EVENTS)
    assert code == 0 and err == "", err
    rows = [line.split(",") for line in out.strip().split("\n")[1:]]
    assert [r[3] for r in rows if r[0] == "2024-01-02"][:4] == ["2", "1", "2", "1"], rows
    assert {r[0] for r in rows} == {"2024-01-02", "2024-01-03"}, rows
    # Every row is activity: DAU on day 4 counts A (open) and C (view).
    code, out, err = run("summary", *COLUMNS, "--start-event", "signup",
                         stdin=EXAMPLE + OTHER_EVENTS)
    assert code == 0 and "\ndau,2\n" in out, out


def check_refusals():
    code, out, err = run("cohorts", "--id-column", "user", "--time-column", "time",
                         "--start-event", "signup", stdin=EXAMPLE)
    assert (code, out, err) == (2, "", "retention: --start-event needs --event-column (the "
                                "column that names the event)\n"), err
    code, out, err = run("cohorts", "--id-column", "user", "--time-column", "time",
                         "--return-event", "open", stdin=EXAMPLE)
    assert code == 2 and err.startswith("retention: --return-event needs"), err
    code, out, err = run("cohorts", *COLUMNS, "--start-event", "login", stdin=EXAMPLE)
    assert (code, out, err) == (1, "", "retention: no row has the event 'login' in the column "
                                "'event'\n"), err
    code, out, err = run("cohorts", "--id-column", "user", "--time-column", "time",
                         "--event-column", "action", "--start-event", "signup", stdin=EXAMPLE)
    assert code == 2 and "no column named 'action'" in err and "(closest: " in err, err


def main():
    check_tables_by_start()
    check_other_events_left_out()
    check_start_without_return_event()
    check_refusals()
    print("retention start and return events: all checks passed")


if __name__ == "__main__":
    main()
