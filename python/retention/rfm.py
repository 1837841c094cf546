"""RFMHistogram: customers counted by (x, t_x, T), the input of the purchase models (rt_rfm).

Customers with equal repeat purchases x, recency t_x and age T share a row
with a count, so a histogram is small, merges by adding counts and is what
the BG/NBD and Pareto/NBD fits read. It travels as bytes like Metrics.
"""
from __future__ import annotations

import ctypes as C
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _convert as cv
from ._lib import check, init_struct, lib
from ._rfm import add_rows
from ._serial import Portable
from ._structs import RfmSummaryOptions

if TYPE_CHECKING:
    from .bgnbd import BGNBDFit
    from .cohort import Cohort
    from .pareto_nbd import ParetoNBDFit


class RFMHistogram(Portable):
    """A histogram of (x, t_x, T) with counts (rt_rfm).

    Made empty (``RFMHistogram()``), from arrays (:meth:`from_arrays`), from
    a cohort (:meth:`Cohort.rfm_histogram`) or from bytes
    (:meth:`from_bytes`). Histograms of disjoint customer sets merge by
    adding counts (:meth:`merge`, :func:`retention.merge`); rows keep their
    first insertion order, so merged parts hold the rows of the whole in
    another order: :meth:`sorted` gives the canonical order, in which fits
    of equal histograms are equal to the last bit.
    """

    _serialize = lib.rt_rfm_serialize
    _deserialize = lib.rt_rfm_deserialize
    _merge = lib.rt_rfm_merge
    _free = lib.rt_rfm_free

    def __init__(self, *args: Any) -> None:
        if args:                       # (handle, free): from _new or from_bytes
            super().__init__(*args)
            return
        handle = C.c_void_p()
        check(lib.rt_rfm_new(None, C.byref(handle)))
        super().__init__(handle, lib.rt_rfm_free)

    @classmethod
    def from_arrays(cls, frequency: Any, recency: Any = None, T: Any = None) -> "RFMHistogram":
        """One customer per element of the arrays (or rows of a summary
        DataFrame's frequency, recency, T), all or nothing."""
        from ._fit import rfm_columns
        x, t_x, age, _ = rfm_columns(frequency, recency, T)
        self = cls()
        add_rows(self._ptr, x, t_x, age)
        return self

    @classmethod
    def _from_cohort(cls, cohort: "Cohort", calibration_end: cv.DayLike, unit_days: float,
                     skip_zero_age: bool) -> "RFMHistogram":
        """rt_cohort_rfm: see Cohort.rfm_histogram."""
        options = init_struct(RfmSummaryOptions, lib.rt_rfm_summary_options_init,
                              calibration_end_day=cv.day(calibration_end, "calibration_end"),
                              unit_days=float(unit_days),
                              skip_zero_age=1 if skip_zero_age else 0)
        self = cls()
        try:
            check(lib.rt_cohort_rfm(cohort._ptr, C.byref(options), self._ptr))
        except BaseException:
            self.close()
            raise
        return self

    def add(self, x: int, t_x: float, T: float, count: int = 1) -> None:
        """Add ``count`` customers with statistics (x, t_x, T)."""
        check(lib.rt_rfm_add(self._ptr, int(x), float(t_x), float(T), int(count)))

    @property
    def row_count(self) -> int:
        """Distinct (x, t_x, T) rows."""
        return int(lib.rt_rfm_row_count(self._ptr))

    @property
    def customer_count(self) -> int:
        """Customers: the sum of the counts."""
        return int(lib.rt_rfm_customer_count(self._ptr))

    def __len__(self) -> int:
        return self.row_count

    def rows(self) -> pd.DataFrame:
        """The rows in the histogram's order: columns x, t_x, T, count."""
        n = self.row_count
        x, count = np.zeros(n, np.uint64), np.zeros(n, np.uint64)
        t_x, age = np.zeros(n), np.zeros(n)
        xi, ci, ti, ai = C.c_uint64(), C.c_uint64(), C.c_double(), C.c_double()
        for i in range(n):
            check(lib.rt_rfm_row(self._ptr, i, C.byref(xi), C.byref(ti), C.byref(ai),
                                 C.byref(ci)))
            x[i], t_x[i], age[i], count[i] = xi.value, ti.value, ai.value, ci.value
        return pd.DataFrame({"x": x.astype(np.int64), "t_x": t_x, "T": age,
                             "count": count.astype(np.int64)})

    def sorted(self) -> "RFMHistogram":
        """A new histogram with the same rows in increasing (x, t_x, T) order."""
        rows = self.rows().sort_values(["x", "t_x", "T"], kind="mergesort")
        result = RFMHistogram()
        try:
            for x, t_x, age, count in rows.itertuples(index=False):
                result.add(x, t_x, age, count)
        except BaseException:
            result.close()
            raise
        return result

    def fit_bgnbd(self, **options: Any) -> "BGNBDFit":
        """:func:`retention.fit_bgnbd` on this histogram."""
        from .bgnbd import fit_bgnbd
        return fit_bgnbd(self, **options)

    def fit_pareto_nbd(self, **options: Any) -> "ParetoNBDFit":
        """:func:`retention.fit_pareto_nbd` on this histogram."""
        from .pareto_nbd import fit_pareto_nbd
        return fit_pareto_nbd(self, **options)
