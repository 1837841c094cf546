#!/usr/bin/python3
"""Reading a CSV event log: `retention summary` against DuckDB on the same
file (issue 10, point 10). The log is bench/stress_driver.c's `events-100m`
case (100 M `customer_id,timestamp` rows, Unix seconds, 1 M customers over
2025; `--case events-10m` for a quick run), written once to a temporary
directory. DuckDB (the `@duckdb/node-api` package from npm, installed by this
script into a cache directory: a benchmark peer, never a dependency of the
project) reads the same file with both cores and counts rows, customers and
days; the command reads it and prints its summary. Both must agree on the
customers, the first and the last day, or the run fails.

Each reader runs --runs times (3); reported: wall seconds (min and median),
CPU seconds, peak RSS, rows/s, and the ratio DuckDB wall / command wall (> 1:
the command is faster).

usage: bench/read_csv.py [--build DIR] [--case NAME] [--runs N] [--node-cache DIR]
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

DUCKDB_PACKAGE = "@duckdb/node-api@1.5.6-r.1"

# Counts what the command's summary counts, reading every field as the
# command does; threads as asked. Prints one JSON object.
DUCKDB_SCRIPT = r"""
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const [path, threads] = process.argv.slice(2);
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const c = await db.connect();
  const start = process.hrtime.bigint();
  const r = await c.runAndReadAll(`
    SELECT count(*) AS events_read, count(DISTINCT customer_id) AS customers,
           min(timestamp) // 86400 AS first_day, max(timestamp) // 86400 AS last_day
    FROM read_csv('${path}', header = true,
                  columns = {'customer_id': 'UBIGINT', 'timestamp': 'BIGINT'})`);
  const row = r.getRowObjectsJson()[0];
  row.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify(row));
})().catch(e => { console.error(e.message); process.exit(1); });
"""


def run_measured(argv, cwd=None):
    """Like run, with the child's CPU time and peak RSS from wait4."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(argv, stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        if p.returncode != 0:
            sys.exit("%s failed (%s): %s" % (argv[0], p.returncode,
                                             err.read().decode()[-500:]))
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, out.read().decode()


def install_duckdb(cache):
    if os.path.isdir(os.path.join(cache, "node_modules", "@duckdb", "node-api")):
        return
    os.makedirs(cache, exist_ok=True)
    print("installing %s into %s (npm)" % (DUCKDB_PACKAGE, cache), flush=True)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", cache,
                    DUCKDB_PACKAGE], check=True)


def day_number(text):
    return (datetime.date.fromisoformat(text) - datetime.date(1970, 1, 1)).days


def command_answer(out):
    rows = dict(line.split(",", 1) for line in out.strip().split("\n")[1:])
    return {"customers": int(rows["customers"]), "first_day": day_number(rows["first_day"]),
            "last_day": day_number(rows["last_day"])}


def duckdb_answer(out):
    row = json.loads(out)
    return {k: int(row[k]) for k in ("customers", "first_day", "last_day")}


def report(name, runs, rows):
    walls = sorted(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs)
    print("%-34s %7.2f %7.2f %7.2f %9.0f %12.2f" % (
        name, walls[0], statistics.median(walls), cpu, rss / 2**20,
        rows / statistics.median(walls) / 1e6))
    return statistics.median(walls)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build", help="meson build directory (build)")
    ap.add_argument("--case", default="events-100m", help="stress_driver case (events-100m)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each reader (3)")
    ap.add_argument("--node-cache", default=os.path.expanduser("~/.cache/retention-bench-node"),
                    help="where npm installs DuckDB (~/.cache/retention-bench-node)")
    args = ap.parse_args()
    driver = os.path.join(args.build, "bench", "stress_driver")
    tool = os.path.join(args.build, "tools", "retention", "retention")
    install_duckdb(args.node_cache)
    script = os.path.join(args.node_cache, "read_csv.js")
    with open(script, "w") as f:
        f.write(DUCKDB_SCRIPT)
    help_text = subprocess.run([tool, "--help"], capture_output=True, text=True).stdout
    unix = ["--time-format", "unix"] if "--time-format" in help_text else []
    with tempfile.TemporaryDirectory(prefix="read-csv-") as tmp:
        log = os.path.join(tmp, args.case + ".csv")
        with open(log, "wb") as f:
            subprocess.run([driver, "gen", args.case], stdout=f, check=True)
        with open(log, "rb") as f:
            rows = sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 24), b"")) - 1
        size = os.path.getsize(log)
        print("%s: %d rows, %.2f GB, %d runs each\n" % (args.case, rows, size / 1e9, args.runs))
        print("%-34s %7s %7s %7s %9s %12s" % ("reader", "min s", "median", "CPU s",
                                              "peak MiB", "M rows/s"))
        readers = [("retention summary", [tool, "summary"] + unix + [log], None,
                    command_answer)]
        for threads in (2, 1):
            readers.append(("DuckDB read_csv, %d thread%s" % (threads, "s" * (threads > 1)),
                            ["node", script, log, str(threads)], args.node_cache,
                            duckdb_answer))
        medians, answers = {}, {}
        for name, argv, cwd, answer in readers:
            runs = [run_measured(argv, cwd) for _ in range(args.runs)]
            medians[name] = report(name, runs, rows)
            answers[name] = answer(runs[-1][3])
        first = answers["retention summary"]
        for name, a in answers.items():
            if a != first:
                sys.exit("disagreement: %s says %s, retention says %s" % (name, a, first))
        print("\nall readers agree: %(customers)d customers, days %(first_day)d..%(last_day)d"
              % first)
        for threads in (2, 1):
            name = "DuckDB read_csv, %d thread%s" % (threads, "s" * (threads > 1))
            print("DuckDB (%d thread%s) / retention, median wall: %.2fx" % (
                threads, "s" * (threads > 1), medians[name] / medians["retention summary"]))


if __name__ == "__main__":
    main()
