"""Converting Python and pandas values to the C ABI's arrays and days, and back.

Arrays go to C as a pointer to their first element: an array that already
has the C type (uint64 or non-negative int64 ids, int64 seconds, float64
amounts) and is C-contiguous is passed without a copy.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Union

import numpy as np
import pandas as pd

#: A civil day: a date (datetime.date, numpy.datetime64, pandas.Timestamp,
#: "YYYY-MM-DD") or an int counting days since 1970-01-01.
DayLike = Union[int, str, _dt.date, np.datetime64, pd.Timestamp]
EPOCH_DAY = np.datetime64("1970-01-01", "D")


def pointer(array: np.ndarray) -> int | None:
    """Address of a C-contiguous array's first element (None when empty:
    the library accepts NULL with a count of 0)."""
    return array.ctypes.data if array.size else None


def _strip_tz(values: Any) -> Any:
    """tz-aware pandas times as naive UTC (same instants)."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").dt.tz_localize(None)
    if isinstance(values, pd.DatetimeIndex) and values.tz is not None:
        return values.tz_convert("UTC").tz_localize(None)
    return values


def ids(values: Any, name: str = "ids") -> np.ndarray:
    """Customer ids as a contiguous uint64 array (int64 viewed, not copied;
    negative ids refused)."""
    a = np.asarray(values)
    if a.dtype == np.uint64:
        return np.ascontiguousarray(a)
    if a.size == 0:
        return np.zeros(0, np.uint64)
    if a.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integers, not {a.dtype}")
    if a.dtype.kind == "i" and a.min() < 0:
        raise ValueError(f"{name} must be >= 0 (customer ids are uint64)")
    a = np.ascontiguousarray(a, dtype=np.int64) if a.dtype.kind == "i" else a.astype(np.uint64)
    return a.view(np.uint64)


def counts(values: Any, name: str) -> np.ndarray:
    """Non-negative integer counts as a contiguous uint64 array."""
    return ids(values, name)


def times(values: Any, name: str = "times") -> np.ndarray:
    """Instants as contiguous int64 Unix seconds: datetime64 of any unit
    (truncated to the second; tz-aware pandas times converted to UTC), or
    integers already in seconds."""
    a = np.asarray(_strip_tz(values))
    if a.dtype.kind == "M":
        if np.isnat(a).any():
            raise ValueError(f"{name} contains NaT")
        if a.dtype != np.dtype("datetime64[s]"):
            a = a.astype("datetime64[s]")
        return np.ascontiguousarray(a).view(np.int64)
    if a.size == 0:
        return np.zeros(0, np.int64)
    if a.dtype.kind not in "iu":
        raise TypeError(f"{name} must be datetime64 or integer Unix seconds, not {a.dtype}")
    return np.ascontiguousarray(a, dtype=np.int64)


def floats(values: Any, name: str = "values") -> np.ndarray:
    """Numbers as a contiguous float64 array."""
    a = np.asarray(values)
    if a.dtype.kind not in "fiub" and a.size:
        raise TypeError(f"{name} must be numbers, not {a.dtype}")
    return np.ascontiguousarray(a, dtype=np.float64)


def same_length(**arrays: np.ndarray) -> int:
    """The common length of 1-D arrays; ValueError naming them otherwise."""
    lengths = {name: a.shape for name, a in arrays.items()}
    if any(len(shape) != 1 for shape in lengths.values()):
        raise ValueError("arrays must be one-dimensional: " + str(lengths))
    if len({shape[0] for shape in lengths.values()}) > 1:
        raise ValueError("arrays differ in length: " + str(lengths))
    return next(iter(lengths.values()))[0]


def day(value: DayLike, name: str = "day") -> int:
    """Days since 1970-01-01 of a date (the time of day is ignored)."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a date or a day number, not {value!r}")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None) if value.tz is not None else value
        value = value.to_datetime64()
    try:
        d = np.datetime64(value, "D")
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be a date or a day number, not {value!r}") from e
    if np.isnat(d):
        raise ValueError(f"{name} is NaT")
    return int((d - EPOCH_DAY).astype(np.int64))


def dates(days: Any) -> np.ndarray:
    """Day numbers as datetime64[D]."""
    return EPOCH_DAY + np.asarray(days, dtype=np.int64).astype("timedelta64[D]")


def date_index(days: Any, name: str) -> pd.DatetimeIndex:
    """Day numbers as a pandas DatetimeIndex."""
    return pd.DatetimeIndex(dates(days), name=name)
