"""The RFM summary of a cohort's purchases, shaped like lifetimes' output.

``rfm_summary`` answers what the ``lifetimes`` package's
``summary_data_from_transaction_data`` answers: one row per customer
(index the customer id) with

- ``frequency``: repeat transactions in the calibration period (purchases
  of one civil day are one transaction; the first is not counted);
- ``recency``: time from the first transaction to the last one of the
  calibration period (0 when frequency is 0);
- ``T``: time from the first transaction to the calibration end (the end
  day counts as elapsed: a first purchase on 1997-01-01 with the end
  1997-09-30 gives 272 days);
- ``monetary_value``: mean amount of the repeat transactions (0 when
  frequency is 0), each transaction the sum of its day's purchases;
- ``frequency_holdout`` (only with ``holdout_end``): transactions after the
  calibration end up to the holdout end.

Differences from lifetimes: times are in units of ``unit_days`` days,
**weeks by default** (the BTYD literature's unit, and the C library's),
where lifetimes counts days (``freq="D"``): pass ``unit_days=1`` for its
numbers. Days are civil days at the cohort's UTC offset, not pandas
periods of the timestamps. The holdout column counts transactions like
lifetimes' ``calibration_and_holdout_data`` but has no holdout spend or
duration column. Customers whose first purchase is after the calibration
end are left out, as there.
"""
from __future__ import annotations

import ctypes as C
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import _convert as cv
from ._lib import check, init_struct, lib
from ._structs import RfmSummaryOptions

if TYPE_CHECKING:
    from .cohort import Cohort


def rfm_summary(cohort: "Cohort", calibration_end: cv.DayLike,
                holdout_end: cv.DayLike | None = None, unit_days: float = 7.0,
                skip_zero_age: bool = False) -> pd.DataFrame:
    """One row per customer who bought by ``calibration_end``, in order of
    first appearance in the cohort: frequency, recency, T, monetary_value
    (and frequency_holdout). ``skip_zero_age`` leaves out customers whose
    first purchase is on the calibration end day (T = 0, which no model can fit)."""
    options = init_struct(
        RfmSummaryOptions, lib.rt_rfm_summary_options_init,
        calibration_end_day=cv.day(calibration_end, "calibration_end"),
        use_holdout=0 if holdout_end is None else 1,
        holdout_end_day=None if holdout_end is None else cv.day(holdout_end, "holdout_end"),
        unit_days=float(unit_days), skip_zero_age=1 if skip_zero_age else 0)
    count = C.c_size_t()
    check(lib.rt_cohort_rfm_customers(cohort._ptr, C.byref(options), None, None, None, None,
                                      None, None, 0, C.byref(count)))
    n = count.value
    ids, x, holdout = (np.zeros(n, np.uint64) for _ in range(3))
    t_x, age, spend = (np.zeros(n, np.float64) for _ in range(3))
    check(lib.rt_cohort_rfm_customers(cohort._ptr, C.byref(options), cv.pointer(ids),
                                      cv.pointer(x), cv.pointer(t_x), cv.pointer(age),
                                      cv.pointer(spend), cv.pointer(holdout), n,
                                      C.byref(count)))
    frame = pd.DataFrame({"frequency": x.astype(np.int64), "recency": t_x, "T": age,
                          "monetary_value": spend},
                         index=pd.Index(ids, name="customer_id"))
    if holdout_end is not None:
        frame["frequency_holdout"] = holdout.astype(np.int64)
    return frame
