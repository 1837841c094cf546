"""to_bytes/from_bytes, pickling and merging of Metrics, Frequency and
RFMHistogram: a round trip answers every getter as before, and the merge of
disjoint parts answers what the whole does (computed independently, from
one cohort of every customer)."""
import pickle
import struct
import zlib

import numpy as np
import pytest

import retention
from exposed import assert_same, frequency_results, metrics_results, rfm_results

PARTS = 3
FIRST, LAST = "1997-01-01", "1998-06-30"
METRICS = dict(first_day=FIRST, last_day=LAST, period="week", brackets=[0, 4, 13, 52, 80])


def _cohort(log):
    c = retention.Cohort(inactivity_days=60)
    c.add_purchases(log["sampleid"].to_numpy(np.uint64), log["time"], log["sales"])
    ids = log["sampleid"].drop_duplicates().to_numpy(np.uint64)
    c.set_segments(ids, ids % 4)              # segment 0 is "no segment"
    return c


@pytest.fixture(scope="module")
def whole(cdnow_log):
    with _cohort(cdnow_log) as c:
        yield (c.metrics(**METRICS), c.frequency("1998-03-01", earlier="1997-12-01"),
               c.rfm_histogram("1997-09-30"))


@pytest.fixture(scope="module")
def parts(cdnow_log):
    out = []
    for k in range(PARTS):
        with _cohort(cdnow_log[cdnow_log["sampleid"] % PARTS == k]) as c:
            out.append((c.metrics(**METRICS), c.frequency("1998-03-01", earlier="1997-12-01"),
                        c.rfm_histogram("1997-09-30")))
    return out


RESULTS = [metrics_results, frequency_results, rfm_results]


@pytest.mark.parametrize("which", range(3))
def test_round_trip_answers_every_getter_the_same(whole, which):
    obj, results = whole[which], RESULTS[which]
    raw = obj.to_bytes()
    back = type(obj).from_bytes(raw)
    assert_same(results(obj), results(back))
    assert back.to_bytes() == raw                      # canonical
    assert_same(results(obj), results(pickle.loads(pickle.dumps(obj))))
    assert_same(results(obj), results(type(obj).from_bytes(bytearray(raw))))
    assert_same(results(obj), results(type(obj).from_bytes(memoryview(raw))))


@pytest.mark.parametrize("which", range(3))
def test_merge_of_parts_equals_the_whole(whole, parts, which):
    results = RESULTS[which]
    merged = retention.merge([p[which] for p in parts])
    assert_same(results(whole[which]), results(merged))
    # the inputs are unchanged; in place gives the same
    first = parts[0][which]
    before = first.to_bytes()
    retention.merge([first, parts[1][which]]).close()
    assert first.to_bytes() == before
    acc = first.copy()
    for p in parts[1:]:
        assert acc.merge(p[which]) is acc
    assert_same(results(whole[which]), results(acc))


def test_parts_are_really_parts(whole, parts):
    """The split is not trivial: every part has fewer customers, and they add up."""
    sizes = [p[2].customer_count for p in parts]
    assert all(0 < s < whole[2].customer_count for s in sizes)
    assert sum(sizes) == whole[2].customer_count == 2357          # CDNOW sample


def test_fits_on_merged_histogram_equal_the_whole(cdnow_log, whole, parts):
    merged = retention.merge([p[2] for p in parts])
    a, b = whole[2].sorted().fit_bgnbd(), merged.sorted().fit_bgnbd()
    assert a == b                                      # canonical order: to the last bit
    # and the fit of the summary rows (another order) agrees to rounding
    with _cohort(cdnow_log) as c:
        direct = retention.fit_bgnbd(c.rfm_summary("1997-09-30"))
    for name in a.params:
        assert a.params[name] == pytest.approx(direct.params[name], rel=1e-7)
    # the published CDNOW estimates (Fader, Hardie & Lee 2005)
    assert [round(v, 3) for v in a.values] == [0.243, 4.414, 0.793, 2.426]


def test_rfm_bytes_are_the_documented_format():
    """docs/serialization.md's example, built with struct and zlib."""
    expected = struct.pack("<IHHQQQddQ", 0x5A535452, 1, 3, 60, 1, 2, 3.5, 10.0, 4)
    expected += struct.pack("<I", zlib.crc32(expected))
    with retention.RFMHistogram() as h:
        h.add(2, 3.5, 10.0, 4)
        assert h.to_bytes() == expected
    back = retention.RFMHistogram.from_bytes(expected)
    assert back.rows().values.tolist() == [[2, 3.5, 10.0, 4]]


def test_bad_bytes_and_mismatched_merges_are_refused(whole, cdnow_log):
    m, f, h = whole
    raw = bytearray(m.to_bytes())
    raw[100] ^= 1
    with pytest.raises(retention.FormatError, match="checksum"):
        retention.Metrics.from_bytes(bytes(raw))
    with pytest.raises(retention.FormatError, match="truncated"):
        retention.Frequency.from_bytes(f.to_bytes()[:-1])
    with pytest.raises(retention.FormatError, match="rt_rfm"):
        retention.Metrics.from_bytes(h.to_bytes())       # another kind
    with pytest.raises(TypeError):
        retention.Metrics.from_bytes("not bytes")
    with _cohort(cdnow_log) as c, c.metrics(first_day=FIRST, last_day="1998-06-29",
                                            period="week") as other:
        before = m.to_bytes()
        with pytest.raises(retention.InvalidArgumentError):
            m.copy().merge(other)                        # another range
        assert m.to_bytes() == before
    with pytest.raises(retention.InvalidArgumentError):
        f.copy().merge(f)                                # the same customers twice
    with pytest.raises(TypeError):
        m.merge(f)
    with pytest.raises(ValueError):
        retention.merge([])


def test_fit_accepts_a_histogram_alone(whole):
    with pytest.raises(TypeError):
        retention.fit_bgnbd(whole[2], [1], [2])


def test_frequency_listings_agree_with_the_getters(whole, cdnow_log):
    """customers() and segment_counts() read the bytes; the library's own
    getters (rt_frequency_customer, rt_frequency_segment_count) must agree."""
    f = whole[1]
    customers = f.customers()
    assert len(customers) == cdnow_log["sampleid"].nunique()
    assert customers.index.is_unique
    for cid in customers.index[::97]:
        assert f.customer(int(cid)) == tuple(customers.loc[cid, ["now", "earlier"]])
    table = f.segment_counts()
    assert sorted(table.index) == [0, 1, 2, 3]
    for s in table.index:
        assert table.loc[s].tolist() == f.counts(int(s)).tolist()
    assert table.sum().tolist() == f.counts().tolist()
