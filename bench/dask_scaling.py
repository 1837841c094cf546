#!/usr/bin/python3
"""retention.dask on a 2-worker distributed.LocalCluster against one process (issue 13).

The log: --events purchases (100 M by default) of events/100 customers over
two years from 1997, generated with numpy in --partitions chunks, each from
its own seed (chunk i of a given size is always the same rows), the
generator of python/tests/test_dask.py. Both paths compute the same thing
from the same chunks: weekly metrics with brackets, the frequency spectrum
with an earlier day, the RFM histogram and the repeat buyers' spend, then
the BG/NBD and Gamma-Gamma fits. The metrics' range is given (the log's
first and last day, known here), which spares the cluster the min/max pass
over the log (with these generated chunks: a second generation).

- one process: the chunks generated one after the other in a child process
  and added to one Cohort (the Python package over the C library);
- cluster: LocalCluster(n_workers=2, processes=True, threads_per_worker=1),
  the chunks generated on the workers (dask.dataframe.from_map), shuffled by
  customer, a serialized part per partition, merged by a tree.

Both wall times include generating the log and the two fits (run in the
calling process either way; their time is also given alone). Reported: wall seconds, peak
RSS of the single process and of each worker process (VmHWM of
/proc/<pid>/status, read by the process itself), the speed-up and the
scaling efficiency speed-up / workers. The results are checked equal (metrics
and RFM bytes, spend, fits); the run fails otherwise.

usage: RETENTION_LIBRARY=builddir/libretention.so.1 PYTHONPATH=python \\
       bench/dask_scaling.py [--events N] [--partitions P] [--split-every K]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import time

import numpy as np
import pandas as pd

DAY = 86400
EPOCH_1997 = 9862
PLAN = dict(amount="amount", segment="segment",
            cohort=dict(inactivity_days=60, first_weekday=1),
            metrics=dict(period="week", brackets=[0, 4, 13, 52, 120],
                         first_day="1997-01-01", last_day="1998-12-31"),  # the log's days
            frequency=dict(as_of="1998-09-30", earlier="1998-06-30"),
            rfm=dict(calibration_end="1998-06-30", unit_days=7.0), spend=True)


def chunk(index: int, events: int, customers: int) -> pd.DataFrame:
    """Chunk ``index`` of the log (as python/tests/test_dask.py's generated_chunk)."""
    rng = np.random.default_rng([20260101, index])
    ids = rng.integers(1, customers + 1, events, dtype=np.int64)
    birth = (ids * 2654435761) % 600
    life = 1 + (ids * 40503) % 400
    day = np.minimum(birth + (rng.random(events) * life).astype(np.int64), 729)
    seconds = (EPOCH_1997 + day) * DAY + rng.integers(0, DAY, events)
    return pd.DataFrame({"customer_id": ids.astype(np.uint64),
                         "time": pd.to_datetime(seconds, unit="s"),
                         "amount": np.round(rng.lognormal(3.0, 0.8, events), 2),
                         "segment": (ids % 5).astype(np.uint32)})


def peak_rss_mib() -> float:
    """This process's peak resident set (VmHWM), MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def fit(function, *args):
    import retention
    try:
        return function(*args)
    except retention.ConvergenceError as e:     # a boundary maximum: its best point
        return e.fit


def single(args: argparse.Namespace, out: multiprocessing.Queue) -> None:
    """The whole log in one Cohort, in this (child) process."""
    import retention
    start = time.perf_counter()
    size = args.events // args.partitions
    firsts = []                      # a customer's segment is the same on all its rows
    with retention.Cohort(**PLAN["cohort"]) as c:
        for i in range(args.partitions):
            part = chunk(i, size, args.customers)
            c.add_purchases(part["customer_id"].to_numpy(), part["time"],
                            part["amount"].to_numpy())
            firsts.append(part[["customer_id", "segment"]].drop_duplicates("customer_id"))
            del part
        first = pd.concat(firsts).drop_duplicates("customer_id")
        c.set_segments(first["customer_id"].to_numpy(), first["segment"].to_numpy())
        del firsts, first
        with c.metrics(**PLAN["metrics"]) as m, c.frequency(**PLAN["frequency"]) as f, \
                c.rfm_histogram(**PLAN["rfm"], skip_zero_age=True) as h, h.sorted() as s:
            metrics, frequency, rfm = m.to_bytes(), f.counts(), s.to_bytes()
            summary = c.rfm_summary(**PLAN["rfm"], skip_zero_age=True)
            spend = summary[summary["frequency"] > 0].sort_index()[["frequency",
                                                                     "monetary_value"]]
            fitting = time.perf_counter()
            bgnbd = fit(retention.fit_bgnbd, s)
    gamma_gamma = fit(retention.fit_gamma_gamma, spend)
    out.put(dict(seconds=time.perf_counter() - start, peak_mib=peak_rss_mib(),
                 fit_seconds=time.perf_counter() - fitting,
                 metrics=metrics, counts=frequency.tolist(), rfm=rfm, spend=spend,
                 bgnbd=bgnbd, gamma_gamma=gamma_gamma))


def cluster(args: argparse.Namespace) -> dict:
    import dask.dataframe as dd
    import distributed
    import retention
    import retention.dask as rd
    size = args.events // args.partitions
    with distributed.LocalCluster(n_workers=args.workers, processes=True,
                                  threads_per_worker=1, dashboard_address=None,
                                  silence_logs=40) as lc, distributed.Client(lc) as client:
        client.wait_for_workers(args.workers)
        start = time.perf_counter()
        events = dd.from_map(chunk, range(args.partitions), events=size,
                             customers=args.customers, meta=chunk(0, 0, 1))
        results = rd.compute(events, rd.Plan(**PLAN), npartitions=args.partitions,
                             split_every=args.split_every)
        fitting = time.perf_counter()
        bgnbd = fit(retention.fit_bgnbd, results.rfm)
        gamma_gamma = fit(retention.fit_gamma_gamma, results.spend)
        seconds, fit_seconds = time.perf_counter() - start, time.perf_counter() - fitting
        peaks = sorted(client.run(peak_rss_mib).values())
    return dict(seconds=seconds, fit_seconds=fit_seconds, worker_peak_mib=peaks,
                metrics=results.metrics.to_bytes(), counts=results.frequency.counts().tolist(), rfm=results.rfm.to_bytes(),
                spend=results.spend, bgnbd=bgnbd, gamma_gamma=gamma_gamma)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000_000)
    parser.add_argument("--partitions", type=int, default=0,
                        help="chunks and shuffle partitions (default: one per 5 M events, >= 4)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--split-every", type=int, default=8)
    args = parser.parse_args()
    args.partitions = args.partitions or max(4, args.events // 5_000_000)
    args.customers = max(1, args.events // 100)

    queue: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=single, args=(args, queue))
    child.start()
    one = queue.get()
    child.join()
    many = cluster(args)

    same = (one["metrics"] == many["metrics"] and one["rfm"] == many["rfm"]
            and one["counts"] == many["counts"] and one["spend"].equals(many["spend"])
            and one["bgnbd"] == many["bgnbd"] and one["gamma_gamma"] == many["gamma_gamma"])
    speedup = one["seconds"] / many["seconds"]
    report = {
        "events": args.events, "customers": args.customers, "partitions": args.partitions,
        "workers": args.workers, "identical_results": same,
        "one_process_seconds": round(one["seconds"], 2),
        "one_process_peak_mib": round(one["peak_mib"]),
        "one_process_fit_seconds": round(one["fit_seconds"], 2),
        "cluster_seconds": round(many["seconds"], 2),
        "cluster_fit_seconds": round(many["fit_seconds"], 2),
        "worker_peak_mib": [round(p) for p in many["worker_peak_mib"]],
        "speedup": round(speedup, 3),
        "scaling_efficiency": round(speedup / args.workers, 3),
        "load_average_after": os.getloadavg(),
        "bgnbd": one["bgnbd"].params, "gamma_gamma": one["gamma_gamma"].params,
    }
    print(json.dumps(report, indent=2))
    if not same:
        raise SystemExit("the cluster's results differ from one process's")


if __name__ == "__main__":
    main()
