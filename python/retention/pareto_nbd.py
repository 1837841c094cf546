"""The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987): fit and predictions."""
from __future__ import annotations

from typing import Any, ClassVar

from . import _fit
from ._lib import lib
from ._rfm import histogram_of


class ParetoNBDFit(_fit.PurchaseModelFit):
    """A fitted (or given) Pareto/NBD model: r, alpha (in the summary's
    time unit), s, beta. Per-customer methods take frequency, recency, T
    arrays or a summary DataFrame (then they answer a Series over its index)."""

    NAMES: ClassVar[tuple[str, ...]] = ("r", "alpha", "s", "beta")

    _P_ALIVE = "rt_pareto_nbd_p_alive"
    _CONDITIONAL = "rt_pareto_nbd_conditional_expected_purchases"
    _EXPECTED = "rt_pareto_nbd_expected_purchases"


def fit_pareto_nbd(frequency: Any, recency: Any = None, T: Any = None, *, std_errors: bool = True,
              max_iterations: int | None = None, tolerance: float | None = None,
              start: tuple[float, float, float, float] | None = None) -> ParetoNBDFit:
    """Fit the Pareto/NBD model by maximum likelihood.

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
        return _fit.run_fit(ParetoNBDFit, lib.rt_pareto_nbd_fit, (rfm,), std_errors, max_iterations,
                            tolerance, start)
