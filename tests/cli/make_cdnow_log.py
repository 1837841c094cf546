#!/usr/bin/python3
"""Writes tests/cli/cdnow_iso.csv: the CDNOW sample event log of
tests/data/cdnow_elog.csv (masterid,sampleid,date,cds,sales; 6,919
purchases of 2,357 customers, January 1997 to June 1998) with its dates
rewritten from YYYYMMDD to YYYY-MM-DD, the only change. `retention` reads an
all-digit timestamp as Unix seconds, so 19970101 would be a day of 1970;
ISO dates are unambiguous. The golden tests run on the result with
--id-column masterid --time-column date --amount-column sales, and
check_golden.py checks that the committed file is what this script writes.
cdnow_arms.csv is the same log with a column arm, "even" or "odd" by the
parity of masterid: two groups for `retention compare` on real data.
usage: make_cdnow_log.py [OUTPUT]    (no OUTPUT: both committed files)"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "data", "cdnow_elog.csv")
TARGET = os.path.join(HERE, "cdnow_iso.csv")
ARMS_TARGET = os.path.join(HERE, "cdnow_arms.csv")


def converted():
    lines = []
    with open(SOURCE) as f:
        lines.append(next(f).strip())
        for line in f:
            master, sample, day, cds, sales = line.strip().split(",")
            assert len(day) == 8 and day.isdigit(), day
            lines.append(",".join([master, sample, "%s-%s-%s" % (day[:4], day[4:6], day[6:]),
                                   cds, sales]))
    return "\n".join(lines) + "\n"


def with_arms():
    """converted() with each row's arm: even or odd masterid."""
    lines = converted().splitlines()
    out = [lines[0] + ",arm"]
    for line in lines[1:]:
        out.append(line + ("," + ("odd" if int(line.split(",")[0]) % 2 else "even")))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    with open(sys.argv[1] if len(sys.argv) > 1 else TARGET, "w") as out:
        out.write(converted())
    if len(sys.argv) == 1:
        with open(ARMS_TARGET, "w") as out:
            out.write(with_arms())
