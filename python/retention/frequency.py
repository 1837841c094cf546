"""Frequency: usage-frequency buckets at a day and the forgettable zone (rt_frequency)."""
from __future__ import annotations

import ctypes as C
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _convert as cv
from ._handle import Handle
from ._lib import check, init_struct, lib
from ._structs import FrequencyOptions

if TYPE_CHECKING:
    from .cohort import Cohort

#: Bucket names in the order of rt_frequency_bucket (the last, "none", only
#: for an earlier day at which the customer was not one yet).
BUCKETS = ("new", "daily", "weekly", "monthly", "forgettable", "dormant", "none")


class Frequency(Handle):
    """Each customer's usage-frequency bucket at ``as_of`` (and ``earlier``).

    Made by :meth:`Cohort.frequency`, whose keyword thresholds are the
    fields of rt_frequency_options: lookback_days, new_days, dormant_days,
    daily_max_interval, weekly_max_interval, monthly_max_interval,
    forgettable_share (library defaults 90, 14, 90, 1.5, 8, 31, 0.5).
    """

    @classmethod
    def _compute(cls, cohort: "Cohort", as_of: Any, earlier: Any,
                 thresholds: dict[str, Any]) -> "Frequency":
        """Run rt_cohort_frequency (see Cohort.frequency)."""
        for forbidden in ("as_of_day", "earlier_day", "use_earlier"):
            if forbidden in thresholds:
                raise TypeError(f"unknown option {forbidden!r}: pass as_of and earlier")
        options = init_struct(FrequencyOptions, lib.rt_frequency_options_init,
                              as_of_day=cv.day(as_of, "as_of"),
                              use_earlier=0 if earlier is None else 1,
                              earlier_day=None if earlier is None else cv.day(earlier, "earlier"),
                              **thresholds)
        handle = C.c_void_p()
        check(lib.rt_cohort_frequency(cohort._ptr, C.byref(options), C.byref(handle)))
        self = cls(handle, lib.rt_frequency_free)
        self.has_earlier = earlier is not None
        return self

    def counts(self, segment: int | None = None) -> pd.Series:
        """Customers per bucket at the as-of day (of one segment if given)."""
        out = C.c_uint64()
        values = []
        for b in range(6):
            if segment is None:
                check(lib.rt_frequency_count(self._ptr, b, C.byref(out)))
            else:
                check(lib.rt_frequency_segment_count(self._ptr, segment, b, C.byref(out)))
            values.append(out.value)
        return pd.Series(values, index=pd.Index(BUCKETS[:6], name="bucket"),
                         name="customers", dtype=np.int64)

    def forgettable_segments(self) -> np.ndarray:
        """Segments whose active customers are mostly forgettable, increasing."""
        count = C.c_size_t()
        check(lib.rt_frequency_forgettable_segments(self._ptr, None, 0, C.byref(count)))
        out = np.zeros(count.value, np.uint32)
        check(lib.rt_frequency_forgettable_segments(self._ptr, cv.pointer(out), len(out),
                                                    C.byref(count)))
        return out

    def customer(self, customer_id: int) -> tuple[str, str]:
        """A customer's bucket at the as-of day and at the earlier day
        ("none" when no earlier day was asked for)."""
        now, before = C.c_int(), C.c_int()
        check(lib.rt_frequency_customer(self._ptr, customer_id, C.byref(now),
                                        C.byref(before)))
        return BUCKETS[now.value], BUCKETS[before.value]

    def transitions(self) -> pd.DataFrame:
        """Customers moving between buckets: rows the earlier day's bucket
        (with "none"), columns the as-of day's."""
        out = C.c_uint64()
        table = np.zeros((7, 6), np.int64)
        for e in range(7):
            for n in range(6):
                check(lib.rt_frequency_transitions(self._ptr, e, n, C.byref(out)))
                table[e, n] = out.value
        return pd.DataFrame(table, index=pd.Index(BUCKETS, name="earlier"),
                            columns=pd.Index(BUCKETS[:6], name="now"))
