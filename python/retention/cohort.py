"""Cohort: a population of customers and what they did (rt_cohort)."""
from __future__ import annotations

import ctypes as C
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _convert as cv
from ._handle import Handle
from ._lib import check, init_struct, lib
from ._structs import CohortOptions
from .errors import error_for

if TYPE_CHECKING:
    from .churn import ChurnResult
    from .frequency import Frequency
    from .metrics import Metrics
    from .rfm import RFMHistogram

_SUBSCRIPTION_OPEN = np.iinfo(np.int64).max


def _bulk(function: Any, handle: int, *arrays: np.ndarray) -> None:
    """A bulk add: all or nothing; a failure names the first bad record."""
    bad = C.c_size_t(0)
    n = len(arrays[0])
    status = function(handle, *(cv.pointer(a) for a in arrays), n, C.byref(bad))
    if status != 0:
        message = lib.rt_last_error_message().decode(errors="replace")
        error = error_for(status, message)
        if status in (1, 3) and n:
            error = error_for(status, f"{message} (record {bad.value})")
            error.index = bad.value  # type: ignore[attr-defined]
        raise error


class Cohort(Handle):
    """A population of customers and their activity, purchases and subscriptions.

    Times are instants (datetime64 of any unit, tz-aware pandas times, or
    integer Unix seconds); the cohort's fixed UTC offset turns them into
    civil days. Adding is all or nothing: on a bad record nothing is added
    and the exception's ``index`` names the record.

    Use it in a ``with`` block (or call :meth:`close`) to free the C memory
    at once; otherwise the garbage collector frees it::

        with retention.Cohort(inactivity_days=30) as c:
            c.add_events(df.user_id, df.timestamp)
            m = c.metrics(period="week")

    Args:
        utc_offset_seconds: offset of the civil days from UTC, within +-18 h (default 0).
        first_weekday: first day of a week, 1 = Monday (default) .. 7 = Sunday.
        wau_window_days: trailing weekly-active window (default 7).
        mau_window_days: trailing monthly-active window (default 30).
        inactivity_days: silent this many days, a customer is no longer one (default 30).
        threads: the most threads one call may use, 1 (default) .. 64: adding events
            and computing then cut their work over that many (library 1.2 or later).
    """

    def __init__(self, utc_offset_seconds: int | None = None, first_weekday: int | None = None,
                 wau_window_days: int | None = None, mau_window_days: int | None = None,
                 inactivity_days: int | None = None, threads: int | None = None) -> None:
        options = init_struct(CohortOptions, lib.rt_cohort_options_init,
                              utc_offset_seconds=utc_offset_seconds,
                              first_weekday=first_weekday, wau_window_days=wau_window_days,
                              mau_window_days=mau_window_days, inactivity_days=inactivity_days,
                              threads=threads)
        handle = C.c_void_p()
        check(lib.rt_cohort_new(C.byref(options), C.byref(handle)))
        super().__init__(handle, lib.rt_cohort_free)

    # -- adding ---------------------------------------------------------
    def add_events(self, customer_ids: Any, times: Any) -> None:
        """Record that each customer was active at the matching time."""
        i, t = cv.ids(customer_ids, "customer_ids"), cv.times(times)
        cv.same_length(customer_ids=i, times=t)
        _bulk(lib.rt_cohort_add_events, self._ptr, i, t)

    def add_purchases(self, customer_ids: Any, times: Any, amounts: Any) -> None:
        """Record purchases (finite amounts >= 0); each is also an activity."""
        i, t, a = cv.ids(customer_ids, "customer_ids"), cv.times(times), cv.floats(amounts)
        cv.same_length(customer_ids=i, times=t, amounts=a)
        _bulk(lib.rt_cohort_add_purchases, self._ptr, i, t, a)

    def add_starts(self, customer_ids: Any, times: Any) -> None:
        """Record start events ("first did X"): a customer's earliest start
        is the day :meth:`metrics` with ``by_start=True`` puts them in a
        cohort. A start is not activity. Needs libretention 1.1."""
        i, t = cv.ids(customer_ids, "customer_ids"), cv.times(times)
        cv.same_length(customer_ids=i, times=t)
        _bulk(lib.rt_cohort_add_starts, self._ptr, i, t)

    def start_day(self, customer_id: int) -> int:
        """The customer's start day (days since 1970-01-01); raises
        NotFoundError when they have no start event."""
        day = C.c_int32()
        check(lib.rt_cohort_start_day(self._ptr, customer_id, C.byref(day)))
        return day.value

    def add_subscriptions(self, customer_ids: Any, starts: Any, ends: Any = None) -> None:
        """Record subscription intervals [start, end); an end of NaT (or
        ``ends=None`` for all) is a subscription still running."""
        i, s = cv.ids(customer_ids, "customer_ids"), cv.times(starts, "starts")
        if ends is None:
            e = np.full(len(s), _SUBSCRIPTION_OPEN, np.int64)
        else:
            raw = np.asarray(getattr(cv._strip_tz(ends), "values", ends))
            if raw.dtype.kind == "M":
                open_ = np.isnat(raw)
                e = cv.times(np.where(open_, np.datetime64(0, "s"), raw), "ends")
                e = np.where(open_, _SUBSCRIPTION_OPEN, e)
            else:
                e = cv.times(raw, "ends")
        cv.same_length(customer_ids=i, starts=s, ends=e)
        _bulk(lib.rt_cohort_add_subscriptions, self._ptr, i, s, e)

    def add_late_payments(self, customer_ids: Any, times: Any) -> None:
        """Record late payments (a reason for :meth:`at_risk`)."""
        i, t = cv.ids(customer_ids, "customer_ids"), cv.times(times)
        cv.same_length(customer_ids=i, times=t)
        for k in range(len(i)):
            check(lib.rt_cohort_add_late_payment(self._ptr, int(i[k]), int(t[k])))

    def set_segments(self, customer_ids: Any, segments: Any) -> None:
        """Put customers in segments (uint32; 0 means none), all or nothing."""
        i = cv.ids(customer_ids, "customer_ids")
        wide = cv.counts(segments, "segments")
        if len(wide) and int(wide.max()) > 0xFFFFFFFF:
            raise ValueError("segments must fit in uint32")
        s = np.ascontiguousarray(wide, dtype=np.uint32)
        cv.same_length(customer_ids=i, segments=s)
        _bulk(lib.rt_cohort_set_segments, self._ptr, i, s)

    def segment(self, customer_id: int) -> int:
        """A customer's segment (NotFoundError for an unknown customer)."""
        out = C.c_uint32()
        check(lib.rt_cohort_segment(self._ptr, customer_id, C.byref(out)))
        return out.value

    # -- counts ---------------------------------------------------------
    @property
    def customer_count(self) -> int:
        """Distinct customers."""
        return int(lib.rt_cohort_customer_count(self._ptr))

    def __len__(self) -> int:
        return self.customer_count

    @property
    def start_count(self) -> int:
        """Start events recorded, duplicates included."""
        return int(lib.rt_cohort_start_count(self._ptr))

    @property
    def event_count(self) -> int:
        """Activity events recorded, duplicates included."""
        return int(lib.rt_cohort_event_count(self._ptr))

    @property
    def purchase_count(self) -> int:
        """Purchases recorded."""
        return int(lib.rt_cohort_purchase_count(self._ptr))

    @property
    def subscription_count(self) -> int:
        """Subscription intervals recorded."""
        return int(lib.rt_cohort_subscription_count(self._ptr))

    def day_range(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """First and last civil day with any activity (UndefinedError if none)."""
        first, last = C.c_int32(), C.c_int32()
        check(lib.rt_cohort_day_range(self._ptr, C.byref(first), C.byref(last)))
        a, b = cv.dates([first.value, last.value])
        return pd.Timestamp(a), pd.Timestamp(b)

    # -- what is computed from it --------------------------------------
    def metrics(self, first_day: cv.DayLike | None = None, last_day: cv.DayLike | None = None,
                period: str = "day", max_offset: int | None = None,
                segment: int | None = None, trailing_days: int | None = None,
                brackets: Sequence[int] | None = None,
                tables: Iterable[str] = ("exact", "on_or_after"),
                by_start: bool = False) -> "Metrics":
        """Activity, cohort retention, survival and lifecycle: see :class:`Metrics`.
        With ``by_start=True`` cohorts and survival begin at each customer's
        start event (:meth:`add_starts`); activity stays activity."""
        from .metrics import Metrics
        return Metrics._compute(self, first_day, last_day, period, max_offset, segment,
                                trailing_days, brackets, tables, by_start)

    def frequency(self, as_of: cv.DayLike, earlier: cv.DayLike | None = None,
                  **thresholds: Any) -> "Frequency":
        """Usage-frequency buckets at a day: see :class:`Frequency`."""
        from .frequency import Frequency
        return Frequency._compute(self, as_of, earlier, thresholds)

    def churn(self, start: cv.DayLike, end: cv.DayLike,
              segment: int | None = None) -> "ChurnResult":
        """Churn, retention and repeat purchases over the days [start, end]."""
        from .churn import churn
        return churn(self, start, end, segment)

    def churn_monthly(self, first_day: cv.DayLike, months: int,
                      segment: int | None = None) -> pd.DataFrame:
        """Churn of consecutive calendar months, one row per month."""
        from .churn import churn_monthly
        return churn_monthly(self, first_day, months, segment)

    def at_risk(self, as_of: cv.DayLike, n: int = 100,
                values: Mapping[int, float] | pd.Series | None = None,
                **thresholds: Any) -> pd.DataFrame:
        """The n most valuable customers at risk of leaving: see :func:`retention.risk.at_risk`."""
        from .risk import at_risk
        return at_risk(self, as_of, n, values, thresholds)

    def rfm_summary(self, calibration_end: cv.DayLike, holdout_end: cv.DayLike | None = None,
                    unit_days: float = 7.0, skip_zero_age: bool = False) -> pd.DataFrame:
        """Per-customer frequency, recency, T and monetary value: see
        :func:`retention.summary.rfm_summary`."""
        from .summary import rfm_summary
        return rfm_summary(self, calibration_end, holdout_end, unit_days, skip_zero_age)

    def rfm_histogram(self, calibration_end: cv.DayLike, unit_days: float = 7.0,
                      skip_zero_age: bool = False) -> "RFMHistogram":
        """The customers of :meth:`rfm_summary` counted by (x, t_x, T): the
        input of the BG/NBD and Pareto/NBD fits, and what merges across
        processes (see :class:`retention.RFMHistogram`)."""
        from .rfm import RFMHistogram
        return RFMHistogram._from_cohort(self, calibration_end, unit_days, skip_zero_age)
