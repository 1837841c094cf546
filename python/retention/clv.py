"""Customer lifetime value from the BG/NBD and Gamma-Gamma models, and ranking by it."""
from __future__ import annotations

import ctypes as C
from typing import Any

import numpy as np

from . import _convert as cv
from . import _fit
from ._lib import check, init_struct, lib
from ._structs import ClvOptions
from .bgnbd import BGNBDFit
from .gamma_gamma import GammaGammaFit


def customer_value(bgnbd: BGNBDFit, gamma_gamma: GammaGammaFit | None, frequency: Any,
                   recency: Any = None, T: Any = None, monetary_value: Any = None, *,
                   margin: float | None = None, discount_rate: float | None = None,
                   horizon: float | None = None, step: float | None = None,
                   spend: float | None = None) -> Any:
    """Each customer's expected discounted value over a horizon (rt_clv_bgnbd_gg).

    margin x E[Z | x, m_x] x the purchases expected in each period of
    length ``step`` up to ``horizon``, discounted at ``discount_rate`` per
    time unit at the end of its period. Times are in the summary's unit.
    Defaults (the library's): margin 1, no discount, horizon 52, step 1.
    ``spend`` values every purchase at a fixed amount instead of the
    Gamma-Gamma expectation (then ``gamma_gamma`` may be None).

    Takes arrays or a summary DataFrame as ``frequency`` (then a Series over its index).
    """
    index = None
    if hasattr(frequency, "columns"):
        frame = frequency
        frequency, recency, T = frame["frequency"], frame["recency"], frame["T"]
        monetary_value = frame["monetary_value"]
        index = frame.index
    x, t_x, age, series_index = _fit.rfm_columns(frequency, recency, T)
    if monetary_value is None:
        raise TypeError("give monetary_value (or a summary DataFrame)")
    m = np.atleast_1d(cv.floats(monetary_value, "monetary_value"))
    cv.same_length(frequency=x, monetary_value=m)
    options = init_struct(ClvOptions, lib.rt_clv_options_init, margin=margin,
                          discount_rate=discount_rate, horizon=horizon, step=step, spend=spend)
    gg = None if gamma_gamma is None else gamma_gamma._c_params()

    def function(params: Any, x: int, t_x: float, age: float, mean: float, out: Any) -> int:
        return lib.rt_clv_bgnbd_gg(params, gg, x, t_x, age, mean, C.byref(options), out)

    return _fit.per_customer(function, bgnbd._c_params(), (x, t_x, age, m), (),
                             index if index is not None else series_index,
                             _fit.is_scalar(frequency))


def rank(values: Any, k: int) -> tuple[np.ndarray, float]:
    """Indices of the k largest values, largest first (ties in index order),
    and the compensated sum of all values (the base's expected value)."""
    v = cv.floats(values, "values")
    if k < 0:
        raise ValueError("k must be >= 0")
    order = np.zeros(min(k, len(v)), np.uintp)
    total = C.c_double()
    check(lib.rt_clv_rank(cv.pointer(v), len(v), cv.pointer(order), len(order),
                          C.byref(total)))
    return order.astype(np.int64), total.value
