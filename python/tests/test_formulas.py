"""The formulas against worked examples of their documentation, computed by hand."""
import pytest

import retention


def test_worked_examples():
    assert retention.retention_rate(50000, 40000, 1000) == pytest.approx(0.78, rel=1e-15)
    assert retention.churn_rate(150, 1000) == pytest.approx(0.15, rel=1e-15)
    assert retention.repeat_purchase_rate(2000, 900) == pytest.approx(0.45, rel=1e-15)
    assert retention.stickiness(20, 80) == 0.25
    assert retention.viral_coefficient(4.0, 0.125) == 0.5
    assert retention.expected_lifetime(0.2) == pytest.approx(5.0, rel=1e-15)
    assert retention.clv_simple(100.0, 0.8, 0.1) == pytest.approx(800.0 / 3.0, rel=1e-14)
    # Two periods: 100 (0.8/1.1) + 100 (0.8/1.1)^2.
    q = 0.8 / 1.1
    assert retention.clv_finite(100.0, 0.8, 0.1, 2) == pytest.approx(100 * (q + q * q),
                                                                     rel=1e-14)
    assert retention.clv_saas(50.0, 0.8, 0.02) == pytest.approx(2000.0, rel=1e-14)
    assert retention.clv_retention_lift(0.80, 0.85, 0.10) == pytest.approx(
        0.85 * 0.30 / (0.80 * 0.25), rel=1e-14)                      # 1.275
    assert retention.offer_worth(0.25, 400.0, 30.0) == 70.0
    assert retention.offer_break_even_cost(0.25, 400.0) == 100.0


def test_bad_input_raises_with_the_library_message():
    with pytest.raises(retention.InvalidArgumentError, match="lost") as e:
        retention.churn_rate(3, 2)
    assert e.value.status == 1 and isinstance(e.value, ValueError)
    with pytest.raises(retention.UndefinedError) as e:
        retention.churn_rate(0, 0)
    assert e.value.status == 8 and str(e.value)
    with pytest.raises(retention.InvalidArgumentError, match="retention"):
        retention.clv_simple(100.0, 1.5, 0.1)
