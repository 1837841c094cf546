#!/usr/bin/python3
"""All the readers of one event log, side by side (issue 17): the library API,
a naive C hash set, the `retention summary` command and DuckDB on CSV and on
Parquet. Every reader must find the same answer, or the script exits 1.

usage: bench/bench_all.py [--build DIR] [--events N] [--customers N] [--runs N]
                          [--keep DIR] [--node-cache DIR]
                          [--markdown FILE] [--readme README.md]

  full benchmark:  bench/bench_all.py --build build            (about 100 M events)
  quick run:       bench/bench_all.py --build build --events 10000000 --customers 100000
The full run needs about 4 GB in the temporary directory (1.6 GB binary,
1.8 GB CSV, the Parquet file); at 10 M events it takes about 25 s with two
runs, so the full one some minutes (estimated, not timed while writing this).

The log. bench/gen_log writes bench_activity's realistic generator
(bench/event_log.c: seed 42, --customers customers, 365 days from 2025-01-01,
about --events events; it aims at the count and does not cut the stream; the
default 1 M customers make at least about 12 events each, so smaller runs
want fewer customers) once, into a temporary directory (or --keep DIR), as
  log.bin  16-byte records: customer id (uint64), Unix seconds (int64), host
           byte order (little-endian on x86-64 and arm64), no header;
  log.csv  `customer_id,timestamp`, a header line, then Unix seconds;
and DuckDB converts log.csv to log.parquet (not timed).

The readers, each run --runs times (runs interleaved, reader after reader):
  API, 1 and 2 threads   bench_activity --log log.bin --only=library --threads=N:
                         the cohort (its `threads` option) ingests the binary log
                         in batches of 1 Mi events, then computes its metrics;
  naive C hash set       bench_activity --only=baseline: a hash set of
                         (customer, day) that prefetches its slots, then DAU and
                         the exact daily cohort table;
  retention summary      the command on log.csv;
  DuckDB, CSV / Parquet  `@duckdb/node-api` (installed from npm into
                         --node-cache by bench/read_csv.py's helper: a benchmark
                         peer, never a dependency), 2 threads and 1 thread, one
                         query: events, distinct customers, first and last day,
                         and the sum of DAU (distinct (customer, day) pairs).
What is measured. API and hash-set rows: seconds = ingest + compute as
bench_activity times them, i.e. only inside the library calls (or the hash-set
loops), not reading the file; CPU = the process's CPU clock over those same
calls (all threads). Command and DuckDB rows: seconds = the whole process's
wall time (for DuckDB node's start-up included; its own query time is shown
in the notes); CPU from wait4. Peak MiB is the process's peak RSS from wait4
for every row. Ratios compare median seconds.

Agreement. Days are UTC days, floor(unix seconds / 86400). The API (1 and 2
threads), the hash set and every DuckDB run must find the same sum of DAU;
the command and every DuckDB run the same customers, first and last day; all
readers the number of events gen_log wrote; each reader the same answer on
every run. Any difference: a message and exit status 1, and neither
--markdown nor --readme is written.

--markdown FILE writes the table and ratios as Markdown; --readme FILE puts
the same block between the lines `<!-- bench_all:begin -->` and
`<!-- bench_all:end -->` of FILE (checked before anything runs).
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import read_csv  # noqa: E402  (run_measured, install_duckdb, command_answer)

SEED = 42
DAYS = 365
BEGIN, END = "<!-- bench_all:begin -->", "<!-- bench_all:end -->"

# node SCRIPT parquet CSV PARQUET    converts the CSV log to Parquet
# node SCRIPT query FILE THREADS     the agreement values as one JSON object
DUCKDB_SCRIPT = r"""
const { DuckDBInstance } = require('@duckdb/node-api');
const quote = (p) => `'${p.replace(/'/g, "''")}'`;
const CSV = (p) => `read_csv(${quote(p)}, header = true,
  columns = {'customer_id': 'UBIGINT', 'timestamp': 'BIGINT'})`;
const SOURCE = (p) => p.endsWith('.parquet') ? `read_parquet(${quote(p)})` : CSV(p);
// DuckDB's // truncates; days are floor(seconds / 86400).
const QUERY = (p) => `
  SELECT sum(n) AS events, count(*) AS sum_dau, count(DISTINCT customer_id) AS customers,
         min(day) AS first_day, max(day) AS last_day
  FROM (SELECT customer_id,
               timestamp // 86400 - CAST(timestamp % 86400 < 0 AS BIGINT) AS day,
               count(*) AS n
        FROM ${SOURCE(p)} GROUP BY customer_id, day)`;
(async () => {
  const [mode, path, arg] = process.argv.slice(2);
  const threads = mode === 'query' ? arg : '2';
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const c = await db.connect();
  if (mode === 'parquet') {
    await c.run(`COPY (SELECT * FROM ${CSV(path)}) TO ${quote(arg)} (FORMAT parquet)`);
    return;
  }
  const start = process.hrtime.bigint();
  const row = (await c.runAndReadAll(QUERY(path))).getRowObjectsJson()[0];
  row.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify(row));
})().catch(e => { console.error(e.message); process.exit(1); });
"""


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build", help="meson build directory (build)")
    ap.add_argument("--events", type=int, default=100_000_000,
                    help="events the generator aims at (100000000)")
    ap.add_argument("--customers", type=int, default=1_000_000, help="customers (1000000)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each reader (3)")
    ap.add_argument("--keep", metavar="DIR", help="write the logs here and keep them")
    ap.add_argument("--node-cache", default=os.path.expanduser("~/.cache/retention-bench-node"),
                    help="where npm installs DuckDB (~/.cache/retention-bench-node)")
    ap.add_argument("--markdown", metavar="FILE", help="also write the results as Markdown")
    ap.add_argument("--readme", metavar="FILE",
                    help="replace the text between %s and %s in FILE" % (BEGIN, END))
    args = ap.parse_args()
    if args.runs < 1 or args.events < 1 or args.customers < 1:
        ap.error("--runs, --events and --customers must be positive")
    return args


def tools_in(build):
    tools = {"gen_log": os.path.join(build, "bench", "gen_log"),
             "bench_activity": os.path.join(build, "bench", "bench_activity"),
             "retention": os.path.join(build, "tools", "retention", "retention")}
    for path in tools.values():
        if not os.access(path, os.X_OK):
            sys.exit("%s not found: build first (ninja -C %s)" % (path, build))
    return tools


def readme_parts(path):
    """The text before BEGIN (inclusive) and from END (inclusive) on."""
    with open(path) as f:
        text = f.read()
    begin, end = text.find(BEGIN), text.find(END)
    if begin < 0 or end < begin:
        sys.exit("%s: no %s ... %s markers (in that order); add them where the "
                 "table belongs" % (path, BEGIN, END))
    return text[:begin + len(BEGIN)], text[end:]


def generate(args, tools, directory):
    """Writes log.bin and log.csv; returns their paths and the event count."""
    bin_path, csv_path = os.path.join(directory, "log.bin"), os.path.join(directory, "log.csv")
    print("generating ~%d events, %d customers, %d days (seed %d) into %s ..."
          % (args.events, args.customers, DAYS, SEED, directory), flush=True)
    start = time.monotonic()
    out = subprocess.run([tools["gen_log"], str(args.events), str(args.customers), str(DAYS),
                          str(SEED), bin_path, csv_path], check=True, capture_output=True,
                         text=True).stdout
    events = int(out)
    if os.path.getsize(bin_path) != 16 * events:
        sys.exit("%s: %d bytes, not 16 x %d" % (bin_path, os.path.getsize(bin_path), events))
    print("  %d events in %.1f s: %.2f GB binary, %.2f GB CSV" % (
        events, time.monotonic() - start, os.path.getsize(bin_path) / 1e9,
        os.path.getsize(csv_path) / 1e9), flush=True)
    if abs(events - args.events) > 0.05 * args.events:
        print("  note: %d events, not about %d: the generator makes at least ~12 a customer; "
              "try --customers %d" % (events, args.events, max(1, args.events // 100)),
              file=sys.stderr)
    return bin_path, csv_path, events


def duckdb_script(cache):
    read_csv.install_duckdb(cache)
    script = os.path.join(cache, "bench_all.js")
    with open(script, "w") as f:
        f.write(DUCKDB_SCRIPT)
    return script


def to_parquet(script, cache, csv_path):
    parquet = os.path.splitext(csv_path)[0] + ".parquet"
    start = time.monotonic()
    subprocess.run(["node", script, "parquet", csv_path, parquet], cwd=cache, check=True)
    print("  Parquet (DuckDB's defaults) in %.1f s: %.2f GB" % (
        time.monotonic() - start, os.path.getsize(parquet) / 1e9), flush=True)
    return parquet


def api_result(out):
    """bench_activity --json: the time and CPU inside the calls."""
    r = json.loads(out.strip().split("\n")[-1])
    return {"seconds": r["ingest_seconds"] + r["compute_seconds"], "cpu": r["cpu_seconds"],
            "own_peak": r["peak_bytes"],
            "answer": {"events": r["events"], "sum_dau": r["sum_dau"]}}


def command_result(out):
    answer = read_csv.command_answer(out)
    answer["events"] = int(re.search(r"^events,(\d+)$", out, re.M).group(1))
    return {"answer": answer}


def duckdb_result(out):
    row = json.loads(out)
    keys = ("events", "sum_dau", "customers", "first_day", "last_day")
    return {"query_seconds": row["seconds"], "answer": {k: int(row[k]) for k in keys}}


def readers(tools, logs, script, cache):
    """(name, argv, cwd, parse) of every reader."""
    bin_path, csv_path, parquet = logs
    api = [tools["bench_activity"], "--log", bin_path, "--json"]
    rows = [("API, 1 thread", api + ["--only=library", "--threads=1"], None, api_result),
            ("API, 2 threads", api + ["--only=library", "--threads=2"], None, api_result),
            ("naive C hash set", api + ["--only=baseline"], None, api_result),
            ("retention summary", [tools["retention"], "summary", "--time-format", "unix",
                                   csv_path], None, command_result)]
    for kind, path in (("Parquet", parquet), ("CSV", csv_path)):
        for threads in (2, 1):
            rows.append(("DuckDB %s, %d thread%s" % (kind, threads, "s" * (threads > 1)),
                         ["node", script, "query", path, str(threads)], cache, duckdb_result))
    return rows


def measure_once(argv, cwd, parse):
    wall, cpu, rss, out = read_csv.run_measured(argv, cwd)
    r = {"seconds": wall, "cpu": cpu, "wall": wall}
    r.update(parse(out))
    r["rss"] = rss
    return r


def measure(reader_list, runs):
    """Runs every reader `runs` times, one after another, round after round."""
    results = {name: [] for name, *_ in reader_list}
    for k in range(runs):
        for name, argv, cwd, parse in reader_list:
            r = measure_once(argv, cwd, parse)
            results[name].append(r)
            print("  run %d/%d  %-26s %8.3f s" % (k + 1, runs, name, r["seconds"]), flush=True)
    return results


def summary(runs, events):
    seconds = sorted(r["seconds"] for r in runs)
    median = statistics.median(seconds)
    return {"min": seconds[0], "median": median,
            "cpu": statistics.median(r["cpu"] for r in runs),
            "peak_mib": max(r["rss"] for r in runs) / 2**20,
            "rate": events / median / 1e6}


def disagreements(results, events):
    """Lines naming each value readers (or runs) disagree on; none: agreement."""
    seen = {"events": {"gen_log": events}}
    for name, runs in results.items():
        for k, r in enumerate(runs):
            for key, value in r["answer"].items():
                seen.setdefault(key, {})["%s (run %d)" % (name, k + 1)] = value
    return ["%s: %s" % (key, ", ".join("%s %s" % (who, v) for who, v in values.items()))
            for key, values in seen.items() if len(set(values.values())) > 1]


def agreed(results):
    answer = {}
    for runs in results.values():
        answer.update(runs[0]["answer"])
    return answer


RATIOS = [  # (this, other, label): other's median seconds / this one's
    ("API, 1 thread", "naive C hash set", "API, 1 thread vs naive C hash set"),
    ("API, 2 threads", "naive C hash set", "API, 2 threads vs naive C hash set"),
    ("API, 1 thread", "DuckDB Parquet, 2 threads", "API, 1 thread vs DuckDB Parquet, 2 threads"),
    ("API, 2 threads", "DuckDB Parquet, 2 threads", "API, 2 threads vs DuckDB Parquet, 2 threads"),
    ("API, 1 thread", "DuckDB CSV, 2 threads", "API, 1 thread vs DuckDB CSV, 2 threads"),
    ("API, 2 threads", "DuckDB CSV, 2 threads", "API, 2 threads vs DuckDB CSV, 2 threads"),
    ("retention summary", "DuckDB CSV, 2 threads", "retention summary vs DuckDB CSV, 2 threads"),
    ("API, 2 threads", "API, 1 thread", "API scaling: 2 threads vs 1 thread"),
]


def ratios(rows):
    return [(label, rows[other]["median"] / rows[this]["median"])
            for this, other, label in RATIOS]


def notes(results, events):
    own = statistics.median(r["own_peak"] for r in results["API, 1 thread"])
    whole = statistics.median(r["wall"] for r in results["API, 1 thread"])
    query = "; ".join("%s %.2f s" % (name[len("DuckDB "):], statistics.median(
        r["query_seconds"] for r in runs)) for name, runs in results.items()
        if name.startswith("DuckDB"))
    return [
        "API and hash-set seconds: ingest + compute inside the library calls (the hash-set "
        "loops), as bench_activity times them; CPU: the process CPU clock over those calls.",
        "Command and DuckDB seconds: the whole process (node's start included); CPU from wait4.",
        "Peak MiB: the process's peak RSS (wait4) for every row; the API's includes "
        "bench_activity's 32 MiB of batch buffers.",
        "API, 1 thread: the whole bench_activity process (reading log.bin included) takes "
        "%.2f s; the cohort's own peak RSS growth is %.1f MiB (%.2f bytes/event)."
        % (whole, own / 2**20, own / events),
        "DuckDB's query alone (median, timed inside node): %s." % query,
        "Ratios: the other reader's median seconds / this one's (> 1: this one is faster).",
    ]


def table_text(rows, ratio_list, note_list):
    lines = ["%-26s %8s %9s %8s %9s %11s" % ("reader", "min s", "median s", "CPU s",
                                              "peak MiB", "M events/s")]
    for name, s in rows.items():
        lines.append("%-26s %8.3f %9.3f %8.2f %9.0f %11.1f" % (
            name, s["min"], s["median"], s["cpu"], s["peak_mib"], s["rate"]))
    lines.append("")
    lines += ["%-46s %6.2fx" % (what, x) for what, x in ratio_list]
    lines.append("")
    return "\n".join(lines + note_list)


def table_markdown(title, rows, ratio_list, note_list):
    lines = [title, "", "| reader | min s | median s | CPU s | peak MiB | M events/s |",
             "|---|---|---|---|---|---|"]
    for name, s in rows.items():
        lines.append("| %s | %.3f | %.3f | %.2f | %s | %.1f |" % (
            name, s["min"], s["median"], s["cpu"], format(round(s["peak_mib"]), ","), s["rate"]))
    lines += ["", "| ratio of median seconds | × |", "|---|---|"]
    lines += ["| %s | %.2f |" % (what, x) for what, x in ratio_list]
    lines.append("")
    lines += ["- " + n for n in note_list]
    return "\n".join(lines) + "\n"


def title(args, events, answer):
    return ("%d events (%d customers, days %s to %s, sum of DAU %d), %d run%s each, %d cores, "
            "%s; `bench/bench_all.py --events %d --customers %d --runs %d`" % (
                events, answer["customers"], day_text(answer["first_day"]),
                day_text(answer["last_day"]), answer["sum_dau"], args.runs,
                "s" * (args.runs > 1), os.cpu_count(), datetime.date.today().isoformat(),
                args.events, args.customers, args.runs))


def day_text(day):
    return (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isoformat()


def write_outputs(args, block):
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(block)
        print("wrote %s" % args.markdown)
    if args.readme:
        head, tail = readme_parts(args.readme)
        with open(args.readme, "w") as f:
            f.write(head + "\n" + block + tail)
        print("updated %s" % args.readme)


def run_all(args, tools, directory):
    bin_path, csv_path, events = generate(args, tools, directory)
    script = duckdb_script(args.node_cache)
    parquet = to_parquet(script, args.node_cache, csv_path)
    reader_list = readers(tools, (bin_path, csv_path, parquet), script, args.node_cache)
    print("%d readers, %d run%s each" % (len(reader_list), args.runs, "s" * (args.runs > 1)),
          flush=True)
    return measure(reader_list, args.runs), events


def main():
    args = parse_args()
    tools = tools_in(args.build)
    if args.readme:
        readme_parts(args.readme)  # fail now, not after the runs
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        results, events = run_all(args, tools, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-all-") as tmp:
            results, events = run_all(args, tools, tmp)
    rows = {name: summary(runs, events) for name, runs in results.items()}
    ratio_list, note_list = ratios(rows), notes(results, events)
    print("\n" + table_text(rows, ratio_list, note_list) + "\n")
    bad = disagreements(results, events)
    if bad:
        sys.exit("DISAGREEMENT, no Markdown written:\n  " + "\n  ".join(bad))
    answer = agreed(results)
    print("all readers agree: %(events)d events, %(customers)d customers, days "
          "%(first_day)d..%(last_day)d, sum of DAU %(sum_dau)d" % answer)
    write_outputs(args, table_markdown(title(args, events, answer), rows, ratio_list,
                                       note_list))


if __name__ == "__main__":
    main()
