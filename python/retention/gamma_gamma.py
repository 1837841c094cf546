"""The Gamma-Gamma spend model of Fader, Hardie & Lee (2005): fit and predictions."""
from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd

from . import _convert as cv
from . import _fit
from ._lib import lib


class GammaGammaFit(_fit.Fit):
    """A fitted (or given) Gamma-Gamma model: p, q, gamma."""

    NAMES: ClassVar[tuple[str, ...]] = ("p", "q", "gamma")

    def expected_spend(self, frequency: Any, monetary_value: Any = None) -> Any:
        """E[Z | x, m_x]: each customer's expected spend per transaction
        (the population mean p gamma / (q - 1) for x = 0). Takes arrays or a
        summary DataFrame (then a Series over its index)."""
        x, m, index = _spend_columns(frequency, monetary_value)
        return _fit.per_customer(lib.rt_gamma_gamma_expected_spend, self._c_params(), (x, m),
                                 (), index, _fit.is_scalar(frequency))

    @property
    def mean_spend(self) -> float:
        """The population mean spend per transaction, p gamma / (q - 1) (inf if q <= 1)."""
        p, q, gamma = self.values
        return p * gamma / (q - 1) if q > 1 else float("inf")


def _spend_columns(frequency: Any, monetary_value: Any) -> tuple[np.ndarray, np.ndarray, Any]:
    """(x, m_x) arrays from two arrays or a summary DataFrame, and its index."""
    index = None
    if isinstance(frequency, pd.DataFrame):
        if monetary_value is not None:
            raise TypeError("pass a summary DataFrame alone, or two arrays")
        index = frequency.index
        frequency, monetary_value = frequency["frequency"], frequency["monetary_value"]
    elif isinstance(frequency, pd.Series):
        index = frequency.index
    if monetary_value is None:
        raise TypeError("give frequency and monetary_value (or a summary DataFrame)")
    x = np.atleast_1d(cv.counts(frequency, "frequency"))
    m = np.atleast_1d(cv.floats(monetary_value, "monetary_value"))
    cv.same_length(frequency=x, monetary_value=m)
    return x, m, index


def fit_gamma_gamma(frequency: Any, monetary_value: Any = None, *, std_errors: bool = True,
                    max_iterations: int | None = None, tolerance: float | None = None,
                    start: tuple[float, float, float] | None = None) -> GammaGammaFit:
    """Fit the Gamma-Gamma model on repeat buyers.

    Args:
        frequency, monetary_value: arrays of the customers' repeat
            transactions and their mean value, or a summary DataFrame.
            Customers with frequency 0 carry no spend and are ignored; a
            monetary_value of 0 with frequency > 0 is refused
            (InvalidArgumentError): leave such customers out first.
        std_errors, max_iterations, tolerance, start: as :func:`fit_bgnbd`.

    Raises:
        ConvergenceError: e.g. every purchase the same amount (a limiting
            model); its ``fit`` is the best point.
    """
    x, m, _ = _spend_columns(frequency, monetary_value)
    return _fit.run_fit(GammaGammaFit, lib.rt_gamma_gamma_fit,
                        (cv.pointer(x), cv.pointer(m), len(x)), std_errors, max_iterations,
                        tolerance, start)
