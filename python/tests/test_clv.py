"""The RFM summary and the CLV models on CDNOW against published values and
independent computations (pandas following lifetimes' definitions, BTYD's
summary, closed forms of the papers evaluated with numpy/scipy)."""
import numpy as np
import pandas as pd
import pytest

import retention

CAL_END, HOLDOUT_END = "1997-09-30", "1998-06-30"


@pytest.fixture(scope="module")
def summary(cdnow_log):
    with retention.Cohort() as c:
        c.add_purchases(cdnow_log["sampleid"], cdnow_log["time"], cdnow_log["sales"])
        return c.rfm_summary(CAL_END, HOLDOUT_END)


@pytest.fixture(scope="module")
def bgnbd(summary):
    return retention.fit_bgnbd(summary)


@pytest.fixture(scope="module")
def gamma_gamma(summary):
    return retention.fit_gamma_gamma(summary)


def _lifetimes_summary(log: pd.DataFrame, unit_days: float) -> pd.DataFrame:
    """summary_data_from_transaction_data's definitions, written with pandas:
    one transaction per customer and day (amounts summed); frequency =
    transactions - 1; recency = last - first; T = end - first; monetary_value
    = mean of the transactions after the first (0 without repeats)."""
    end = pd.Timestamp(CAL_END)
    daily = log.groupby(["sampleid", "time"], as_index=False)["sales"].sum()
    cal = daily[daily["time"] <= end]
    g = cal.sort_values("time").groupby("sampleid")
    first, last = g["time"].min(), g["time"].max()
    frequency = g.size() - 1
    repeat_sum = g["sales"].sum() - g["sales"].first()
    holdout = daily[(daily["time"] > end) & (daily["time"] <= pd.Timestamp(HOLDOUT_END))]
    return pd.DataFrame({
        "frequency": frequency,
        "recency": (last - first).dt.days / unit_days,
        "T": (end - first).dt.days / unit_days,
        "monetary_value": np.where(frequency > 0, repeat_sum / frequency.clip(lower=1), 0.0),
        "frequency_holdout": holdout.groupby("sampleid").size().reindex(first.index,
                                                                         fill_value=0),
    })


def test_rfm_summary_follows_lifetimes_definitions(summary, cdnow_log):
    want = _lifetimes_summary(cdnow_log, 7.0)
    got = summary.sort_index()
    assert got.index.name == "customer_id"
    assert list(got.columns) == ["frequency", "recency", "T", "monetary_value",
                                 "frequency_holdout"]
    assert got.index.tolist() == want.index.tolist()
    assert (got["frequency"].to_numpy() == want["frequency"].to_numpy()).all()
    assert (got["frequency_holdout"].to_numpy() == want["frequency_holdout"].to_numpy()).all()
    for column in ("recency", "T", "monetary_value"):
        np.testing.assert_allclose(got[column], want[column], rtol=1e-12, err_msg=column)


def test_rfm_summary_in_days_is_lifetimes_default_unit(cdnow_log):
    with retention.Cohort() as c:
        c.add_purchases(cdnow_log["sampleid"], cdnow_log["time"], cdnow_log["sales"])
        days = c.rfm_summary(CAL_END, unit_days=1).sort_index()
    want = _lifetimes_summary(cdnow_log, 1.0)
    np.testing.assert_array_equal(days["T"], want["T"])
    assert days["T"].iloc[0] == 272.0                # 1997-01-01 .. 1997-09-30


def test_rfm_summary_equals_btyd(summary, data_dir):
    cbs = pd.read_csv(data_dir / "cdnow_cbs.csv").set_index("cust")
    got = summary.loc[cbs.index]
    assert len(summary) == 2357 and summary["frequency"].sum() == 2457
    assert summary["frequency_holdout"].sum() == 1882
    assert (got["frequency"].to_numpy() == cbs["x"].to_numpy()).all()
    assert (got["frequency_holdout"].to_numpy() == cbs["x_star"].to_numpy()).all()
    np.testing.assert_allclose(got["recency"], cbs["t_x"], rtol=1e-15)
    np.testing.assert_allclose(got["T"], cbs["T_cal"], rtol=1e-15)
    np.testing.assert_allclose(got["monetary_value"], cbs["m_x"], rtol=1e-12)


def _close_to_published(value, published):
    # Printed to 3 decimals: 1e-3 relative, or half a unit of the last digit.
    assert abs(value - published) <= max(1e-3 * abs(published), 0.0005), (value, published)


def test_bgnbd_fit_matches_fader_hardie_lee_2005(bgnbd):
    assert list(bgnbd.params) == ["r", "alpha", "a", "b"]
    for name, published in zip(bgnbd.params, (0.243, 4.414, 0.793, 2.426)):
        _close_to_published(bgnbd.params[name], published)
    assert bgnbd.log_likelihood == pytest.approx(-9582.43, abs=0.01)
    assert bgnbd.converged and not bgnbd.boundary_zero and not bgnbd.boundary_infinity
    assert all(0 < bgnbd.std_errors[n] < bgnbd.params[n] for n in bgnbd.params)


def test_pareto_nbd_fit_matches_the_published_values(summary):
    fit = retention.fit_pareto_nbd(summary["frequency"], summary["recency"], summary["T"])
    for name, published in zip(("r", "alpha", "s", "beta"), (0.553, 10.578, 0.606, 11.669)):
        _close_to_published(fit.params[name], published)
    assert fit.log_likelihood == pytest.approx(-9595.0, abs=0.05)


def test_gamma_gamma_fit_matches_the_published_values(gamma_gamma):
    for name, published in zip(("p", "q", "gamma"), (6.25, 3.74, 15.44)):
        assert gamma_gamma.params[name] == pytest.approx(published, abs=0.005)


def test_sbg_fit_matches_fader_hardie_2007(data_dir):
    table = pd.read_csv(data_dir / "sbg_fader_hardie_2007.csv")
    cal = table[table["calibration"] == 1]
    for column, (alpha, beta) in (("regular", (0.704, 1.182)), ("high_end", (0.668, 3.806))):
        fit = retention.fit_sbg((cal[column] * 10).round().astype(int).tolist())
        assert fit.params["alpha"] == pytest.approx(alpha, abs=0.0005)
        assert fit.params["beta"] == pytest.approx(beta, abs=0.0005)
    # S(t) = B(alpha, beta + t) / B(alpha, beta): as a product of retention rates.
    fit = retention.SBGFit.from_params(0.704, 1.182)
    rates = [(1.182 + t - 1) / (0.704 + 1.182 + t - 1) for t in range(1, 6)]
    np.testing.assert_allclose(fit.survival(np.arange(1, 6)), np.cumprod(rates), rtol=1e-12)
    assert fit.retention_rate(3) == pytest.approx(rates[2], rel=1e-14)


def _p_alive(params, x, t_x, T):
    """P(alive | x, t_x, T), FHL 2005:
    1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x))."""
    r, alpha, a, b = params
    ratio = np.where(x > 0, a / np.maximum(b + x - 1, 1e-300), 0.0)
    return 1.0 / (1.0 + ratio * ((alpha + T) / (alpha + t_x)) ** (r + x))


def test_p_alive_equals_the_closed_form(summary, bgnbd):
    got = bgnbd.p_alive(summary)
    assert isinstance(got, pd.Series) and (got.index == summary.index).all()
    want = _p_alive(bgnbd.values, summary["frequency"].to_numpy(),
                    summary["recency"].to_numpy(), summary["T"].to_numpy())
    np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-10)
    assert bgnbd.p_alive(2, 30.43, 38.86) == pytest.approx(
        float(_p_alive(bgnbd.values, np.array(2), 30.43, 38.86)), rel=1e-10)


def test_conditional_expectation_equals_fhl_eq_10(summary, bgnbd):
    special = pytest.importorskip("scipy.special")
    r, alpha, a, b = bgnbd.values
    x, t_x, T = (summary[c].to_numpy()[:300] for c in ("frequency", "recency", "T"))
    t = 39.0
    z = t / (alpha + T + t)
    f = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    want = ((a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * f)
            * _p_alive(bgnbd.values, x, t_x, T))
    got = bgnbd.conditional_expected_purchases(t, x, t_x, T)
    np.testing.assert_allclose(got, want, rtol=1e-9)
    series = bgnbd.conditional_expected_purchases(t, summary.iloc[:300])
    assert (series.index == summary.index[:300]).all()
    np.testing.assert_allclose(series.to_numpy(), want, rtol=1e-9)


def test_expected_spend_and_value(summary, bgnbd, gamma_gamma):
    p, q, gamma = gamma_gamma.values
    x, m = summary["frequency"].to_numpy(), summary["monetary_value"].to_numpy()
    want_spend = (gamma + m * x) * p / (p * x + q - 1)        # FHL 2005 (Gamma-Gamma note)
    np.testing.assert_allclose(gamma_gamma.expected_spend(summary), want_spend, rtol=1e-12)
    assert gamma_gamma.mean_spend == pytest.approx(p * gamma / (q - 1), rel=1e-15)
    e_y = bgnbd.conditional_expected_purchases(39.0, summary)
    value = retention.customer_value(bgnbd, gamma_gamma, summary, margin=0.3, horizon=39.0)
    np.testing.assert_allclose(value, 0.3 * want_spend * e_y, rtol=1e-11)
    # One discounting period of 39 weeks at 1 % a week: all of it discounted at week 39.
    one = retention.customer_value(bgnbd, gamma_gamma, summary, margin=0.3, horizon=39.0,
                                   step=39.0, discount_rate=0.01)
    np.testing.assert_allclose(one, value / 1.01 ** 39, rtol=1e-11)
    with pytest.raises(retention.InvalidArgumentError, match="margin"):
        retention.customer_value(bgnbd, gamma_gamma, summary, margin=2.0)


def test_rank_agrees_with_a_stable_sort():
    values = [3.5, 9.0, 1.25, 9.0, 0.0, 7.75]
    top, total = retention.rank(values, 4)
    assert top.tolist() == sorted(range(6), key=lambda i: -values[i])[:4]
    assert total == sum(values)
    with pytest.raises(retention.InvalidArgumentError):
        retention.rank([1.0, float("nan")], 1)


def test_a_fit_that_runs_off_carries_its_best_point():
    # Every purchase the same amount: the Gamma-Gamma likelihood keeps rising
    # towards a limiting model, so there is no interior maximum.
    with pytest.raises(retention.ConvergenceError) as e:
        retention.fit_gamma_gamma([1, 2, 3, 4], [10.0, 10.0, 10.0, 10.0])
    assert isinstance(e.value.fit, retention.GammaGammaFit)
    assert e.value.fit.boundary_zero or e.value.fit.boundary_infinity
    assert not e.value.fit.converged and str(e.value)


def test_fits_refuse_bad_input_with_the_customer_named():
    with pytest.raises(retention.InvalidArgumentError, match="record 1") as e:
        retention.fit_bgnbd([1, 2], [1.0, 5.0], [2.0, 4.0])      # t_x > T
    assert e.value.index == 1
    with pytest.raises(retention.UndefinedError):
        retention.fit_bgnbd([0, 0], [0.0, 0.0], [2.0, 4.0])      # nobody repeated
    with pytest.raises(TypeError, match="needs parameters"):
        retention.BGNBDFit.from_params(r=1.0, alpha=1.0)


def _pareto_p_alive(params, x, t_x, T):
    """Pareto/NBD P(alive | x, t_x, T) (Fader & Hardie 2005, "A note on
    deriving the Pareto/NBD model", eqs. 18-19), written with scipy's 2F1."""
    special = pytest.importorskip("scipy.special")
    r, alpha, s, beta = params
    m = r + s + x
    if alpha >= beta:
        big, b2 = alpha, s + 1
    else:
        big, b2 = beta, r + x
    diff = abs(alpha - beta)
    a0 = (special.hyp2f1(m, b2, m + 1, diff / (big + t_x)) / (big + t_x) ** m
          - special.hyp2f1(m, b2, m + 1, diff / (big + T)) / (big + T) ** m)
    return 1.0 / (1.0 + s / m * (alpha + T) ** (r + x) * (beta + T) ** s * a0)


def test_pareto_nbd_predictions_equal_the_closed_forms(summary):
    published = retention.ParetoNBDFit.from_params(0.553, 10.578, 0.606, 11.669)
    r, alpha, s, beta = published.values
    rows = summary.iloc[:400]
    x, t_x, T = (rows[c].to_numpy() for c in ("frequency", "recency", "T"))
    alive = _pareto_p_alive(published.values, x, t_x, T)
    np.testing.assert_allclose(published.p_alive(rows), alive, rtol=1e-8)
    t = 39.0
    want = (r + x) * (beta + T) / ((alpha + T) * (s - 1)) \
        * (1 - ((beta + T) / (beta + T + t)) ** (s - 1)) * alive
    np.testing.assert_allclose(published.conditional_expected_purchases(t, rows), want,
                               rtol=1e-8)
    # A new customer: E[X(t)] = r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)].
    assert published.expected_purchases(t) == pytest.approx(
        r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1)), rel=1e-12)


def test_bgnbd_new_customer_predictions(bgnbd):
    special = pytest.importorskip("scipy.special")
    r, alpha, a, b = bgnbd.values
    t = 39.0
    want = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                    * special.hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    assert bgnbd.expected_purchases(t) == pytest.approx(want, rel=1e-10)     # FHL eq. 9
    p = np.array([bgnbd.purchase_probability(t, n) for n in range(200)])
    assert p.sum() == pytest.approx(1.0, abs=1e-9)
    assert (np.arange(200) * p).sum() == pytest.approx(want, rel=1e-8)


def test_sbg_derl_is_the_discounted_sum_of_survival():
    special = pytest.importorskip("scipy.special")
    alpha, beta, d, n = 0.704, 1.182, 0.1, 3
    fit = retention.SBGFit.from_params(alpha=alpha, beta=beta)
    k = np.arange(0, 4000)
    survival = np.exp(special.betaln(alpha, beta + n + 1 + k) - special.betaln(alpha, beta + n))
    assert fit.derl(d, n) == pytest.approx((survival / (1 + d) ** k).sum(), rel=1e-9)
    with pytest.raises(retention.InvalidArgumentError):
        fit.derl(0.0, n)
