"""Owning a C handle: freed once, by close(), a with block or the collector.

The free function and the pointer go to a ``weakref.finalize``, which runs
at most once: close() runs it early, the garbage collector (or interpreter
exit) runs it otherwise, and never twice, so there is no double free.
"""
from __future__ import annotations

import ctypes as C
import weakref
from typing import Any, Callable, TypeVar

from .errors import ClosedHandleError

_live: dict[str, int] = {}
T = TypeVar("T", bound="Handle")


def live_handles(kind: str | None = None) -> int:
    """Handles not yet freed: of one class name, or of all (for tests)."""
    if kind is not None:
        return _live.get(kind, 0)
    return sum(_live.values())


def _release(free: Callable[[Any], None], pointer: int, kind: str) -> None:
    """The finalizer: free the C object and count it gone (runs at most once)."""
    free(pointer)
    _live[kind] -= 1


class Handle:
    """A C object owned by Python; use it in a ``with`` block or close() it."""

    def __init__(self, pointer: C.c_void_p, free: Callable[[Any], None]) -> None:
        kind = type(self).__name__
        _live[kind] = _live.get(kind, 0) + 1
        self._pointer = pointer.value
        self._finalizer = weakref.finalize(self, _release, free, pointer.value, kind)

    @property
    def _ptr(self) -> int:
        """The C pointer; raises ClosedHandleError once freed."""
        if not self._finalizer.alive:
            raise ClosedHandleError(f"this {type(self).__name__} is closed")
        return self._pointer

    @property
    def closed(self) -> bool:
        """True once the C object has been freed."""
        return not self._finalizer.alive

    def close(self) -> None:
        """Free the C object now; later calls do nothing."""
        self._finalizer()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
