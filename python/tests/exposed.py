"""Every result the package exposes, as pandas objects, for comparing two
Metrics, Frequency or RFMHistogram objects (round trips, merges, Dask)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt

import retention


def metrics_results(m: retention.Metrics) -> dict:
    """Every getter of a Metrics: activity, histograms, cohorts, tables,
    curves, survival, lifecycle, stickiness, median and RMST."""
    out = {"day_range": m.day_range(), "active": m.active(), "stickiness": m.stickiness(),
           "trailing": m.trailing_histogram(), "range": m.range_histogram(),
           "cohort_count": m.cohort_count, "offset_count": m.offset_count,
           "cohort_sizes": m.cohort_sizes(), "survival": m.survival(),
           "lifecycle": m.lifecycle(), "period": m.period,
           "rmst": m.restricted_mean_lifetime(30)}
    try:
        out["median"] = m.median_lifetime()
    except retention.UndefinedError as e:          # the curve never reaches 0.5
        out["median"] = str(e)
    for kind in sorted(m._tables):
        for rates in (False, True):
            out[f"table {kind} {rates}"] = m.cohort_table(kind, rates=rates)
        out[f"curve {kind}"] = m.retention_curve(kind)
    return out


def frequency_results(f: retention.Frequency) -> dict:
    """Counts, transitions, forgettable segments, per-segment counts and
    each customer's buckets, in canonical (sorted) order."""
    segments = f.segment_counts().sort_index()
    out = {"counts": f.counts(), "forgettable": f.forgettable_segments(),
           "segments": segments, "customers": f.customers().sort_index(),
           "has_earlier": f.has_earlier}
    for s in segments.index:
        out[f"counts {s}"] = f.counts(int(s))
    if f.has_earlier:
        out["transitions"] = f.transitions()
    return out


def rfm_results(h: retention.RFMHistogram) -> dict:
    """Rows in canonical order, row and customer counts."""
    rows = h.rows().sort_values(["x", "t_x", "T"], kind="mergesort").reset_index(drop=True)
    return {"rows": rows, "row_count": h.row_count, "customers": h.customer_count}


def assert_same(a: dict, b: dict) -> None:
    """Equal keys, and every value exactly equal (NaN equal to NaN)."""
    assert a.keys() == b.keys()
    for key in a:
        x, y = a[key], b[key]
        if isinstance(x, pd.DataFrame):
            pdt.assert_frame_equal(x, y, check_exact=True, obj=key)
        elif isinstance(x, pd.Series):
            pdt.assert_series_equal(x, y, check_exact=True, obj=key)
        elif isinstance(x, np.ndarray):
            np.testing.assert_array_equal(x, y, err_msg=key)
        else:
            assert x == y or (x != x and y != y), key
