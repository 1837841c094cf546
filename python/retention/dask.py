"""retention on Dask: event logs larger than one process, computed where they are.

A ``dask.dataframe`` of events (a customer id column, a time column, and
optionally an amount and a segment column) is repartitioned by a hash of
the customer id (``DataFrame.shuffle``), so that every customer is in
exactly one partition. Each partition becomes a Cohort in the worker that
holds it, which computes its part of the metrics, frequency spectrum or
RFM histogram and sends it on as the library's serialized bytes
(docs/serialization.md). The parts are merged by a tree reduction
(``split_every`` parts per merge) with the library's own merges; the root
is rebuilt in the calling process. Because the parts are of disjoint
customers, the merged result is the one a single Cohort of the whole log
gives, count for count.

Parts merge only when computed with equal options: every option is fixed
before the work is sent out. The metrics' range (``first_day``,
``last_day``) is taken from the whole log (its first and last day, a cheap
min/max reduction) unless given; the frequency's ``as_of`` and the RFM
calibration end are required.

Works with any Dask scheduler; on a ``distributed`` cluster the workers
must import this package and load libretention (``RETENTION_LIBRARY`` in
their environment, or the library installed where the loader finds it).

    import dask.dataframe as dd, retention.dask as rd
    events = dd.read_parquet("events/")            # customer_id, time, amount
    m = rd.metrics(events, amount="amount", period="week")
    fits = rd.fit_clv(events, "1997-09-30", amount="amount")
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

import dask
import dask.dataframe as dd
from dask.delayed import Delayed, delayed

from . import _convert as cv
from .bgnbd import BGNBDFit, fit_bgnbd
from .cohort import Cohort
from .frequency import Frequency
from .gamma_gamma import GammaGammaFit, fit_gamma_gamma
from .metrics import Metrics
from .rfm import RFMHistogram

_DAY = 86400
_KINDS = {"metrics": Metrics, "frequency": Frequency, "rfm": RFMHistogram}


@dataclass(frozen=True)
class Plan:
    """What each partition computes, with every option fixed (it is sent to
    the workers: plain values only). ``None`` skips a result."""
    customer: str = "customer_id"
    time: str = "time"
    amount: Optional[str] = None
    segment: Optional[str] = None
    cohort: Mapping[str, Any] = field(default_factory=dict)
    metrics: Optional[Mapping[str, Any]] = None
    frequency: Optional[Mapping[str, Any]] = None
    rfm: Optional[Mapping[str, Any]] = None        # calibration_end, unit_days
    spend: bool = False                            # (x, mean spend) of repeat buyers


@dataclass
class Results:
    """The merged results (those the plan asked for; the others None).

    ``spend`` has one row per repeat buyer (index the customer id, sorted)
    with ``frequency`` and ``monetary_value``: the input of the Gamma-Gamma
    fit, which has no histogram form.
    """
    metrics: Optional[Metrics] = None
    frequency: Optional[Frequency] = None
    rfm: Optional[RFMHistogram] = None
    spend: Optional[pd.DataFrame] = None


@dataclass(frozen=True)
class CLVFits:
    """BG/NBD on the merged RFM histogram, Gamma-Gamma on the repeat buyers' spend."""
    bgnbd: BGNBDFit
    gamma_gamma: GammaGammaFit
    rfm: RFMHistogram
    spend: pd.DataFrame


# -- on the workers ----------------------------------------------------------
def _cohort_of(frame: pd.DataFrame, plan: Plan) -> Cohort:
    """A Cohort of one partition's events (purchases when there is an amount)."""
    cohort = Cohort(**plan.cohort)
    try:
        ids = frame[plan.customer].to_numpy()
        if plan.amount is not None:
            cohort.add_purchases(ids, frame[plan.time], frame[plan.amount].to_numpy(np.float64))
        else:
            cohort.add_events(ids, frame[plan.time])
        if plan.segment is not None:
            # The segment of each customer's earliest row (the smallest on a
            # tie): the same whatever order the shuffle left the rows in.
            # Hash group-bys, not a sort: a sort costs most of a partition's time.
            keys = frame[[plan.customer, plan.time, plan.segment]]
            by_customer = keys.groupby(plan.customer, sort=False)
            earliest = keys[plan.time] == by_customer[plan.time].transform("min")
            first = keys[earliest].groupby(plan.customer, sort=False)[plan.segment].min()
            cohort.set_segments(first.index.to_numpy(), first.to_numpy())
    except BaseException:
        cohort.close()
        raise
    return cohort


def partial(frame: pd.DataFrame, plan: Plan) -> dict[str, Any]:
    """One partition's serialized parts ({} for an empty partition)."""
    if len(frame) == 0:
        return {}
    out: dict[str, Any] = {}
    with _cohort_of(frame, plan) as cohort:
        if plan.metrics is not None:
            with cohort.metrics(**plan.metrics) as m:
                out["metrics"] = m.to_bytes()
        if plan.frequency is not None:
            with cohort.frequency(**plan.frequency) as f:
                out["frequency"] = f.to_bytes()
        if plan.rfm is not None:
            with cohort.rfm_histogram(**plan.rfm, skip_zero_age=True) as h:
                out["rfm"] = h.to_bytes()
            if plan.spend:
                summary = cohort.rfm_summary(**plan.rfm, skip_zero_age=True)
                repeat = summary[summary["frequency"] > 0]
                out["spend"] = (repeat.index.to_numpy(np.uint64),
                                repeat["frequency"].to_numpy(np.int64),
                                repeat["monetary_value"].to_numpy(np.float64))
    return out


def combine(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Merge serialized parts with the library's merges; serialized again."""
    out: dict[str, Any] = {}
    for key, cls in _KINDS.items():
        raws = [p[key] for p in parts if key in p]
        if not raws:
            continue
        objects = [cls.from_bytes(r) for r in raws]
        try:
            for other in objects[1:]:
                objects[0].merge(other)
            out[key] = objects[0].to_bytes()
        finally:
            for o in objects:
                o.close()
    spends = [p["spend"] for p in parts if "spend" in p]
    if spends:
        out["spend"] = tuple(np.concatenate(column) for column in zip(*spends))
    return out


# -- in the caller -------------------------------------------------------------
def day_range(df: dd.DataFrame, time: str = "time",
              utc_offset_seconds: int = 0) -> tuple[int, int]:
    """First and last civil day (days since 1970-01-01) of the log's times:
    the metrics' default range, computed by one min/max reduction."""
    low, high = dask.compute(df[time].min(), df[time].max())
    seconds = cv.times(pd.Series([low, high]))
    first, last = ((seconds + utc_offset_seconds) // _DAY).tolist()
    return int(first), int(last)


def _fix_range(df: dd.DataFrame, plan: Plan) -> Plan:
    """The plan with the metrics' range fixed (the whole log's when not given)."""
    if plan.metrics is None:
        return plan
    options = dict(plan.metrics)
    if (options.get("first_day") is None) != (options.get("last_day") is None):
        raise ValueError("give both first_day and last_day, or neither")
    if options.get("first_day") is None:
        options["first_day"], options["last_day"] = day_range(
            df, plan.time, int(plan.cohort.get("utc_offset_seconds") or 0))
    else:
        options["first_day"] = cv.day(options["first_day"], "first_day")
        options["last_day"] = cv.day(options["last_day"], "last_day")
    return replace(plan, metrics=options)


def graph(df: dd.DataFrame, plan: Plan, npartitions: int | None = None,
          split_every: int = 8) -> Delayed:
    """The lazy computation: shuffle by customer, a part per partition, a
    merge tree; its value is the serialized root ({} for an empty log)."""
    if split_every < 2:
        raise ValueError("split_every must be at least 2")
    plan = _fix_range(df, plan)
    columns = [c for c in (plan.customer, plan.time, plan.amount, plan.segment) if c]
    shuffled = df[columns].shuffle(on=plan.customer, npartitions=npartitions)
    level = [delayed(partial, pure=True)(p, plan) for p in shuffled.to_delayed()]
    while len(level) > 1:
        level = [delayed(combine, pure=True)(level[i:i + split_every])
                 for i in range(0, len(level), split_every)]
    return level[0]


def compute(df: dd.DataFrame, plan: Plan, npartitions: int | None = None,
            split_every: int = 8) -> Results:
    """Run the plan (on the current Dask scheduler) and rebuild the results here."""
    root = graph(df, plan, npartitions, split_every).compute()
    results = Results()
    for key, cls in _KINDS.items():
        if key in root:
            setattr(results, key, cls.from_bytes(root[key]))
    if "spend" in root:
        ids, x, m = root["spend"]
        order = np.argsort(ids, kind="stable")
        results.spend = pd.DataFrame({"frequency": x[order], "monetary_value": m[order]},
                                     index=pd.Index(ids[order], name="customer_id"))
    if results.rfm is not None:            # rows in a canonical order (see RFMHistogram)
        merged, results.rfm = results.rfm, results.rfm.sorted()
        merged.close()
    return results


def _plan(customer: str, time: str, amount: str | None, segment: str | None,
          cohort: Mapping[str, Any] | None, **kinds: Any) -> Plan:
    return Plan(customer=customer, time=time, amount=amount, segment=segment,
                cohort=dict(cohort or {}), **kinds)


def metrics(df: dd.DataFrame, *, customer: str = "customer_id", time: str = "time",
            amount: str | None = None, segment: str | None = None,
            cohort: Mapping[str, Any] | None = None, npartitions: int | None = None,
            split_every: int = 8, **options: Any) -> Metrics:
    """The Metrics of the whole log: ``options`` are :meth:`Cohort.metrics`'s
    (first_day, last_day, period, max_offset, segment, trailing_days,
    brackets, tables), ``cohort`` the :class:`Cohort` options
    (utc_offset_seconds, first_weekday, windows, inactivity_days)."""
    plan = _plan(customer, time, amount, segment, cohort, metrics=options)
    return _only(compute(df, plan, npartitions, split_every).metrics, "metrics")


def frequency(df: dd.DataFrame, as_of: cv.DayLike, earlier: cv.DayLike | None = None, *,
              customer: str = "customer_id", time: str = "time", amount: str | None = None,
              segment: str | None = None, cohort: Mapping[str, Any] | None = None,
              npartitions: int | None = None, split_every: int = 8,
              **thresholds: Any) -> Frequency:
    """The usage-frequency spectrum at ``as_of`` (:meth:`Cohort.frequency`)."""
    options = dict(as_of=cv.day(as_of, "as_of"),
                   earlier=None if earlier is None else cv.day(earlier, "earlier"), **thresholds)
    plan = _plan(customer, time, amount, segment, cohort, frequency=options)
    return _only(compute(df, plan, npartitions, split_every).frequency, "frequency")


def rfm_histogram(df: dd.DataFrame, calibration_end: cv.DayLike, unit_days: float = 7.0, *,
                  customer: str = "customer_id", time: str = "time", amount: str = "amount",
                  cohort: Mapping[str, Any] | None = None, npartitions: int | None = None,
                  split_every: int = 8) -> RFMHistogram:
    """The RFM histogram of the customers who bought by ``calibration_end``
    (customers first seen on that day, of age 0, left out), rows sorted. The
    rows are purchases: ``amount`` names their amount column."""
    plan = _plan(customer, time, amount, None, cohort,
                 rfm=dict(calibration_end=cv.day(calibration_end, "calibration_end"),
                          unit_days=float(unit_days)))
    return _only(compute(df, plan, npartitions, split_every).rfm, "rfm")


def fit_clv(df: dd.DataFrame, calibration_end: cv.DayLike, unit_days: float = 7.0, *,
            customer: str = "customer_id", time: str = "time", amount: str = "amount",
            cohort: Mapping[str, Any] | None = None, npartitions: int | None = None,
            split_every: int = 8, **fit_options: Any) -> CLVFits:
    """BG/NBD on the merged RFM histogram and Gamma-Gamma on the repeat
    buyers' (frequency, mean spend), sorted by customer id, of the purchases
    (``amount`` their amount column); ``fit_options`` go to both fits
    (std_errors, max_iterations...)."""
    plan = _plan(customer, time, amount, None, cohort,
                 rfm=dict(calibration_end=cv.day(calibration_end, "calibration_end"),
                          unit_days=float(unit_days)),
                 spend=True)
    results = compute(df, plan, npartitions, split_every)
    rfm = _only(results.rfm, "rfm")
    bgnbd = fit_bgnbd(rfm, **fit_options)
    gamma_gamma = fit_gamma_gamma(results.spend, **fit_options)
    return CLVFits(bgnbd, gamma_gamma, rfm, results.spend)


def _only(value: Any, what: str) -> Any:
    if value is None:
        raise ValueError(f"no {what}: the log is empty")
    return value


__all__ = ["Plan", "Results", "CLVFits", "partial", "combine", "day_range", "graph", "compute",
           "metrics", "frequency", "rfm_histogram", "fit_clv"]
