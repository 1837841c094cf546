"""Bytes in and out, merging and pickling for the results that merge.

Metrics, Frequency and RFMHistogram share this: ``to_bytes()`` is the C
library's serialized object (docs/serialization.md: versioned,
little-endian, CRC-32 sealed), ``from_bytes()`` rebuilds it in any process
that loads libretention 1.1 or later, ``merge()`` adds the result of a
disjoint set of customers with the library's merge, and pickling goes
through the bytes (so Dask, multiprocessing or joblib can move them).
"""
from __future__ import annotations

import ctypes as C
from typing import Any, Callable, Iterable, TypeVar

from ._handle import Handle
from ._lib import check

P = TypeVar("P", bound="Portable")

_HEADER = 16                                 # magic, version, kind, total size
_KINDS = {1: "Metrics", 2: "Frequency", 3: "RFMHistogram"}


def serialize(function: Callable[..., int], pointer: int) -> bytes:
    """Size query, then write into a buffer of that size."""
    size = C.c_size_t()
    check(function(pointer, None, 0, C.byref(size)))
    buffer = C.create_string_buffer(size.value)
    check(function(pointer, buffer, size.value, C.byref(size)))
    return buffer.raw[:size.value]


def as_bytes(data: Any) -> bytes:
    """bytes, bytearray or a buffer (memoryview, numpy uint8 array) as bytes."""
    if isinstance(data, bytes):
        return data
    try:
        return bytes(memoryview(data).cast("B"))
    except TypeError:
        raise TypeError(f"expected bytes, not {type(data).__name__}") from None


class Portable(Handle):
    """A C result that serializes, deserializes and merges (a mixin of Handle)."""

    _serialize: Callable[..., int]
    _deserialize: Callable[..., int]
    _merge: Callable[..., int]
    _free: Callable[..., None]

    def to_bytes(self) -> bytes:
        """The result as the library's portable bytes (docs/serialization.md)."""
        return serialize(type(self)._serialize, self._ptr)

    @classmethod
    def from_bytes(cls: type[P], data: Any) -> P:
        """Rebuild a result from :meth:`to_bytes` output (of any process or host).

        Raises FormatError for bytes that are not such a result (truncated,
        corrupted, another kind: the message says which) and VersionError
        for a newer format version.
        """
        raw = as_bytes(data)
        handle = C.c_void_p()
        check(cls._deserialize(raw, len(raw), None, C.byref(handle)))
        self = cls(handle, cls._free)
        self._restore(raw)
        return self

    def _restore(self, raw: bytes) -> None:
        """Set the Python-side attributes the bytes imply (the subclass's)."""

    def merge(self: P, other: P) -> P:
        """Add the result of a disjoint set of customers, computed with equal
        options, into this one (in place); returns self. InvalidArgumentError
        when the options differ (or, for Frequency, a customer is in both)."""
        if type(other) is not type(self):
            raise TypeError(f"cannot merge a {type(other).__name__} into a "
                            f"{type(self).__name__}")
        check(type(self)._merge(self._ptr, other._ptr))
        return self

    def copy(self: P) -> P:
        """An independent copy (through the bytes)."""
        return type(self).from_bytes(self.to_bytes())

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return type(self).from_bytes, (self.to_bytes(),)


def merge(results: Iterable[P]) -> P:
    """A new result, the merge of ``results`` (all Metrics, all Frequency or
    all RFMHistogram, of disjoint customers, computed with equal options).
    The inputs are left unchanged."""
    items = list(results)
    if not items:
        raise ValueError("merge needs at least one result")
    merged = items[0].copy()
    try:
        for item in items[1:]:
            merged.merge(item)
    except BaseException:
        merged.close()
        raise
    return merged


def kind_of(raw: bytes) -> str:
    """The class name of the object in serialized bytes (no checks beyond the kind)."""
    if len(raw) < _HEADER:
        raise ValueError("not a serialized result: fewer than 16 bytes")
    return _KINDS.get(int.from_bytes(raw[6:8], "little"), "unknown")
