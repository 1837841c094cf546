"""The shifted-beta-geometric model of Fader & Hardie (2007) for contractual renewals."""
from __future__ import annotations

import ctypes as C
from typing import Any, ClassVar, Iterable, Sequence

import numpy as np

from . import _convert as cv
from . import _fit
from ._lib import lib, out


class SBGFit(_fit.Fit):
    """A fitted (or given) sBG model: alpha, beta of the Beta churn probability."""

    NAMES: ClassVar[tuple[str, ...]] = ("alpha", "beta")

    def survival(self, t: Any) -> Any:
        """S(t): share of a cohort still customers after t periods (t >= 0)."""
        return self._per_period(lib.rt_sbg_survival, t)

    def retention_rate(self, t: Any) -> Any:
        """r(t) = S(t) / S(t - 1): retention of period t (t >= 1)."""
        return self._per_period(lib.rt_sbg_retention_rate, t)

    def derl(self, discount: float, renewals: int = 0) -> float:
        """Discounted expected residual lifetime, in periods, of a customer
        who has made ``renewals`` renewals (Fader & Hardie 2010)."""
        return out(C.c_double, lib.rt_sbg_derl, self._c_params(), float(discount), renewals)

    def _per_period(self, function: Any, t: Any) -> Any:
        """A per-period function at t (a number or an array of periods)."""
        periods = np.atleast_1d(cv.counts(t, "t"))
        params = self._c_params()
        values = np.array([out(C.c_double, function, params, int(k)) for k in periods])
        return float(values[0]) if np.ndim(t) == 0 else values


def fit_sbg(survivors: Iterable[Sequence[int]], *, std_errors: bool = True,
            max_iterations: int | None = None, tolerance: float | None = None,
            start: tuple[float, float] | None = None) -> SBGFit:
    """Fit the sBG model to cohorts' survivor counts.

    Args:
        survivors: for each cohort, the customers alive at the start of
            periods 0, 1, ... (non-increasing, the first > 0): a list of
            lists, or one list for a single cohort.
        std_errors, max_iterations, tolerance, start: as :func:`fit_bgnbd`.
    """
    cohorts = list(survivors)
    if cohorts and np.ndim(cohorts[0]) == 0:
        cohorts = [cohorts]
    flat = np.ascontiguousarray(np.concatenate([cv.counts(c, "survivors") for c in cohorts])
                                if cohorts else np.zeros(0, np.uint64), dtype=np.uint64)
    lengths = np.ascontiguousarray([len(c) for c in cohorts], dtype=np.uintp)
    return _fit.run_fit(SBGFit, lib.rt_sbg_fit,
                        (cv.pointer(flat), cv.pointer(lengths), len(cohorts)), std_errors,
                        max_iterations, tolerance, start)
