"""Customers at risk of leaving, with reasons, ranked by value (rt_cohort_at_risk)."""
from __future__ import annotations

import ctypes as C
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np
import pandas as pd

from . import _convert as cv
from ._lib import check, init_struct, lib
from ._structs import RiskOptions

if TYPE_CHECKING:
    from .cohort import Cohort

#: The reason bits of rt_risk_reason, by column name.
REASONS = {"silent": 1, "usage_fell": 2, "late_payment": 4, "forgettable": 8}


def at_risk(cohort: "Cohort", as_of: cv.DayLike, n: int = 100,
            values: Mapping[int, float] | pd.Series | None = None,
            thresholds: dict[str, Any] | None = None) -> pd.DataFrame:
    """The ``n`` most valuable customers at risk at ``as_of``, most valuable first.

    Args:
        cohort: the cohort.
        as_of: the day judged.
        n: the most customers returned.
        values: a value per customer id (spend, CLV: a Series indexed by id
            or a mapping); customers without one count 0. Without values,
            customers rank by their number of active days.
        thresholds: fields of rt_risk_options: lost_days, silent_days,
            window_days, usage_drop, late_payment_days.

    Returns:
        A DataFrame indexed by customer_id with columns value (what ranked
        it), reasons (the bit set) and one boolean per reason (silent,
        usage_fell, late_payment, forgettable); ``attrs["at_risk"]`` holds
        the number of all customers at risk.
    """
    thresholds = dict(thresholds or {})
    for forbidden in ("as_of_day", "value_ids", "values", "value_count"):
        if forbidden in thresholds:
            raise TypeError(f"unknown option {forbidden!r}")
    options = init_struct(RiskOptions, lib.rt_risk_options_init,
                          as_of_day=cv.day(as_of, "as_of"), **thresholds)
    if values is not None:
        series = pd.Series(values) if not isinstance(values, pd.Series) else values
        value_ids = cv.ids(series.index.to_numpy(), "values' ids")
        value_amounts = cv.floats(series.to_numpy(), "values")
        options.value_ids = value_ids.ctypes.data_as(C.POINTER(C.c_uint64))
        options.values = value_amounts.ctypes.data_as(C.POINTER(C.c_double))
        options.value_count = len(value_ids)
    if n < 0:
        raise ValueError("n must be >= 0")
    ids = np.zeros(n, np.uint64)
    reasons = np.zeros(n, np.uint32)
    ranked_by = np.zeros(n, np.float64)
    count, total = C.c_size_t(), C.c_uint64()
    check(lib.rt_cohort_at_risk(cohort._ptr, C.byref(options), cv.pointer(ids),
                                cv.pointer(reasons), cv.pointer(ranked_by), n,
                                C.byref(count), C.byref(total)))
    k = count.value
    frame = pd.DataFrame({"value": ranked_by[:k], "reasons": reasons[:k].astype(np.int64)},
                         index=pd.Index(ids[:k], name="customer_id"))
    for name, bit in REASONS.items():
        frame[name] = (reasons[:k] & bit) != 0
    frame.attrs["at_risk"] = total.value
    return frame
