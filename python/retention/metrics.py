"""Metrics: activity, cohort retention tables, survival and lifecycle (rt_metrics).

Dates are civil days at the cohort's UTC offset, as pandas Timestamps at
midnight. Censored retention cells (their period had not ended by the end
of observation) are NaN: unknown, never zero.
"""
from __future__ import annotations

import ctypes as C
import struct
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import numpy as np
import pandas as pd

from . import _convert as cv
from ._lib import check, init_struct, lib
from ._serial import Portable
from ._structs import MetricsOptions
from .errors import OutOfRangeError

if TYPE_CHECKING:
    from .cohort import Cohort

PERIODS = {"day": 0, "week": 1, "month": 2}
KINDS = {"exact": 0, "on_or_after": 1, "brackets": 2}
TABLES = {"exact": 1, "on_or_after": 2}
LIFECYCLE_STATES = ("new", "returning", "resurrecting", "dormant")


def _choice(value: str, choices: dict[str, int], name: str) -> int:
    """The C value of a named choice; ValueError listing the choices otherwise."""
    try:
        return choices[value]
    except KeyError:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}") from None


class Metrics(Portable):
    """A snapshot of a cohort's metrics over a range of days.

    Made by :meth:`Cohort.metrics`; a context manager like the cohort. The
    snapshot does not depend on the cohort: it stays valid after the cohort
    is closed or changed. It travels as bytes (:meth:`to_bytes`,
    :meth:`from_bytes`, pickling) and adds the metrics of a disjoint set of
    customers computed with equal options (:meth:`merge`, :func:`retention.merge`):
    every count then is what one cohort of all of them gives.
    """

    _serialize = lib.rt_metrics_serialize
    _deserialize = lib.rt_metrics_deserialize
    _merge = lib.rt_metrics_merge
    _free = lib.rt_metrics_free

    def _restore(self, raw: bytes) -> None:
        """Period, tables, brackets and trailing window from the bytes' options
        (docs/serialization.md, kind 1: offsets 24, 52, 56, 68, 72)."""
        period, = struct.unpack_from("<I", raw, 24)
        trailing, table_bits = struct.unpack_from("<II", raw, 52)
        bracket_count, = struct.unpack_from("<I", raw, 68)
        self.period = {v: k for k, v in PERIODS.items()}[period]
        self._tables = {name for name, bit in TABLES.items() if table_bits & bit}
        self._brackets = None
        if bracket_count:
            self._tables.add("brackets")
            self._brackets = np.frombuffer(raw, "<u4", bracket_count + 1, 72).astype(np.uint32)
        self._trailing_days = trailing

    @classmethod
    def _compute(cls, cohort: "Cohort", first_day: Any, last_day: Any, period: str,
                 max_offset: int | None, segment: int | None, trailing_days: int | None,
                 brackets: Sequence[int] | None, tables: Iterable[str],
                 by_start: bool = False) -> "Metrics":
        """Run rt_cohort_metrics (see Cohort.metrics)."""
        if (first_day is None) != (last_day is None):
            raise ValueError("give both first_day and last_day, or neither")
        table_bits = 0
        for t in tables:
            table_bits |= _choice(t, TABLES, "tables")
        bounds = None
        if brackets is not None:
            bounds = np.ascontiguousarray(brackets, dtype=np.uint32)
            if len(bounds) < 2:
                raise ValueError("brackets needs at least two bounds")
        options = init_struct(
            MetricsOptions, lib.rt_metrics_options_init,
            use_range=0 if first_day is None else 1,
            first_day=None if first_day is None else cv.day(first_day, "first_day"),
            last_day=None if last_day is None else cv.day(last_day, "last_day"),
            period=_choice(period, PERIODS, "period"), max_offset=max_offset,
            use_segment=0 if segment is None else 1, segment=segment,
            trailing_days=trailing_days, tables=table_bits, use_starts=int(by_start),
            bracket_count=0 if bounds is None else len(bounds) - 1)
        if bounds is not None:
            options.bracket_bounds = bounds.ctypes.data_as(C.POINTER(C.c_uint32))
        handle = C.c_void_p()
        check(lib.rt_cohort_metrics(cohort._ptr, C.byref(options), C.byref(handle)))
        self = cls(handle, lib.rt_metrics_free)
        self.period = period
        self._tables = {name for name, bit in TABLES.items() if table_bits & bit}
        if bounds is not None:
            self._tables.add("brackets")
        self._brackets = None if bounds is None else bounds.copy()
        self._trailing_days = options.trailing_days or 28   # 0 means L28
        return self

    # -- activity -------------------------------------------------------
    def day_range(self) -> tuple[int, int]:
        """First and last day of the range, as day numbers (days since 1970-01-01)."""
        first, last = C.c_int32(), C.c_int32()
        check(lib.rt_metrics_day_range(self._ptr, C.byref(first), C.byref(last)))
        return first.value, last.value

    def active(self) -> pd.DataFrame:
        """DAU, WAU and MAU of every day of the range (columns), indexed by date."""
        first, last = self.day_range()
        n = last - first + 1
        out = np.zeros((n, 3), np.uint64)
        dau, wau, mau = C.c_uint64(), C.c_uint64(), C.c_uint64()
        ptr, f = self._ptr, lib.rt_metrics_active
        for i in range(n):
            check(f(ptr, first + i, C.byref(dau), C.byref(wau), C.byref(mau)))
            out[i] = dau.value, wau.value, mau.value
        index = cv.date_index(np.arange(first, last + 1), "date")
        return pd.DataFrame(out.astype(np.int64), index=index, columns=["dau", "wau", "mau"])

    @property
    def dau(self) -> pd.Series:
        """Daily active customers, a Series indexed by date."""
        return self.active()["dau"]

    @property
    def wau(self) -> pd.Series:
        """Customers active in the trailing weekly window ending on each date."""
        return self.active()["wau"]

    @property
    def mau(self) -> pd.Series:
        """Customers active in the trailing monthly window ending on each date."""
        return self.active()["mau"]

    def stickiness(self, first_day: cv.DayLike | None = None,
                   last_day: cv.DayLike | None = None) -> tuple[float, float]:
        """Mean of daily DAU/MAU and sum(DAU)/sum(MAU) over days (default: the range)."""
        lo, hi = self.day_range()
        a = lo if first_day is None else cv.day(first_day, "first_day")
        b = hi if last_day is None else cv.day(last_day, "last_day")
        mean, ratio = C.c_double(), C.c_double()
        check(lib.rt_metrics_stickiness(self._ptr, a, b, C.byref(mean), C.byref(ratio)))
        return mean.value, ratio.value

    def _histogram(self, function: Any, length: int) -> pd.Series:
        """Customers active on exactly 0..length days, by one histogram getter."""
        out = C.c_uint64()
        counts = []
        for k in range(length + 1):
            check(function(self._ptr, k, C.byref(out)))
            counts.append(out.value)
        return pd.Series(counts, index=pd.RangeIndex(length + 1, name="active_days"),
                         name="customers", dtype=np.int64)

    def trailing_histogram(self) -> pd.Series:
        """Customers active on exactly n days of the trailing window (L28 by default)."""
        return self._histogram(lib.rt_metrics_trailing_histogram, self._trailing_days)

    def range_histogram(self) -> pd.Series:
        """Customers active on exactly n days of the whole range (stickiness distribution)."""
        first, last = self.day_range()
        return self._histogram(lib.rt_metrics_range_histogram, last - first + 1)

    # -- cohort retention -----------------------------------------------
    @property
    def cohort_count(self) -> int:
        """Number of cohorts (rows of the tables)."""
        return int(lib.rt_metrics_cohort_count(self._ptr))

    @property
    def offset_count(self) -> int:
        """Number of offsets (columns of the exact and on-or-after tables)."""
        return int(lib.rt_metrics_offset_count(self._ptr))

    def _cohort_days(self) -> np.ndarray:
        """First day of each cohort (period), as day numbers."""
        start, size = C.c_int32(), C.c_uint64()
        days = np.zeros(self.cohort_count, np.int64)
        for c in range(len(days)):
            check(lib.rt_metrics_cohort(self._ptr, c, C.byref(start), C.byref(size)))
            days[c] = start.value
        return days

    def cohort_sizes(self) -> pd.Series:
        """Customers whose first activity (or start event, ``by_start``) is in
        each cohort's period, by cohort start."""
        start, size = C.c_int32(), C.c_uint64()
        days, sizes = [], []
        for c in range(self.cohort_count):
            check(lib.rt_metrics_cohort(self._ptr, c, C.byref(start), C.byref(size)))
            days.append(start.value)
            sizes.append(size.value)
        return pd.Series(sizes, index=cv.date_index(days, "cohort"), name="size",
                         dtype=np.int64)

    def cohort_table(self, kind: str = "exact", rates: bool = False) -> pd.DataFrame:
        """The retention table: cohorts (start dates) as rows, offsets as columns.

        Args:
            kind: "exact" (active in period c + k), "on_or_after" (active in
                some period from c + k on) or "brackets" (the custom day
                brackets given to :meth:`Cohort.metrics`, columns "b0-b1").
            rates: divide each row by its cohort's size (NaN for an empty cohort).

        Returns:
            Counts (or rates) as floats; censored cells are NaN.
        """
        code = _choice(kind, KINDS, "kind")
        if kind not in self._tables:
            raise ValueError(f"the {kind} table was not computed (see Cohort.metrics)")
        if kind == "brackets":
            b = self._brackets
            columns = pd.Index([f"{b[k]}-{b[k + 1] - 1}" for k in range(len(b) - 1)],
                               name="days")
        else:
            columns = pd.RangeIndex(self.offset_count, name="offset")
        sizes = self.cohort_sizes()
        table = np.full((len(sizes), len(columns)), np.nan)
        active, observed = C.c_uint64(), C.c_uint32()
        ptr, f = self._ptr, lib.rt_metrics_retention
        for c in range(len(sizes)):
            for k in range(len(columns)):
                check(f(ptr, code, c, k, C.byref(active), C.byref(observed)))
                if not observed.value:
                    if kind != "brackets":
                        break    # later periods of this cohort end later still
                    continue
                table[c, k] = active.value
        frame = pd.DataFrame(table, index=sizes.index, columns=columns)
        if rates:
            frame = frame.div(sizes.where(sizes > 0).astype(float), axis=0)
        return frame

    def retention_curve(self, kind: str = "exact") -> pd.DataFrame:
        """The averaged curve: per offset, the retained share over the cohorts
        observed there (weighted by size; censored cells left out) and the
        customers averaged; rate NaN where no cohort is observed."""
        code = _choice(kind, KINDS, "kind")
        if kind not in self._tables:
            raise ValueError(f"the {kind} table was not computed (see Cohort.metrics)")
        n = len(self._brackets) - 1 if kind == "brackets" else self.offset_count
        rate, customers = C.c_double(), C.c_uint64()
        rows = []
        for k in range(n):
            status = lib.rt_metrics_retention_curve(self._ptr, code, k, C.byref(rate),
                                                    C.byref(customers))
            if status == 8:    # RT_EUNDEFINED: nothing observed at this offset
                rows.append((np.nan, 0))
                continue
            check(status)
            rows.append((rate.value, customers.value))
        return pd.DataFrame(rows, columns=["rate", "customers"],
                            index=pd.RangeIndex(n, name="offset"))

    # -- survival ---------------------------------------------------------
    def survival(self) -> pd.DataFrame:
        """The Kaplan-Meier curve of customer lifetimes in days.

        Index: lifetime t in days, 0 .. the longest observable. Columns:
        survival S(t), lower and upper 95 % bounds (Greenwood, log-log),
        at_risk n_t and ended d_t.
        """
        s, lo, hi = C.c_double(), C.c_double(), C.c_double()
        n_t, d_t = C.c_uint64(), C.c_uint64()
        rows = []
        t = 0
        while True:
            status = lib.rt_metrics_survival(self._ptr, t, C.byref(s), C.byref(lo),
                                             C.byref(hi))
            if status == OutOfRangeError.status and t > 0:
                break
            check(status)
            check(lib.rt_metrics_survival_counts(self._ptr, t, C.byref(n_t), C.byref(d_t)))
            rows.append((s.value, lo.value, hi.value, n_t.value, d_t.value))
            t += 1
        return pd.DataFrame(rows, columns=["survival", "lower", "upper", "at_risk", "ended"],
                            index=pd.RangeIndex(len(rows), name="days"))

    def median_lifetime(self) -> float:
        """First t (days) with S(t) <= 0.5; inf if the curve stays above."""
        out = C.c_double()
        check(lib.rt_metrics_survival_median(self._ptr, C.byref(out)))
        return out.value

    def restricted_mean_lifetime(self, horizon: int) -> float:
        """Area under S up to ``horizon`` days: the mean lifetime counted up to it."""
        out = C.c_double()
        check(lib.rt_metrics_survival_rmst(self._ptr, horizon, C.byref(out)))
        return out.value

    # -- lifecycle --------------------------------------------------------
    def lifecycle(self) -> pd.DataFrame:
        """New, returning, resurrecting and dormant customers per period."""
        out = C.c_uint64()
        days = self._cohort_days()
        table = np.zeros((len(days), 4), np.int64)
        for p in range(len(days)):
            for state in range(4):
                check(lib.rt_metrics_lifecycle(self._ptr, p, state, C.byref(out)))
                table[p, state] = out.value
        return pd.DataFrame(table, index=cv.date_index(days, "period"),
                            columns=list(LIFECYCLE_STATES))
