"""retention: customer-retention math over the libretention C library.

Cohorts, DAU/WAU/MAU, cohort retention tables, Kaplan-Meier survival,
lifecycle, usage frequency, churn, customers at risk, RFM summaries and
the BG/NBD, Pareto/NBD, Gamma-Gamma and sBG models, with numpy arrays in
and pandas objects out. Pure Python over the C ABI (ctypes): the library
is ``$RETENTION_LIBRARY`` or the system's ``libretention.so.1``.

    import retention
    with retention.Cohort() as c:
        c.add_events(df.user_id, df.timestamp)
        with c.metrics(period="week") as m:
            print(m.cohort_table(rates=True))
"""
from __future__ import annotations

from ._lib import version
from .bgnbd import BGNBDFit, fit_bgnbd
from .churn import ChurnResult
from .clv import customer_value, rank
from .cohort import Cohort
from .errors import (ClosedHandleError, ConvergenceError, FormatError, InvalidArgumentError,
                     LibraryNotFoundError, NotFoundError, OutOfMemoryError, OutOfRangeError,
                     RetentionError, UndefinedError, VersionError)
from .formulas import (churn_rate, clv_finite, clv_retention_lift, clv_saas, clv_simple,
                       expected_lifetime, offer_break_even_cost, offer_worth,
                       repeat_purchase_rate, retention_rate, stickiness, viral_coefficient)
from .frequency import Frequency
from .gamma_gamma import GammaGammaFit, fit_gamma_gamma
from .metrics import Metrics
from ._serial import merge
from .pareto_nbd import ParetoNBDFit, fit_pareto_nbd
from .rfm import RFMHistogram
from .sbg import SBGFit, fit_sbg

__version__ = "1.0.0"

__all__ = [
    "version", "Cohort", "Metrics", "Frequency", "RFMHistogram", "merge", "ChurnResult",
    "fit_bgnbd", "BGNBDFit", "fit_pareto_nbd", "ParetoNBDFit", "fit_gamma_gamma",
    "GammaGammaFit", "fit_sbg", "SBGFit", "customer_value", "rank",
    "churn_rate", "retention_rate", "repeat_purchase_rate", "stickiness",
    "viral_coefficient", "expected_lifetime", "clv_simple", "clv_finite", "clv_saas",
    "clv_retention_lift", "offer_worth", "offer_break_even_cost",
    "RetentionError", "InvalidArgumentError", "OutOfMemoryError", "OutOfRangeError",
    "NotFoundError", "FormatError", "ConvergenceError", "VersionError", "UndefinedError",
    "ClosedHandleError", "LibraryNotFoundError",
]
