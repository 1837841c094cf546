"""pytest suite of the ctypes binding: worked examples by hand, the CDNOW
data against published values, and the binding's struct layouts against
the C headers as cffi reads them (an independent parser)."""
import csv
import os
import re
import subprocess

import pytest

import retention

DATA = os.environ.get("RT_TEST_DATA", os.path.join(os.path.dirname(__file__), "..", "..",
                                                   "tests", "data"))
DAY = 86400


def test_formulas_worked_examples():
    assert retention.retention_rate(50000, 40000, 1000) == pytest.approx(0.78, rel=1e-15)
    assert retention.churn_rate(150, 1000) == pytest.approx(0.15, rel=1e-15)
    assert retention.clv_simple(100.0, 0.8, 0.1) == pytest.approx(800.0 / 3.0, rel=1e-14)


def test_errors_carry_the_library_message():
    with pytest.raises(retention.Error, match="lost"):
        retention.churn_rate(3, 2)


def test_cohort_metrics_by_hand():
    # A: days 0, 1, 7; B: days 1, 30; C: day 2 (2024-01-01 = day 19723).
    d0 = retention.day(2024, 1, 1)
    assert d0 == 19723
    with retention.Cohort() as c:
        c.add_events([1, 2, 1, 3, 1, 2], [(d0 + d) * DAY for d in (0, 1, 1, 2, 7, 30)])
        assert c.customer_count() == 3
        with c.metrics() as m:
            assert m.active(d0 + 1) == (2, 2, 2)
            assert m.active(d0 + 7) == (1, 3, 3)
            assert m.cohorts()[:3] == [(d0, 1), (d0 + 1, 1), (d0 + 2, 1)]
            row = m.retention_row(1)       # B: offsets 0 and 29; 30 is censored
            assert row[0] == 1 and row[29] == 1 and row[30] is None
        with c.metrics(period="week") as w:
            assert w.retention_row(0)[:2] == [3, 1]


def _cdnow():
    c = retention.Cohort()
    ids, times, amounts = [], [], []
    with open(os.path.join(DATA, "cdnow_elog.csv")) as f:
        for row in csv.DictReader(f):
            d = row["date"]
            ids.append(int(row["sampleid"]))
            times.append(retention.day(int(d[:4]), int(d[4:6]), int(d[6:])) * DAY)
            amounts.append(float(row["sales"]))
    c.add_purchases(ids, times, amounts)
    return c


def test_cdnow_summary_and_fits_match_the_published_values():
    c = _cdnow()
    cal_end, holdout_end = retention.day(1997, 9, 30), retention.day(1998, 6, 30)
    rows = c.rfm(cal_end, holdout_end)
    assert len(rows) == 2357
    assert sum(r[1] for r in rows) == 2457            # repeat purchases (README)
    assert sum(r[5] for r in rows) == 1882            # holdout purchases
    params, ll = c.fit_bgnbd(cal_end)
    for got, want in zip(params, (0.243, 4.414, 0.793, 2.426)):
        assert got == pytest.approx(want, abs=6e-4)  # published to 3 decimals
    assert ll == pytest.approx(-9582.4, abs=0.05)
    repeat = [r for r in rows if r[1] > 0]
    gg, gg_ll = retention.fit_gamma_gamma([r[1] for r in repeat], [r[4] for r in repeat])
    for got, want in zip(gg, (6.25, 3.74, 15.44)):
        assert got == pytest.approx(want, abs=6e-3)
    c.close()


def test_clv_value_through_options():
    # CDNOW's published fits and customer (x 2, t_x 30.43, T 38.86, m 22.35):
    # undiscounted, the value is margin x E[Z] x E[Y(H)] of the same library.
    bg, gg = (0.243, 4.414, 0.793, 2.426), (6.25, 3.74, 15.44)
    e_y = retention.expected_purchases(bg, 2, 30.43, 38.86, 39.0)
    spend = retention.expected_spend(gg, 2, 22.35)
    value = retention.clv_value(bg, gg, 2, 30.43, 38.86, 22.35, margin=0.3, horizon=39.0)
    assert value == pytest.approx(0.3 * spend * e_y, rel=1e-12)
    # One period of 39 weeks at 1 % a week: all of it discounted at week 39.
    one = retention.clv_value(bg, gg, 2, 30.43, 38.86, 22.35, margin=0.3, horizon=39.0,
                              step=39.0, discount_rate=0.01)
    assert one == pytest.approx(value / 1.01 ** 39, rel=1e-12)
    with pytest.raises(retention.Error):
        retention.clv_value(bg, gg, 2, 30.43, 38.86, 22.35, margin=2.0)


def test_rank_agrees_with_sorted():
    values = [3.5, 9.0, 1.25, 9.0, 0.0, 7.75]
    top, total = retention.rank(values, 4)
    # Python's stable sort by decreasing value keeps ties in index order.
    assert top == sorted(range(len(values)), key=lambda i: -values[i])[:4]
    assert total == sum(values)
    assert retention.rank(values, 100)[0] == sorted(range(6), key=lambda i: -values[i])
    with pytest.raises(retention.Error):
        retention.rank([1.0, float("nan")], 1)


def test_struct_layouts_match_the_headers():
    cffi = pytest.importorskip("cffi")
    include = os.path.join(os.path.dirname(__file__), "..", "..", "include", "retention")
    order = ["export.h", "status.h", "alloc.h", "serialize.h", "cohort.h", "metrics.h", "clv.h",
             "clv_value.h", "summary.h"]
    text = "".join(l for name in order for l in open(os.path.join(include, name))
                   if not l.lstrip().startswith("#include"))
    cdef = subprocess.run(["cc", "-E", "-P", "-DRT_API=", "-"], input=text,
                          capture_output=True, text=True, check=True).stdout
    ffi = cffi.FFI()
    ffi.cdef(cdef)
    for py, c_name in [(retention.CohortOptions, "rt_cohort_options"),
                       (retention.MetricsOptions, "rt_metrics_options"),
                       (retention.RfmOptions, "rt_rfm_summary_options"),
                       (retention.FitReport, "rt_fit_report"),
                       (retention.ClvOptions, "rt_clv_options")]:
        assert retention.C.sizeof(py) == ffi.sizeof(c_name), c_name
        for field, _ in py._fields_:
            assert getattr(py, field).offset == ffi.offsetof(c_name, field), (c_name, field)
