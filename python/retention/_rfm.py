"""A temporary rt_rfm histogram of (x, t_x, T), the input of the purchase-model fits."""
from __future__ import annotations

import ctypes as C
from contextlib import contextmanager
from typing import Any, Iterator

import numpy as np

from . import _convert as cv
from ._lib import check, lib
from .errors import error_for


def add_rows(handle: int, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> None:
    """rt_rfm_add_many, all or nothing; the error's ``index`` is the bad row."""
    bad = C.c_size_t()
    status = lib.rt_rfm_add_many(handle, cv.pointer(x), cv.pointer(t_x), cv.pointer(T),
                                 len(x), C.byref(bad))
    if status != 0:        # the message names the record (row of the arrays)
        error = error_for(status, lib.rt_last_error_message().decode(errors="replace"))
        error.index = bad.value if status == 1 and len(x) else None  # type: ignore
        raise error


@contextmanager
def histogram(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> Iterator[int]:
    """The rt_rfm of the customers (x, t_x, T), freed on leaving the block."""
    handle = C.c_void_p()
    check(lib.rt_rfm_new(None, C.byref(handle)))
    try:
        add_rows(handle.value, x, t_x, T)
        yield handle.value
    finally:
        lib.rt_rfm_free(handle)


@contextmanager
def histogram_of(frequency: Any, recency: Any, T: Any) -> Iterator[int]:
    """The rt_rfm of a fit's input: an RFMHistogram as is (not freed), else
    the arrays or summary DataFrame in a temporary one."""
    from .rfm import RFMHistogram
    if isinstance(frequency, RFMHistogram):
        if recency is not None or T is not None:
            raise TypeError("pass an RFMHistogram alone, or three arrays")
        yield frequency._ptr
        return
    from ._fit import rfm_columns
    x, t_x, age, _ = rfm_columns(frequency, recency, T)
    with histogram(x, t_x, age) as rfm:
        yield rfm
