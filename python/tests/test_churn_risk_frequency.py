"""Churn, customers at risk and usage frequency on seven customers whose
answers are worked out by hand from the definitions in the headers.

Days are counted from 2024-01-01 (day 0); inactivity 10 days.
  1: purchases 0, 25; event 5     4: event 12           7: events -59, 30
  2: purchases 0, 8                5: events -20, 28
  3: event 25                      6: events 0 .. 30 (every day)
"""
import math

import numpy as np
import pandas as pd
import pytest

import retention

BASE = np.datetime64("2024-01-01")


def _at(days):
    return BASE + np.asarray(days).astype("timedelta64[D]") + np.timedelta64(12, "h")


@pytest.fixture()
def cohort():
    c = retention.Cohort(inactivity_days=10)
    c.add_purchases([1, 1, 2, 2], _at([0, 25, 0, 8]), [10.0, 20.0, 5.0, 5.0])
    events = {1: [5], 3: [25], 4: [12], 5: [-20, 28], 6: list(range(31)), 7: [-59, 30]}
    ids = [i for i, days in events.items() for _ in days]
    c.add_events(ids, _at([d for days in events.values() for d in days]))
    c.set_segments([1, 2, 3, 4, 5, 6, 7], [1, 1, 1, 1, 1, 1, 9])
    yield c
    c.close()


def day(d):
    return BASE + np.timedelta64(d, "D")


def test_churn_over_a_window(cohort):
    r = cohort.churn(day(10), day(30))
    # At day 10 (active in days 1..10): 1, 2, 6; at day 30 (21..30): 1, 3, 5, 6, 7.
    assert (r.at_start, r.at_end) == (3, 5)
    assert (r.retained, r.lost, r.acquired, r.joined_and_left, r.resurrected) == (2, 1, 1, 1, 2)
    assert r.churn_rate == pytest.approx(1 / 3) and r.retention_rate == pytest.approx(2 / 3)
    # Bought before day 10: 1 and 2; of them, 1 bought again in the window.
    assert (r.repeat_base, r.repeat_buyers, r.repeat_rate) == (2, 1, 0.5)
    seg9 = cohort.churn(day(10), day(30), segment=9)
    assert (seg9.at_start, seg9.resurrected) == (0, 1) and math.isnan(seg9.churn_rate)


def test_monthly_churn_equals_the_windows_one_by_one(cohort):
    table = cohort.churn_monthly("2023-12-15", 2)
    assert [str(p) for p in table.index] == ["2023-12", "2024-01"]
    for period, row in table.iterrows():
        one = cohort.churn(period.start_time, period.end_time.normalize())
        assert row.to_dict() == pytest.approx(one.as_dict(), nan_ok=True)


def test_at_risk_ranked_by_value(cohort):
    values = pd.Series({2: 100.0, 4: 50.0, 7: 75.0, 1: 1000.0})
    risk = cohort.at_risk(day(30), values=values)
    # 2 and 4 silent 22 and 18 days (>= 14); 7 uses the product every 45 days.
    assert risk.index.tolist() == [2, 7, 4] and risk.attrs["at_risk"] == 3
    assert risk["value"].tolist() == [100.0, 75.0, 50.0]
    assert risk["silent"].tolist() == [True, False, True]
    assert risk["forgettable"].tolist() == [False, True, False]
    assert risk["reasons"].tolist() == [1, 8, 1]
    assert cohort.at_risk(day(30), n=1, values=values).index.tolist() == [2]
    with pytest.raises(retention.NotFoundError):
        cohort.at_risk(day(30), values={99: 1.0})
    with pytest.raises(TypeError, match="unknown option 'silence'"):
        cohort.at_risk(day(30), silence=3)


def test_frequency_buckets(cohort):
    with cohort.frequency(day(30), earlier=day(10)) as f:
        counts = f.counts()
        # 3 is new (5 days old); 6 daily; 7 forgettable (2 days in 90: every 45);
        # 1 (3 days in 31), 2 (2 in 31), 4 (1 in 19), 5 (2 in 51): monthly.
        assert counts.to_dict() == {"new": 1, "daily": 1, "weekly": 0, "monthly": 4,
                                    "forgettable": 1, "dormant": 0}
        assert f.counts(segment=9)["forgettable"] == 1
        assert f.forgettable_segments().tolist() == [9]
        assert f.customer(3) == ("new", "none")
        assert f.customer(6)[0] == "daily"
        moves = f.transitions()
        assert moves.loc["none"].sum() == 2 and moves.loc["none", "new"] == 1
        assert moves.to_numpy().sum() == 7
        with pytest.raises(retention.NotFoundError):
            f.customer(42)


def test_subscriptions_and_late_payments():
    with retention.Cohort(inactivity_days=10) as c:
        # 1 subscribes on day 0, open; 2 from day 0 to day 15; neither is active.
        c.add_subscriptions([1, 2], _at([0, 0]),
                            np.array([np.datetime64("NaT"), _at(15)], "datetime64[s]"))
        c.add_events([3, 3], _at([0, 29]))
        c.add_late_payments([3], _at([20]))
        assert c.subscription_count == 2
        r = c.churn(day(10), day(30))
        # Contractual: a customer while a subscription covers the day, silent or
        # not: 1 and 2 at day 10, 2 gone by day 30. 3 (day 0, not within the 10
        # days before day 10) is back on day 29: resurrected.
        assert (r.at_start, r.retained, r.lost, r.resurrected) == (2, 1, 1, 1)
        risk = c.at_risk(day(30))
        assert risk.loc[3, "late_payment"] and risk.loc[3, "reasons"] & 4
        with pytest.raises(retention.InvalidArgumentError, match="record 0"):
            c.add_subscriptions([4], _at([5]), _at([1]))          # ends before it starts
        assert c.subscription_count == 2
