"""Arrays in: no copy when the dtype matches, any datetime64 unit, clear errors."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

import retention
from retention import _convert as cv


def test_matching_arrays_are_passed_without_a_copy():
    ids = np.arange(10, dtype=np.uint64)
    signed = np.arange(10, dtype=np.int64)
    seconds = np.arange(10, dtype=np.int64) * 86400
    amounts = np.linspace(0, 1, 10)
    stamps = np.arange(10).astype("datetime64[s]")
    assert cv.ids(ids) is ids
    assert np.shares_memory(cv.ids(signed), signed)
    assert cv.times(seconds).ctypes.data == seconds.ctypes.data
    assert np.shares_memory(cv.times(stamps), stamps)
    assert cv.floats(amounts) is amounts
    strided = np.arange(20, dtype=np.uint64)[::2]          # not contiguous: copied
    assert cv.ids(strided).flags.c_contiguous and cv.ids(strided).tolist() == strided.tolist()


def test_every_datetime64_unit_gives_the_same_seconds():
    when = pd.Timestamp("2024-03-05 17:45:12.987654321")
    expected = int((when.floor("s") - pd.Timestamp("1970-01-01")).total_seconds())
    for unit in ("ns", "us", "ms", "s"):
        assert cv.times(np.array([when.to_datetime64()]).astype(f"datetime64[{unit}]"))[0] \
            == expected
    assert cv.times(np.array(["2024-03-05"], "datetime64[D]"))[0] == 19787 * 86400
    aware = pd.Series([when]).dt.tz_localize("Europe/Paris")   # 17:45 Paris = 16:45 UTC
    assert cv.times(aware)[0] == expected - 3600


def test_days_from_every_kind_of_date():
    for value in (19787, "2024-03-05", dt.date(2024, 3, 5), np.datetime64("2024-03-05"),
                  pd.Timestamp("2024-03-05 23:59"), dt.datetime(2024, 3, 5, 1, 2)):
        assert cv.day(value) == 19787
    with pytest.raises(TypeError):
        cv.day(True)


def test_bad_arrays_are_refused_with_the_argument_named():
    with retention.Cohort() as c:
        with pytest.raises(ValueError, match="customer_ids must be >= 0"):
            c.add_events([-1], [0])
        with pytest.raises(TypeError, match="customer_ids must be integers"):
            c.add_events([1.5], [0])
        with pytest.raises(TypeError, match="times must be datetime64 or integer"):
            c.add_events([1], [0.5])
        with pytest.raises(ValueError, match="NaT"):
            c.add_events([1], np.array(["NaT"], "datetime64[s]"))
        with pytest.raises(ValueError, match="differ in length"):
            c.add_purchases([1, 2], [0, 0], [1.0])
        assert c.customer_count == 0


def test_a_bad_record_adds_nothing_and_is_named():
    with retention.Cohort() as c:
        with pytest.raises(retention.InvalidArgumentError) as e:
            c.add_purchases([1, 2, 3], [0, 0, 0], [1.0, -2.0, 3.0])
        assert e.value.index == 1 and "record 1" in str(e.value)
        assert "amount" in str(e.value) and "rt_cohort_add_purchases" in str(e.value)
        assert c.customer_count == 0 and c.purchase_count == 0
        far = np.int64(200 * 366 * 86400)                    # beyond 100 years from 1970
        with pytest.raises(retention.OutOfRangeError) as e:
            c.add_events([1, 2], np.array([0, far]))
        assert e.value.index == 1 and e.value.status == 3
        assert c.event_count == 0
