"""Maximum-likelihood fits: options in, a named result out (rt_fit_report)."""
from __future__ import annotations

import ctypes as C
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Sequence, TypeVar

import numpy as np
import pandas as pd

from . import _convert as cv
from ._lib import init_struct, lib, out
from ._structs import FitOptions, FitReport
from .errors import ConvergenceError, error_for

F = TypeVar("F", bound="Fit")


@dataclass(frozen=True)
class Fit:
    """A fitted model: parameters by name, their standard errors, the log-likelihood.

    Attributes:
        params: maximum-likelihood estimates, in the model's order.
        std_errors: asymptotic standard errors (0 where the library could
            not compute one: not converged, at a boundary, or not asked for).
        log_likelihood: natural log-likelihood at ``params``, all constants included.
        iterations: quasi-Newton iterations used.
        converged: the convergence test passed at an interior maximum.
        boundary_zero / boundary_infinity: parameters whose likelihood keeps
            rising towards 0 / infinity (a limiting model, not a point).
    """
    params: dict[str, float]
    std_errors: dict[str, float] = field(default_factory=dict)
    log_likelihood: float = float("nan")
    iterations: int = 0
    converged: bool = True
    boundary_zero: tuple[str, ...] = ()
    boundary_infinity: tuple[str, ...] = ()

    #: Parameter names in the library's order.
    NAMES: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        if tuple(self.params) != self.NAMES:
            raise ValueError(f"{type(self).__name__} needs parameters {self.NAMES}, "
                             f"got {tuple(self.params)}")

    @classmethod
    def from_params(cls: type[F], *values: float, **params: float) -> F:
        """A model with given parameters (published ones, say), by position or name."""
        if len(values) > len(cls.NAMES):
            raise TypeError(f"{cls.__name__} has {len(cls.NAMES)} parameters {cls.NAMES}")
        named = dict(zip(cls.NAMES, values))
        for name, value in params.items():
            if name in named:
                raise TypeError(f"parameter {name!r} given twice")
            named[name] = value
        if set(named) != set(cls.NAMES):
            raise TypeError(f"{cls.__name__} needs parameters {cls.NAMES}, got {tuple(named)}")
        return cls({name: float(named[name]) for name in cls.NAMES})

    @property
    def values(self) -> tuple[float, ...]:
        """The parameters as a tuple in the library's order."""
        return tuple(self.params.values())

    def _c_params(self) -> Any:
        """The parameters as the C array the library reads."""
        return (C.c_double * len(self.NAMES))(*self.values)

    @classmethod
    def _from_report(cls: type[F], report: FitReport) -> F:
        """The fit an rt_fit_report describes."""
        n = len(cls.NAMES)
        names = cls.NAMES
        return cls(dict(zip(names, report.params[:n])), dict(zip(names, report.std_errors[:n])),
                   report.log_likelihood, report.iterations, bool(report.converged),
                   tuple(names[i] for i in range(n) if report.boundary_zero >> i & 1),
                   tuple(names[i] for i in range(n) if report.boundary_infinity >> i & 1))


def run_fit(cls: type[F], fit: Callable[..., int], args: Sequence[Any], std_errors: bool,
            max_iterations: int | None, tolerance: float | None,
            start: Sequence[float] | None) -> F:
    """Run a C fit; RT_ECONVERGE raises ConvergenceError whose ``fit`` is the best point."""
    options = init_struct(FitOptions, lib.rt_fit_options_init,
                          compute_std_errors=1 if std_errors else 0,
                          max_iterations=max_iterations, tolerance=tolerance,
                          use_start=0 if start is None else 1)
    if start is not None:
        if len(start) != len(cls.NAMES):
            raise ValueError(f"start needs {len(cls.NAMES)} values {cls.NAMES}")
        for i, v in enumerate(start):
            options.start[i] = v
    report = init_struct(FitReport, lib.rt_fit_report_init)
    status = fit(*args, C.byref(options), C.byref(report))
    if status == ConvergenceError.status:
        error = error_for(status, lib.rt_last_error_message().decode(errors="replace"))
        error.fit = cls._from_report(report)  # type: ignore[attr-defined]
        raise error
    if status != 0:
        raise error_for(status, lib.rt_last_error_message().decode(errors="replace"))
    return cls._from_report(report)


def rfm_columns(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray, Any]:
    """(x, t_x, T) arrays from three arrays or a summary DataFrame, and the
    index to label per-customer results with (None for plain arrays)."""
    index = None
    if isinstance(frequency, pd.DataFrame):
        if recency is not None or T is not None:
            raise TypeError("pass a summary DataFrame alone, or three arrays")
        frame = frequency
        frequency, recency, T = frame["frequency"], frame["recency"], frame["T"]
        index = frame.index
    elif isinstance(frequency, pd.Series):
        index = frequency.index
    if recency is None or T is None:
        raise TypeError("give frequency, recency and T (or a summary DataFrame)")
    x, t_x, age = cv.counts(frequency, "frequency"), cv.floats(recency, "recency"), \
        cv.floats(T, "T")
    x, t_x, age = (np.atleast_1d(a) for a in (x, t_x, age))
    cv.same_length(frequency=x, recency=t_x, T=age)
    return x, t_x, age, index


def per_customer(function: Callable[..., int], params: Any, columns: Sequence[np.ndarray],
                 extra: Sequence[float], index: Any, scalar: bool) -> Any:
    """Call a per-customer prediction for each row; a Series over ``index``,
    a float for scalar input, an array otherwise."""
    out = C.c_double()
    n = len(columns[0])
    # Customers share their statistics (the rows of an RFM histogram): one
    # call per distinct row.
    if n > 1:
        table = pd.DataFrame({k: c for k, c in enumerate(columns)})
        inverse = table.groupby(list(table.columns), sort=False,
                                dropna=False).ngroup().to_numpy()
        first = np.unique(inverse, return_index=True)[1]   # groups numbered as they appear
    else:
        first, inverse = np.arange(n), np.arange(n)
    distinct = np.empty(len(first))
    for j, i in enumerate(first):
        status = function(params, *(c[i].item() for c in columns), *extra, C.byref(out))
        if status != 0:
            raise error_for(status, lib.rt_last_error_message().decode(errors="replace")
                            + f" (customer {i})")
        distinct[j] = out.value
    result = distinct[np.asarray(inverse).reshape(-1)]
    if scalar:
        return float(result[0])
    if index is not None:
        return pd.Series(result, index=index)
    return result


def is_scalar(value: Any) -> bool:
    """True for a single number (not an array, Series or DataFrame)."""
    return np.ndim(value) == 0 and not isinstance(value, pd.DataFrame)


class PurchaseModelFit(Fit):
    """What the BG/NBD and Pareto/NBD fits share: per-customer predictions
    from (frequency, recency, T) through the model's C functions, named by
    the subclass (``_P_ALIVE``, ``_CONDITIONAL``, ``_EXPECTED``). Per-customer
    methods take frequency, recency, T arrays or a summary DataFrame (then
    they answer a Series over its index)."""

    _P_ALIVE: ClassVar[str]
    _CONDITIONAL: ClassVar[str]
    _EXPECTED: ClassVar[str]

    def p_alive(self, frequency: Any, recency: Any = None, T: Any = None) -> Any:
        """P(alive | x, t_x, T) of each customer."""
        x, t_x, age, index = rfm_columns(frequency, recency, T)
        return per_customer(getattr(lib, self._P_ALIVE), self._c_params(), (x, t_x, age), (),
                            index, is_scalar(frequency))

    def conditional_expected_purchases(self, t: float, frequency: Any, recency: Any = None,
                                       T: Any = None) -> Any:
        """E[Y(t) | x, t_x, T]: each customer's expected purchases in the next t."""
        x, t_x, age, index = rfm_columns(frequency, recency, T)
        return per_customer(getattr(lib, self._CONDITIONAL), self._c_params(), (x, t_x, age),
                            (float(t),), index, is_scalar(frequency))

    def expected_purchases(self, t: float) -> float:
        """E[X(t)]: expected purchases of a new customer in (0, t]."""
        return out(C.c_double, getattr(lib, self._EXPECTED), self._c_params(), float(t))

