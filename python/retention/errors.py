"""Exceptions: one class per libretention status, all RetentionError.

Every failing C call returns an ``rt_status``; :func:`retention._lib.check`
turns it into the class of :data:`BY_STATUS`, whose message is the
library's own (``rt_last_error_message``: it names the offending argument).
Each class also derives from the built-in exception a Python programmer
would catch for that kind of failure (``ValueError`` for a bad argument...).
"""
from __future__ import annotations


class RetentionError(Exception):
    """A libretention call failed.

    Attributes:
        status: the C ``rt_status`` value (1 = RT_EINVAL ... 8 = RT_EUNDEFINED).
        message: the library's detailed message (may be empty).
    """

    status: int = -1

    def __init__(self, message: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class InvalidArgumentError(RetentionError, ValueError):
    """RT_EINVAL: an argument is invalid (NaN, negative, out of its domain)."""
    status = 1


class OutOfMemoryError(RetentionError, MemoryError):
    """RT_ENOMEM: an allocation failed or a size overflowed."""
    status = 2


class OutOfRangeError(RetentionError, ValueError):
    """RT_ERANGE: a time, day or index lies outside the supported range."""
    status = 3


class NotFoundError(RetentionError, LookupError):
    """RT_ENOTFOUND: the customer or segment does not exist."""
    status = 4


class FormatError(RetentionError, ValueError):
    """RT_EFORMAT: serialized input is malformed."""
    status = 5


class ConvergenceError(RetentionError, RuntimeError):
    """RT_ECONVERGE: an iterative computation did not converge.

    For a fit, ``fit`` holds the best point found (see ``boundary_zero`` and
    ``boundary_infinity`` of the fit); otherwise it is None.
    """
    status = 6
    fit = None


class VersionError(RetentionError):
    """RT_EVERSION: a struct is from a newer, incompatible version."""
    status = 7


class UndefinedError(RetentionError, ArithmeticError):
    """RT_EUNDEFINED: the result is undefined (zero denominator, empty population)."""
    status = 8


class ClosedHandleError(RetentionError, ValueError):
    """A Cohort, Metrics or Frequency was used after close()."""


class LibraryNotFoundError(RetentionError, ImportError):
    """libretention.so.1 could not be loaded, or is older than 1.0."""


#: The exception class of each status.
BY_STATUS: dict[int, type[RetentionError]] = {
    cls.status: cls for cls in (InvalidArgumentError, OutOfMemoryError, OutOfRangeError,
                                NotFoundError, FormatError, ConvergenceError, VersionError,
                                UndefinedError)}


def error_for(status: int, message: str) -> RetentionError:
    """The exception of a status, carrying the library's message."""
    cls = BY_STATUS.get(status, RetentionError)
    return cls(message, status)
