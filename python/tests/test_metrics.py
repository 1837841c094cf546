"""Metrics against the same quantities computed independently with pandas
and numpy from the raw event log, plus a small case worked by hand."""
import numpy as np
import pandas as pd
import pytest

import retention

DAY = 86400
START = pd.Timestamp("2024-01-01")        # a Monday
FIRST_DAY = 19723                         # its day number


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    """Random activity of 300 customers over 120 days, at random times of day;
    some customers start late, some stop early."""
    rng = np.random.default_rng(20240101)
    rows = []
    for customer in range(1, 301):
        start = rng.integers(0, 100)
        stop = min(119, start + rng.integers(0, 150))
        days = rng.choice(np.arange(start, stop + 1), size=rng.integers(1, 25))
        rows += [(customer * 7919, d) for d in days]
    frame = pd.DataFrame(rows, columns=["user", "day"])
    frame["time"] = (START + pd.to_timedelta(frame["day"], unit="D")
                     + pd.to_timedelta(rng.integers(0, DAY, len(frame)), unit="s"))
    return frame.sample(frac=1.0, random_state=1)      # unsorted, as events arrive


@pytest.fixture(scope="module")
def cohort(log):
    c = retention.Cohort()
    c.add_events(log["user"].to_numpy(), log["time"].to_numpy())
    yield c
    c.close()


def _period(days: pd.Series, period: str) -> pd.Series:
    if period == "day":
        return days
    if period == "week":
        return (days + FIRST_DAY + 3) // 7          # ISO weeks: 1970-01-01 was a Thursday
    dates = START + pd.to_timedelta(days, unit="D")
    return dates.dt.year * 12 + dates.dt.month - 1


def _period_last_day(p: int, period: str) -> int:
    """Last day (relative to START) of period p."""
    if period == "day":
        return p
    if period == "week":
        return p * 7 - 3 + 6 - FIRST_DAY
    year, month = divmod(p + 1, 12)
    return (pd.Timestamp(year=year, month=month + 1, day=1) - START).days - 1


def _pandas_table(log: pd.DataFrame, period: str, kind: str) -> pd.DataFrame:
    frame = log.assign(p=_period(log["day"], period))
    first = frame.groupby("user")["p"].min().rename("cohort")
    frame = frame.join(first, on="user")
    frame["offset"] = frame["p"] - frame["cohort"]
    active = frame.drop_duplicates(["user", "offset"])
    if kind == "on_or_after":   # active at some offset >= k: count each user at 0..its last
        last = active.groupby("user")[["cohort", "offset"]].max()
        pairs = [(row.cohort, k) for row in last.itertuples() for k in range(row.offset + 1)]
        counts = pd.DataFrame(pairs, columns=["cohort", "offset"]).value_counts()
    else:
        counts = active.groupby(["cohort", "offset"]).size()
    table = counts.unstack(fill_value=0).astype(float)
    p_first, p_last = _period(pd.Series([0]), period)[0], _period(pd.Series([119]), period)[0]
    table = table.reindex(index=range(p_first, p_last + 1),
                          columns=range(p_last - p_first + 1), fill_value=0.0)
    for c in table.index:                      # censored: the period ends after day 119
        for k in table.columns:
            if _period_last_day(c + k, period) > 119:
                table.loc[c, k] = np.nan
    return table


@pytest.mark.parametrize("period", ["day", "week", "month"])
@pytest.mark.parametrize("kind", ["exact", "on_or_after"])
def test_cohort_table_equals_a_pandas_groupby(cohort, log, period, kind):
    with cohort.metrics(period=period) as m:
        got = m.cohort_table(kind)
    want = _pandas_table(log, period, kind)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got.to_numpy(), want.to_numpy())
    assert got.index[0] <= START and got.index.name == "cohort"
    assert got.columns.name == "offset"


def test_rates_divide_by_the_cohort_sizes(cohort, log):
    with cohort.metrics(period="week") as m:
        counts, rates, sizes = m.cohort_table(), m.cohort_table(rates=True), m.cohort_sizes()
    firsts = _period(log.groupby("user")["day"].min(), "week").value_counts()
    assert sizes.sum() == 300 and sorted(sizes[sizes > 0].tolist()) == sorted(firsts.tolist())
    np.testing.assert_allclose(rates.to_numpy(), counts.to_numpy() / sizes.to_numpy()[:, None],
                               equal_nan=True)


def test_dau_wau_mau_equal_rolling_windows(cohort, log):
    grid = np.zeros((log["user"].nunique(), 120), bool)
    users = {u: i for i, u in enumerate(sorted(log["user"].unique()))}
    grid[log["user"].map(users), log["day"]] = True
    with cohort.metrics() as m:
        active = m.active()
        dau = m.dau
    assert isinstance(dau.index, pd.DatetimeIndex) and dau.index[0] == START
    assert (dau.to_numpy() == grid.sum(axis=0)).all()
    for column, window in (("wau", 7), ("mau", 30)):
        rolled = np.stack([grid[:, max(0, d - window + 1):d + 1].any(axis=1)
                           for d in range(120)], axis=1)
        assert (active[column].to_numpy() == rolled.sum(axis=0)).all(), column


def test_lifecycle_equals_sets_of_active_weeks(cohort, log):
    weeks = log.assign(p=_period(log["day"], "week"))
    active = weeks.groupby("p")["user"].apply(set)
    first = weeks.groupby("user")["p"].min()
    with cohort.metrics(period="week") as m:
        got = m.lifecycle()
    periods = range(active.index.min(), active.index.max() + 1)
    assert len(got) == len(periods)
    for row, p in zip(got.itertuples(), periods):
        now, before = active.get(p, set()), active.get(p - 1, set())
        new = {u for u in now if first[u] == p}
        assert row.new == len(new)
        assert row.returning == len(now & before)
        assert row.resurrecting == len(now - before - new)
        assert row.dormant == len(before - now)


def test_kaplan_meier_equals_a_product_limit_by_hand(log):
    inactivity = 20
    with retention.Cohort(inactivity_days=inactivity) as c:
        c.add_events(log["user"], log["time"])
        with c.metrics() as m:
            km = m.survival()
            median = m.median_lifetime()
    span = log.groupby("user")["day"].agg(["min", "max"])
    ended = (119 - span["max"]) > inactivity
    length = np.where(ended, span["max"] - span["min"], 119 - span["min"])
    s, want = 1.0, []
    for t in range(len(km)):
        n_t = int((length >= t).sum())
        d_t = int(((length == t) & ended).sum())
        s *= 1 - d_t / n_t if n_t else 1.0
        want.append((s, n_t, d_t))
    want = np.array(want)
    np.testing.assert_allclose(km["survival"], want[:, 0], rtol=1e-12)
    assert (km["at_risk"].to_numpy() == want[:, 1]).all()
    assert (km["ended"].to_numpy() == want[:, 2]).all()
    assert (km["lower"] <= km["survival"]).all() and (km["survival"] <= km["upper"]).all()
    below = np.nonzero(want[:, 0] <= 0.5)[0]
    assert median == (below[0] if len(below) else np.inf)


def test_a_week_worked_by_hand():
    # A: days 0, 1, 7; B: days 1, 30; C: day 2 (from 2024-01-01).
    d0 = np.datetime64("2024-01-01")
    days = np.array([0, 1, 1, 2, 7, 30])
    with retention.Cohort() as c:
        c.add_events([1, 2, 1, 3, 1, 2], d0 + days.astype("timedelta64[D]"))
        assert c.customer_count == 3 and c.event_count == 6
        assert c.day_range() == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-31"))
        with c.metrics() as m:
            a = m.active()
            assert a.loc["2024-01-02"].tolist() == [2, 2, 2]
            assert a.loc["2024-01-08"].tolist() == [1, 3, 3]
            table = m.cohort_table()
            row = table.loc["2024-01-02"]            # B: offsets 0 and 29; 30 censored
            assert row[0] == 1 and row[29] == 1 and np.isnan(row[30])
        with c.metrics(period="week") as w:
            assert w.cohort_table().iloc[0, :2].tolist() == [3.0, 1.0]
        with c.metrics(brackets=[0, 1, 8, 31]) as b:
            t = b.cohort_table("brackets")
            assert list(t.columns) == ["0-0", "1-7", "8-30"]
            # A (day 0): back on days 1 and 7 -> bracket 1-7; nothing in 8-30.
            assert t.loc["2024-01-01"].tolist() == [1.0, 1.0, 0.0]
        with pytest.raises(ValueError, match="period must be one of"):
            c.metrics(period="year")
        with pytest.raises(retention.InvalidArgumentError, match="trailing_days"):
            c.metrics(trailing_days=100000)


def test_curve_stickiness_and_histograms_from_the_grid(cohort, log):
    users = {u: i for i, u in enumerate(sorted(log["user"].unique()))}
    grid = np.zeros((len(users), 120), bool)
    grid[log["user"].map(users), log["day"]] = True
    with cohort.metrics(period="week") as m:
        curve = m.retention_curve("on_or_after")
        table = m.cohort_table("on_or_after")
        sizes = m.cohort_sizes()
    # Size-weighted over the observed cohorts; censored cells left out.
    for k in (0, 1, 5, 12):
        observed = table[k].notna()
        want = table.loc[observed, k].sum() / sizes[observed].sum()
        assert curve.loc[k, "rate"] == pytest.approx(want, rel=1e-14)
        assert curve.loc[k, "customers"] == sizes[observed].sum()
    with cohort.metrics() as m:
        mean_of_ratios, ratio_of_sums = m.stickiness()
        active = m.active()
        per_day = m.range_histogram()
        trailing = m.trailing_histogram()
        km = m.survival()
        rmst = m.restricted_mean_lifetime(30)
    ratios = active["dau"] / active["mau"]
    assert mean_of_ratios == pytest.approx(ratios[active["mau"] > 0].mean(), rel=1e-12)
    assert ratio_of_sums == pytest.approx(active["dau"].sum() / active["mau"].sum(), rel=1e-12)
    want = np.bincount(grid.sum(axis=1), minlength=121)
    assert per_day.tolist() == want.tolist()
    assert trailing.index[-1] == 28                               # L28 by default
    started = log.groupby("user")["day"].min().sort_index().to_numpy() <= 119
    in_window = grid[:, 92:120].sum(axis=1)[started]
    assert trailing.tolist() == np.bincount(in_window, minlength=29).tolist()
    assert rmst == pytest.approx(km["survival"].iloc[:30].sum(), rel=1e-12)


def test_segments_restrict_the_metrics(cohort, log):
    users = np.sort(log["user"].unique())
    with retention.Cohort() as c:
        c.add_events(log["user"], log["time"])
        c.set_segments(users, users % 3)
        assert c.segment(int(users[4])) == users[4] % 3
        with pytest.raises(retention.NotFoundError):
            c.segment(1)                                           # no such customer
        with c.metrics(segment=2) as m:
            sizes = m.cohort_sizes()
            dau = m.dau
    mine = log[log["user"] % 3 == 2]
    assert sizes.sum() == mine["user"].nunique()
    want = mine.groupby("day")["user"].nunique().reindex(range(120), fill_value=0)
    assert dau.tolist() == want.tolist()


def test_an_empty_cohort_has_no_day_range():
    with retention.Cohort() as c:
        with pytest.raises(retention.UndefinedError):
            c.day_range()
        c.add_events([], [])                                      # nothing: no error
        assert len(c) == 0


def test_cohorts_by_start_event_worked_example():
    """The example of "Cohorts by start event" in retention/metrics.h, by
    hand: A starts day 1 (active 0, 2, 4), B starts days 1 and 3 (active 3),
    C never starts (active 0, 1, 2), D starts day 2 (active 2, 3)."""
    a, b, c, d = 1, 2, 3, 4
    with retention.Cohort() as cohort:
        cohort.add_events([a, a, a, b, c, c, c, d, d],
                          [(FIRST_DAY + x) * DAY for x in (0, 2, 4, 3, 0, 1, 2, 2, 3)])
        cohort.add_starts([a, b, b, d], [(FIRST_DAY + x) * DAY for x in (1, 1, 3, 2)])
        assert cohort.start_count == 4
        assert cohort.start_day(b) == FIRST_DAY + 1
        with pytest.raises(retention.RetentionError):
            cohort.start_day(c)
        with cohort.metrics(FIRST_DAY, FIRST_DAY + 4, by_start=True) as m:
            exact = m.cohort_table("exact")
            after = m.cohort_table("on_or_after")
        start = pd.Timestamp("2024-01-02")
        assert list(exact.loc[start].dropna()) == [2, 1, 1, 1]
        assert list(exact.loc[start + pd.Timedelta(days=1)].dropna()) == [1, 1, 0]
        assert list(after.loc[start].dropna()) == [2, 2, 2, 1]
        assert list(after.loc[start + pd.Timedelta(days=1)].dropna()) == [1, 1, 0]
        with cohort.metrics(FIRST_DAY, FIRST_DAY + 4) as m:    # by first activity
            sizes = m.cohort_sizes()
        assert list(sizes[sizes > 0]) == [2, 1, 1]
