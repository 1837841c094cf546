#!/usr/bin/python3
"""The common rows (tools/retention/fast_row.c) against the general path.

Rows of an `id,timestamp` log whose fields are unquoted, whose id is a plain
number and whose time is whole Unix seconds are parsed in one pass; every
other row goes the general way. The same rows read with a third column
named `note` (skipped: rows may still take the common way) and with it named
`amount` (an amount column sends every row the general way; empty amounts
are activity, so the answer must not change) must give the same output,
the same messages and the same status, byte for byte: for a log of random
common rows, and for rows at each edge of the common way (ids of 18 and 19
digits, leading zeros, times of 11 and 12 digits and at the range's edge,
signs, fractions, spaces, quotes, CRLF, NUL), and rows of too few or too many fields with
the general path's messages.
usage: check_common_rows.py PATH/TO/retention"""
import random
import subprocess
import sys

TOOL = sys.argv[1]
SUBCOMMANDS = [["summary"], ["activity"], ["cohorts", "--period", "week"], ["at-risk"],
               ["frequency"], ["lifecycle"], ["churn"]]
MAX_SECONDS = 36525 * 86400

EDGE_ROWS = [
    "123456789012345678,1735689600",      # 18 digits: common
    "1234567890123456789,1735689600",     # 19 digits: common
    "9223372036854775807,1735689600",     # 2^63 - 1: common, the largest plain number
    "9223372036854775808,1735689600",     # 2^63: interned text
    "9999999999999999999,1735689600",     # above 2^63: interned text
    "18446744073709551616,1735689600",    # 2^64, 20 digits: interned text
    "007,1735689600", "7,1735689600", "0,1735689600",
    "8,01735689600",                      # 11 digits with a leading zero
    "9,001735689600",                     # 12 digits: general, same time
    "10,%d" % MAX_SECONDS, "11,%d" % (MAX_SECONDS + 1),
    "12,-86400", "13,+1735689600", "14,1735689600.5", "15,1735689600.",
    " 16,1735689600", "17,1735689600 ", "18, 1735689600",
    '"19",1735689600', '20,"1735689600"',
    "21,1735689600\r", "24,", ",1735689600", "25,17356\x0089600", "26,2025-01-01",
]
# Rows of too few or too many fields, in the two-column log after a common
# row: each the general path's message (the column sets of the logs above
# differ in which fields a row must have, so these are checked by value).
FIELD_COUNT_ROWS = {
    "22": "missing fields",
    "23,1735689600,x": "3 fields, the header has 2",
    "27,1735689600,": "3 fields, the header has 2",
    "28,1735689600,,": "4 fields, the header has 2",
}


def run(args, text):
    p = subprocess.run([TOOL, *args, "-"], input=text.encode(), capture_output=True)
    return p.returncode, p.stdout, p.stderr


def same_both_ways(rows, args):
    note = "customer_id,timestamp,note\n" + "".join(r + ",\n" for r in rows)
    amount = "customer_id,timestamp,amount\n" + "".join(r + ",\n" for r in rows)
    common, general = run(args, note), run(args, amount)
    assert common == general, (args, common, general)
    return common


def main():
    rng = random.Random(10)
    start = 1735689600
    # Small ids, and one row in ten of 200 random 64-bit ids: about half of
    # them plain numbers of 19 digits (common), half at or above 2^63 (text).
    wide = [rng.getrandbits(64) for _ in range(200)]
    rows = ["%d,%d" % (rng.choice(wide) if rng.random() < 0.1 else rng.randrange(5000),
                       start + rng.randrange(200 * 86400))
            for _ in range(50000)]
    for args in SUBCOMMANDS:
        code, out, err = same_both_ways(rows, args)
        assert code == 0 and out, (args, err)
    # The edges one at a time after a common row (which sets the format),
    # skipped when bad, and all together.
    for edge in EDGE_ROWS:
        for args in (["summary", "--time-format", "unix"],
                     ["activity", "--time-format", "unix", "--skip-bad-rows"]):
            same_both_ways(["1,1735689600", edge, "2,1735776000"], args)
    for row, why in FIELD_COUNT_ROWS.items():
        code, _, err = run(["summary"], "customer_id,timestamp\n1,1735689600\n%s\n" % row)
        assert code == 1 and err == ("retention: line 3: %s\n" % why).encode(), (row, err)
    code, out, err = same_both_ways(["1,1735689600"] + EDGE_ROWS,
                                    ["summary", "--skip-bad-rows", "--max-bad-rows", "50%"])
    assert code == 0 and b"skipped" in err, err
    # Without a note column at all, the common rows give what the general
    # path gives (the tidy two-column log).
    plain = "customer_id,timestamp\n" + "\n".join(rows) + "\n"
    two_columns = run(["summary"], plain)
    assert two_columns[0] == 0 and two_columns[1] == same_both_ways(rows, ["summary"])[1]
    print("common rows: %d random rows, %d edge rows, both ways alike; %d field counts" %
          (len(rows), len(EDGE_ROWS), len(FIELD_COUNT_ROWS)))


main()
