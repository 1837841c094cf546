"""The BG/NBD model of Fader, Hardie & Lee (2005): fit and predictions."""
from __future__ import annotations

import ctypes as C
from typing import Any, ClassVar

from . import _fit
from ._lib import lib, out
from ._rfm import histogram_of


class BGNBDFit(_fit.PurchaseModelFit):
    """A fitted (or given) BG/NBD model: r, alpha (rate, in the summary's
    time unit), a, b. Per-customer methods take frequency, recency, T
    arrays or a summary DataFrame (then they answer a Series over its index)."""

    NAMES: ClassVar[tuple[str, ...]] = ("r", "alpha", "a", "b")

    _P_ALIVE = "rt_bgnbd_p_alive"
    _CONDITIONAL = "rt_bgnbd_conditional_expected_purchases"
    _EXPECTED = "rt_bgnbd_expected_purchases"

    def purchase_probability(self, t: float, n: int) -> float:
        """P(X(t) = n): probability that a new customer makes n purchases in (0, t]."""
        return out(C.c_double, lib.rt_bgnbd_purchase_probability, self._c_params(),
                   float(t), n)


def fit_bgnbd(frequency: Any, recency: Any = None, T: Any = None, *, std_errors: bool = True,
              max_iterations: int | None = None, tolerance: float | None = None,
              start: tuple[float, float, float, float] | None = None) -> BGNBDFit:
    """Fit the BG/NBD model by maximum likelihood.

    Args:
        frequency, recency, T: per-customer arrays, or a summary DataFrame
            (:meth:`Cohort.rfm_summary`) or an :class:`RFMHistogram` as
            ``frequency`` alone.
        std_errors: compute asymptotic standard errors.
        max_iterations, tolerance, start: the fit options (library defaults).

    Raises:
        ConvergenceError: no interior maximum found; its ``fit`` is the best point.
        UndefinedError: no customer, or nobody made a repeat purchase.
        InvalidArgumentError: a customer breaks 0 <= recency <= T, T > 0
            (``index`` names it; a summary made with ``skip_zero_age=True``
            leaves out the customers first seen on the calibration end day).
    """
    with histogram_of(frequency, recency, T) as rfm:
        return _fit.run_fit(BGNBDFit, lib.rt_bgnbd_fit, (rfm,), std_errors, max_iterations,
                            tolerance, start)
