"""Churn and retention over a window, from a cohort's data (rt_cohort_churn)."""
from __future__ import annotations

import ctypes as C
import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _convert as cv
from ._lib import check, init_struct, lib
from ._structs import ChurnOptions, ChurnResult as _CChurnResult

if TYPE_CHECKING:
    from .cohort import Cohort


@dataclass(frozen=True)
class ChurnResult:
    """Who was a customer at the start and end of a window, who left.

    A rate whose denominator is zero is NaN (churn and retention when no
    one was a customer at the start; repeat_rate when no one had bought).
    retention_rate is the customer retention rate CRR = retained / at_start.
    """
    at_start: int
    at_end: int
    retained: int
    lost: int
    acquired: int
    joined_and_left: int
    resurrected: int
    churn_rate: float
    retention_rate: float
    repeat_base: int
    repeat_buyers: int
    repeat_rate: float

    @classmethod
    def _from_c(cls, r: _CChurnResult) -> "ChurnResult":
        """The result an rt_churn_result holds, undefined rates as NaN."""
        nan = math.nan
        return cls(r.at_start, r.at_end, r.retained, r.lost, r.acquired, r.joined_and_left,
                   r.resurrected, r.churn_rate if r.rates_defined else nan,
                   r.retention_rate if r.rates_defined else nan, r.repeat_base,
                   r.repeat_buyers, r.repeat_rate if r.repeat_defined else nan)

    def as_dict(self) -> dict[str, Any]:
        """The fields as a dict."""
        return asdict(self)


def _options(segment: int | None) -> ChurnOptions:
    """rt_churn_options counting every customer, or those of one segment."""
    return init_struct(ChurnOptions, lib.rt_churn_options_init,
                       use_segment=0 if segment is None else 1, segment=segment)


def churn(cohort: "Cohort", start: cv.DayLike, end: cv.DayLike,
          segment: int | None = None) -> ChurnResult:
    """Churn, retention and repeat purchases over the days [start, end]."""
    options = _options(segment)
    result = init_struct(_CChurnResult, lib.rt_churn_result_init)
    check(lib.rt_cohort_churn(cohort._ptr, cv.day(start, "start"), cv.day(end, "end"),
                              C.byref(options), C.byref(result)))
    return ChurnResult._from_c(result)


def churn_monthly(cohort: "Cohort", first_day: cv.DayLike, months: int,
                  segment: int | None = None) -> pd.DataFrame:
    """Churn of ``months`` consecutive calendar months from the month of
    ``first_day``: a DataFrame of :class:`ChurnResult` fields, one row per month."""
    if months < 1:
        raise ValueError("months must be >= 1")
    options = _options(segment)
    results = (_CChurnResult * months)()
    for r in results:
        check(lib.rt_churn_result_init(C.byref(r), C.sizeof(r)))
    day = cv.day(first_day, "first_day")
    check(lib.rt_cohort_churn_monthly(cohort._ptr, day, months, C.byref(options),
                                      C.addressof(results)))
    rows = [ChurnResult._from_c(r).as_dict() for r in results]
    start = pd.Timestamp(cv.dates([day])[0]).to_period("M")
    index = pd.period_range(start, periods=months, freq="M", name="month")
    return pd.DataFrame(rows, index=index)
