"""The stateless retention formulas of retention/formulas.h, one function each.

Rates are fractions (0.78), not percentages. A bad input raises
InvalidArgumentError, a zero denominator UndefinedError, each with the
library's message.
"""
from __future__ import annotations

import ctypes as C

from ._lib import lib, out

_D = C.c_double


def churn_rate(lost: int, at_start: int) -> float:
    """Churn = L / S: the share of the customers at the start who were lost."""
    return out(_D, lib.rt_churn_rate, lost, at_start)


def retention_rate(at_start: int, at_end: int, acquired: int) -> float:
    """Customer retention rate CRR = (E - N) / S."""
    return out(_D, lib.rt_retention_rate, at_start, at_end, acquired)


def repeat_purchase_rate(existing: int, returned: int) -> float:
    """R / X: the share of earlier buyers who bought again in the period."""
    return out(_D, lib.rt_repeat_purchase_rate, existing, returned)


def stickiness(dau: int, mau: int) -> float:
    """DAU / MAU."""
    return out(_D, lib.rt_stickiness, dau, mau)


def viral_coefficient(invites_per_customer: float, conversion_rate: float) -> float:
    """K = invitations per customer x conversion rate."""
    return out(_D, lib.rt_viral_coefficient, invites_per_customer, conversion_rate)


def expected_lifetime(churn_rate: float) -> float:
    """Expected lifetime in periods, 1 / churn."""
    return out(_D, lib.rt_expected_lifetime, churn_rate)


def clv_simple(margin: float, retention: float, discount: float) -> float:
    """Infinite-horizon CLV m r / (1 + d - r) (Gupta & Lehmann 2003)."""
    return out(_D, lib.rt_clv_simple, margin, retention, discount)


def clv_finite(margin: float, retention: float, discount: float, periods: int) -> float:
    """CLV over ``periods`` periods: sum of m (r / (1 + d))^t for t = 1..periods."""
    return out(_D, lib.rt_clv_finite, margin, retention, discount, periods)


def clv_saas(arpa: float, gross_margin: float, churn_rate: float) -> float:
    """Subscription LTV = ARPA x gross margin / churn."""
    return out(_D, lib.rt_clv_saas, arpa, gross_margin, churn_rate)


def clv_retention_lift(retention_before: float, retention_after: float,
                       discount: float) -> float:
    """CLV(r1) / CLV(r0) of :func:`clv_simple`: what a retention change multiplies."""
    return out(_D, lib.rt_clv_retention_lift, retention_before, retention_after, discount)


def offer_worth(p_save: float, clv: float, offer_cost: float) -> float:
    """Expected worth p x CLV - k of a retention offer (may be negative)."""
    return out(_D, lib.rt_offer_worth, p_save, clv, offer_cost)


def offer_break_even_cost(p_save: float, clv: float) -> float:
    """The highest cost at which an offer still pays, p x CLV."""
    return out(_D, lib.rt_offer_break_even_cost, p_save, clv)
