"""Handles are freed once: by a with block, close(), or the garbage collector.

Two independent witnesses: the package's count of live handles, and the
library's own allocations routed through a counting allocator
(rt_allocator_set_default) that must end with no block outstanding.
"""
import ctypes as C
import gc

import numpy as np
import pytest

import retention
from retention import _handle
from retention._lib import check, lib
from retention._structs import ALLOC_FN, FREE_FN, REALLOC_FN, Allocator

DAY = 86400


def _events(c):
    c.add_events(np.array([1, 2, 1], np.uint64), np.array([0, DAY, 2 * DAY], np.int64))


def test_with_block_frees_and_a_closed_handle_raises():
    before = _handle.live_handles("Cohort")
    with retention.Cohort() as c:
        _events(c)
        assert _handle.live_handles("Cohort") == before + 1
        with c.metrics() as m:
            assert _handle.live_handles("Metrics") >= 1
        assert m.closed
        with pytest.raises(retention.ClosedHandleError, match="Metrics is closed"):
            m.active()
    assert c.closed and _handle.live_handles("Cohort") == before
    with pytest.raises(retention.ClosedHandleError, match="Cohort is closed"):
        c.add_events([1], [0])
    with pytest.raises(retention.ClosedHandleError):
        len(c)
    c.close()                                  # a second close does nothing
    assert _handle.live_handles("Cohort") == before


def test_garbage_collector_frees():
    before = _handle.live_handles()
    c = retention.Cohort()
    _events(c)
    m = c.metrics()
    f = c.frequency("1970-01-03")
    assert _handle.live_handles() == before + 3
    del c, m, f
    gc.collect()
    assert _handle.live_handles() == before


def test_metrics_outlive_their_cohort():
    c = retention.Cohort()
    _events(c)
    m = c.metrics()
    c.close()
    assert m.dau.tolist() == [1, 1, 1]
    m.close()


class CountingAllocator:
    """libc malloc/realloc/free behind rt_allocator hooks, counting live blocks."""

    def __init__(self):
        libc = C.CDLL(None)
        libc.malloc.restype = libc.realloc.restype = C.c_void_p
        libc.malloc.argtypes = [C.c_size_t]
        libc.realloc.argtypes = [C.c_void_p, C.c_size_t]
        libc.free.argtypes = [C.c_void_p]
        self.live, self.calls = set(), 0

        def alloc(user, size):
            p = libc.malloc(size)
            self.live.add(p)
            self.calls += 1
            return p

        def realloc(user, ptr, size):
            p = libc.realloc(ptr, size)
            if p:
                self.live.discard(ptr)
                self.live.add(p)
            self.calls += 1
            return p

        def free(user, ptr):
            if ptr:
                self.live.remove(ptr)
                libc.free(ptr)

        self.hooks = (ALLOC_FN(alloc), REALLOC_FN(realloc), FREE_FN(free))
        self.struct = Allocator()
        check(lib.rt_allocator_init(C.byref(self.struct), C.sizeof(self.struct)))
        self.struct.alloc_fn, self.struct.realloc_fn, self.struct.free_fn = self.hooks

    def __enter__(self):
        check(lib.rt_allocator_set_default(C.byref(self.struct)))
        return self

    def __exit__(self, *exc):
        check(lib.rt_allocator_set_default(None))


def test_the_library_frees_every_block_on_close_and_collection():
    with CountingAllocator() as counter:
        with retention.Cohort() as c:
            c.add_purchases([1, 2, 1], np.array([0, DAY, 9 * DAY]), [5.0, 7.0, 9.0])
            with c.metrics() as m:
                m.cohort_table()
            c.rfm_summary(20)
            c.frequency(5).close()
            assert counter.live           # the cohort holds memory while open
        assert counter.calls > 0 and counter.live == set()
        c2 = retention.Cohort()
        _events(c2)
        m2 = c2.metrics()
        del c2, m2
        gc.collect()
        assert counter.live == set()
