#!/usr/bin/python3
"""Soak and scale (issue 15): the `retention` command and the library on

  events-100m       100 M events of 1 M customers over a year
  customers-10m     10 M distinct customers, one event each
  one-customer-10m  one customer with 10 M events
  segments-100k     1 M events of 100 k customers, each its own segment
  widest-range      two events at the edges of the legal range, 1869-12-31
                    and 2070-01-01 (+-36,525 days from 1970)

reporting wall time, CPU time (user + system) and peak RSS of each run, and
failing (exit status 1) when a bound is exceeded. Not run by CI: it needs a
few minutes and a few GB. The logs come from bench/stress_driver.c (`gen`),
which also runs the library on the same data (`api`: ingest, segments,
rt_cohort_metrics with the default options, rt_cohort_frequency).

Bounds (CPU seconds, so that other work on the machine does not fail a run;
peak RSS of the whole process), about twice what this machine (2 Zen 4
cores) measured, so that a regression shows and noise does not:
  - time:   command 2 s + 1 us per event + 1 us per customer (CSV parsing
            included); library 2 s + 0.3 us per event + 0.5 us per customer;
  - memory: command 64 MiB + 16 bytes per event + 200 bytes per customer;
            library 64 MiB + 16 bytes per event + 128 bytes per customer
            (the cohort keeps at most 12 bytes per stored event: 8, and 4
            for the sorted lists after a computation; the per-customer
            part is the metrics' and the id map's);
  - widest-range: every subcommand, and the library, under 1 s and 50 MB
            (issue 15's target for two events 50 years apart).
A run is killed after 10 times its time bound (at least 30 s) and counts as
exceeded; each child gets an address-space limit (--memory-limit, 8 GiB) so
that a runaway allocation fails instead of swamping a shared machine.

usage: bench/stress.py [--build DIR] [--only CASE[,CASE]] [--memory-limit GIB]
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

MIB = 1 << 20
ALL_SUBCOMMANDS = ("summary", "activity", "cohorts", "survival", "lifecycle", "churn",
                   "at-risk", "frequency", "clv")

# name: (events, customers, command's subcommands)
CASES = {
    "events-100m": (100_000_000, 1_000_000, ("summary",)),
    "events-10m": (10_000_000, 1_000_000, ("summary",)),
    "customers-10m": (10_000_000, 10_000_000, ("summary",)),
    "one-customer-10m": (10_000_000, 1, ("summary",)),
    "segments-100k": (1_000_000, 100_000, ("summary", "frequency")),
    "widest-range": (2, 2, ALL_SUBCOMMANDS),
}


def bounds(case, runner):
    """(CPU seconds, peak RSS bytes) allowed for a run."""
    if case == "widest-range":
        return 1.0, 50e6
    events, customers, _ = CASES[case]
    if runner == "api":
        return (2.0 + 0.3e-6 * events + 0.5e-6 * customers,
                64 * MIB + 16 * events + 128 * customers)
    return 2.0 + 1e-6 * events + 1e-6 * customers, 64 * MIB + 16 * events + 200 * customers


def run(argv, stdin, limit_bytes, timeout):
    """Runs argv; returns (status, wall s, CPU s, peak RSS bytes, stdout, stderr)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        p = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=err, preexec_fn=limit)
        status, usage = None, None
        while True:
            pid, st, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(st)
                break
            if time.monotonic() - start > timeout:
                p.kill()
                _, st, usage = os.wait4(p.pid, 0)
                status = "timeout"
                break
            time.sleep(0.02)
        p.returncode = 0  # reaped by wait4
        wall = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return (status, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,
                out.read(), err.read().decode(errors="replace"))


# A clean refusal that is the right answer for the data, not a failure: the
# logs have no purchases, so no lifetime-value model.
EXPECTED_ERRORS = {"retention clv": "no model to fit"}


def verdict(name, status, err, cpu, rss, bound):
    expected = EXPECTED_ERRORS.get(name)
    if status == 1 and expected and expected in err:
        status = 0
    if status != 0:
        return "FAILED (%s)" % status
    if cpu > bound[0] or rss > bound[1]:
        return "EXCEEDED"
    return "ok"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build", help="meson build directory (build)")
    ap.add_argument("--only", help="comma-separated cases (all)")
    ap.add_argument("--memory-limit", type=float, default=8.0, help="GiB per child (8)")
    args = ap.parse_args()
    driver = os.path.join(args.build, "bench", "stress_driver")
    tool = os.path.join(args.build, "tools", "retention", "retention")
    limit = int(args.memory_limit * (1 << 30))
    cases = args.only.split(",") if args.only else list(CASES)
    rows, failed = [], 0
    print("%-17s %-20s %8s %8s %9s   %-18s %s" % ("case", "run", "wall s", "CPU s",
                                                    "peak MB", "bound (CPU s, MB)", "verdict"))
    with tempfile.TemporaryDirectory(prefix="stress-") as tmp:
        for case in cases:
            log = os.path.join(tmp, case + ".csv")
            with open(log, "wb") as f:
                subprocess.run([driver, "gen", case], stdout=f, check=True)
            runs = [("retention " + sub, [tool, sub, log], "cli") for sub in CASES[case][2]]
            runs.append(("library", [driver, "api", case], "api"))
            for name, argv, runner in runs:
                bound = bounds(case, runner)
                status, wall, cpu, rss, _, err = run(argv, subprocess.DEVNULL, limit,
                                                     max(30.0, 10 * bound[0]))
                v = verdict(name, status, err, cpu, rss, bound)
                failed += v != "ok"
                row = "%-17s %-20s %8.2f %8.2f %9.1f   %-18s %s" % (
                    case, name, wall, cpu, rss / 1e6, "%.1f, %.0f" % (bound[0], bound[1] / 1e6),
                    v)
                if status != 0 and err:
                    row += ": " + err.strip().split("\n")[-1][:100]
                print(row, flush=True)
                rows.append(row)
            os.remove(log)
    print("%d of %d runs within their bounds" % (len(rows) - failed, len(rows)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
