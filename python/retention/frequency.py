"""Frequency: usage-frequency buckets at a day and the forgettable zone (rt_frequency)."""
from __future__ import annotations

import ctypes as C
import struct
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _convert as cv
from ._lib import check, init_struct, lib
from ._serial import Portable
from ._structs import FrequencyOptions

if TYPE_CHECKING:
    from .cohort import Cohort

#: Bucket names in the order of rt_frequency_bucket (the last, "none", only
#: for an earlier day at which the customer was not one yet).
BUCKETS = ("new", "daily", "weekly", "monthly", "forgettable", "dormant", "none")


class Frequency(Portable):
    """Each customer's usage-frequency bucket at ``as_of`` (and ``earlier``).

    Made by :meth:`Cohort.frequency`, whose keyword thresholds are the
    fields of rt_frequency_options: lookback_days, new_days, dormant_days,
    daily_max_interval, weekly_max_interval, monthly_max_interval,
    forgettable_share (library defaults 90, 14, 90, 1.5, 8, 31, 0.5).

    It travels as bytes (:meth:`to_bytes`, :meth:`from_bytes`, pickling)
    and adds the result of a disjoint set of customers computed with equal
    options (:meth:`merge`, :func:`retention.merge`).
    """

    _serialize = lib.rt_frequency_serialize
    _deserialize = lib.rt_frequency_deserialize
    _merge = lib.rt_frequency_merge
    _free = lib.rt_frequency_free

    def _restore(self, raw: bytes) -> None:
        """has_earlier from the bytes' use_earlier (kind 2, offset 24)."""
        self.has_earlier = struct.unpack_from("<I", raw, 24)[0] == 1

    def _table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """ids, now, earlier, segments, segment counts, read from the bytes
        (docs/serialization.md, kind 2): the library has no getter listing them."""
        raw = self.to_bytes()
        n, = struct.unpack_from("<Q", raw, 72)
        ids = np.frombuffer(raw, "<u8", n, 80).astype(np.uint64)
        now = np.frombuffer(raw, "u1", n, 80 + 8 * n)
        earlier = np.frombuffer(raw, "u1", n, 80 + 9 * n)
        s, = struct.unpack_from("<Q", raw, 80 + 10 * n)
        rows = np.frombuffer(raw, np.dtype([("segment", "<u4"), ("counts", "<u8", 6)]), s,
                             88 + 10 * n)
        return ids, now, earlier, rows["segment"].astype(np.uint32), \
            rows["counts"].astype(np.int64)

    def customers(self) -> pd.DataFrame:
        """Every customer's bucket at the as-of day (``now``) and at the
        earlier day (``earlier``, "none" without one), indexed by customer
        id in the cohort's order (a merge appends the added customers)."""
        ids, now, earlier, _, _ = self._table()
        names = np.array(BUCKETS, dtype=object)
        return pd.DataFrame({"now": names[now], "earlier": names[earlier]},
                            index=pd.Index(ids, name="customer_id"))

    def segment_counts(self) -> pd.DataFrame:
        """Customers per bucket at the as-of day of each segment with a
        customer (rows, in order of first sight; segment 0 is "none")."""
        _, _, _, segments, counts = self._table()
        return pd.DataFrame(counts, index=pd.Index(segments, name="segment"),
                            columns=pd.Index(BUCKETS[:6], name="bucket"))

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
