"""Loading libretention and declaring its C functions for ctypes.

The library is ``$RETENTION_LIBRARY`` when that variable is set (a path to
``libretention.so.1``; nothing else is tried then), else the loader's
``libretention.so.1``, else whatever ``ctypes.util.find_library`` finds. It
must be version 1.x with x >= 1: the ABI of major version 1 with start events.
"""
from __future__ import annotations

import ctypes as C
import ctypes.util
import os
from typing import Any, Callable

from .errors import LibraryNotFoundError, error_for

ENV_VARIABLE = "RETENTION_LIBRARY"
SONAME = "libretention.so.1"
MIN_VERSION = 1_001_000   # 1.1.0 as rt_version_number() counts (start events)
NEXT_MAJOR = 2_000_000    # 2.0 would be another ABI (and another SONAME)


def _candidates() -> list[str]:
    """The names to try: $RETENTION_LIBRARY alone, else the SONAME and find_library's."""
    explicit = os.environ.get(ENV_VARIABLE)
    if explicit:
        return [explicit]
    found = ctypes.util.find_library("retention")
    return [SONAME] + ([found] if found and found != SONAME else [])


def _load() -> C.CDLL:
    """The first candidate that loads; LibraryNotFoundError naming them all otherwise."""
    errors = []
    for name in _candidates():
        try:
            return C.CDLL(name)
        except OSError as e:
            errors.append(f"{name}: {e}")
    raise LibraryNotFoundError(
        "cannot load libretention: set " + ENV_VARIABLE + " to the path of "
        + SONAME + " or install it where the loader finds it (tried "
        + "; ".join(errors) + ")")


lib = _load()

_P = C.c_void_p              # a handle or an array's first element
_ST = C.c_int                # rt_status
_SZ, _U32, _I32, _U64, _I64, _D = (C.c_size_t, C.c_uint32, C.c_int32, C.c_uint64,
                                   C.c_int64, C.c_double)
_OUT = C.c_void_p            # an out-pointer, passed as ctypes.byref(...)

# Every function the package calls, with the types of its header.
_FUNCTIONS: dict[str, tuple[Any, list[Any]]] = {
    "rt_version": (C.c_char_p, []),
    "rt_version_number": (_U32, []),
    "rt_strerror": (C.c_char_p, [_ST]),
    "rt_last_error_message": (C.c_char_p, []),
    "rt_allocator_init": (_ST, [_OUT, _SZ]),
    "rt_allocator_set_default": (_ST, [_P]),
    "rt_day_from_date": (_ST, [_I32, _U32, _U32, _OUT]),
    # formulas.h
    "rt_churn_rate": (_ST, [_U64, _U64, _OUT]),
    "rt_retention_rate": (_ST, [_U64, _U64, _U64, _OUT]),
    "rt_repeat_purchase_rate": (_ST, [_U64, _U64, _OUT]),
    "rt_stickiness": (_ST, [_U64, _U64, _OUT]),
    "rt_viral_coefficient": (_ST, [_D, _D, _OUT]),
    "rt_expected_lifetime": (_ST, [_D, _OUT]),
    "rt_clv_simple": (_ST, [_D, _D, _D, _OUT]),
    "rt_clv_finite": (_ST, [_D, _D, _D, _U32, _OUT]),
    "rt_clv_saas": (_ST, [_D, _D, _D, _OUT]),
    "rt_clv_retention_lift": (_ST, [_D, _D, _D, _OUT]),
    "rt_offer_worth": (_ST, [_D, _D, _D, _OUT]),
    "rt_offer_break_even_cost": (_ST, [_D, _D, _OUT]),
    # cohort.h
    "rt_cohort_options_init": (_ST, [_OUT, _SZ]),
    "rt_cohort_new": (_ST, [_OUT, _OUT]),
    "rt_cohort_free": (None, [_P]),
    "rt_cohort_add_events": (_ST, [_P, _P, _P, _SZ, _OUT]),
    "rt_cohort_add_purchases": (_ST, [_P, _P, _P, _P, _SZ, _OUT]),
    "rt_cohort_add_starts": (_ST, [_P, _P, _P, _SZ, _OUT]),
    "rt_cohort_start_count": (_U64, [_P]),
    "rt_cohort_start_day": (_ST, [_P, _U64, _OUT]),
    "rt_cohort_add_subscriptions": (_ST, [_P, _P, _P, _P, _SZ, _OUT]),
    "rt_cohort_add_late_payment": (_ST, [_P, _U64, _I64]),
    "rt_cohort_set_segments": (_ST, [_P, _P, _P, _SZ, _OUT]),
    "rt_cohort_segment": (_ST, [_P, _U64, _OUT]),
    "rt_cohort_customer_count": (_U64, [_P]),
    "rt_cohort_event_count": (_U64, [_P]),
    "rt_cohort_purchase_count": (_U64, [_P]),
    "rt_cohort_subscription_count": (_U64, [_P]),
    "rt_cohort_day_range": (_ST, [_P, _OUT, _OUT]),
    # metrics.h
    "rt_metrics_options_init": (_ST, [_OUT, _SZ]),
    "rt_cohort_metrics": (_ST, [_P, _OUT, _OUT]),
    "rt_metrics_free": (None, [_P]),
    "rt_metrics_day_range": (_ST, [_P, _OUT, _OUT]),
    "rt_metrics_active": (_ST, [_P, _I32, _OUT, _OUT, _OUT]),
    "rt_metrics_stickiness": (_ST, [_P, _I32, _I32, _OUT, _OUT]),
    "rt_metrics_trailing_histogram": (_ST, [_P, _U32, _OUT]),
    "rt_metrics_range_histogram": (_ST, [_P, _U32, _OUT]),
    "rt_metrics_cohort_count": (_SZ, [_P]),
    "rt_metrics_offset_count": (_U32, [_P]),
    "rt_metrics_bracket_count": (_U32, [_P]),
    "rt_metrics_cohort": (_ST, [_P, _SZ, _OUT, _OUT]),
    "rt_metrics_retention": (_ST, [_P, C.c_int, _SZ, _U32, _OUT, _OUT]),
    "rt_metrics_retention_curve": (_ST, [_P, C.c_int, _U32, _OUT, _OUT]),
    "rt_metrics_survival": (_ST, [_P, _U32, _OUT, _OUT, _OUT]),
    "rt_metrics_survival_counts": (_ST, [_P, _U32, _OUT, _OUT]),
    "rt_metrics_survival_median": (_ST, [_P, _OUT]),
    "rt_metrics_survival_rmst": (_ST, [_P, _U32, _OUT]),
    "rt_metrics_lifecycle": (_ST, [_P, _SZ, C.c_int, _OUT]),
    "rt_metrics_merge": (_ST, [_P, _P]),
    "rt_metrics_serialize": (_ST, [_P, _P, _SZ, _OUT]),
    "rt_metrics_deserialize": (_ST, [_P, _SZ, _P, _OUT]),
    # frequency.h
    "rt_frequency_options_init": (_ST, [_OUT, _SZ]),
    "rt_cohort_frequency": (_ST, [_P, _OUT, _OUT]),
    "rt_frequency_free": (None, [_P]),
    "rt_frequency_count": (_ST, [_P, C.c_int, _OUT]),
    "rt_frequency_segment_count": (_ST, [_P, _U32, C.c_int, _OUT]),
    "rt_frequency_forgettable_segments": (_ST, [_P, _P, _SZ, _OUT]),
    "rt_frequency_customer": (_ST, [_P, _U64, _OUT, _OUT]),
    "rt_frequency_transitions": (_ST, [_P, C.c_int, C.c_int, _OUT]),
    "rt_frequency_merge": (_ST, [_P, _P]),
    "rt_frequency_serialize": (_ST, [_P, _P, _SZ, _OUT]),
    "rt_frequency_deserialize": (_ST, [_P, _SZ, _P, _OUT]),
    # churn.h, risk.h
    "rt_churn_result_init": (_ST, [_OUT, _SZ]),
    "rt_churn_options_init": (_ST, [_OUT, _SZ]),
    "rt_cohort_churn": (_ST, [_P, _I32, _I32, _OUT, _OUT]),
    "rt_cohort_churn_monthly": (_ST, [_P, _I32, _U32, _OUT, _P]),
    "rt_risk_options_init": (_ST, [_OUT, _SZ]),
    "rt_cohort_at_risk": (_ST, [_P, _OUT, _P, _P, _P, _SZ, _OUT, _OUT]),
    # summary.h, clv.h, clv_value.h
    "rt_rfm_summary_options_init": (_ST, [_OUT, _SZ]),
    "rt_cohort_rfm_customers": (_ST, [_P, _OUT, _P, _P, _P, _P, _P, _P, _SZ, _OUT]),
    "rt_rfm_new": (_ST, [_P, _OUT]),
    "rt_rfm_free": (None, [_P]),
    "rt_rfm_add_many": (_ST, [_P, _P, _P, _P, _SZ, _OUT]),
    "rt_rfm_add": (_ST, [_P, _U64, _D, _D, _U64]),
    "rt_rfm_row_count": (_SZ, [_P]),
    "rt_rfm_customer_count": (_U64, [_P]),
    "rt_rfm_row": (_ST, [_P, _SZ, _OUT, _OUT, _OUT, _OUT]),
    "rt_rfm_merge": (_ST, [_P, _P]),
    "rt_rfm_serialize": (_ST, [_P, _P, _SZ, _OUT]),
    "rt_rfm_deserialize": (_ST, [_P, _SZ, _P, _OUT]),
    "rt_cohort_rfm": (_ST, [_P, _OUT, _P]),
    "rt_fit_options_init": (_ST, [_OUT, _SZ]),
    "rt_fit_report_init": (_ST, [_OUT, _SZ]),
    "rt_bgnbd_fit": (_ST, [_P, _OUT, _OUT]),
    "rt_bgnbd_expected_purchases": (_ST, [_P, _D, _OUT]),
    "rt_bgnbd_purchase_probability": (_ST, [_P, _D, _U64, _OUT]),
    "rt_bgnbd_conditional_expected_purchases": (_ST, [_P, _U64, _D, _D, _D, _OUT]),
    "rt_bgnbd_p_alive": (_ST, [_P, _U64, _D, _D, _OUT]),
    "rt_pareto_nbd_fit": (_ST, [_P, _OUT, _OUT]),
    "rt_pareto_nbd_expected_purchases": (_ST, [_P, _D, _OUT]),
    "rt_pareto_nbd_p_alive": (_ST, [_P, _U64, _D, _D, _OUT]),
    "rt_pareto_nbd_conditional_expected_purchases": (_ST, [_P, _U64, _D, _D, _D, _OUT]),
    "rt_gamma_gamma_fit": (_ST, [_P, _P, _SZ, _OUT, _OUT]),
    "rt_gamma_gamma_expected_spend": (_ST, [_P, _U64, _D, _OUT]),
    "rt_sbg_fit": (_ST, [_P, _P, _SZ, _OUT, _OUT]),
    "rt_sbg_survival": (_ST, [_P, _U32, _OUT]),
    "rt_sbg_retention_rate": (_ST, [_P, _U32, _OUT]),
    "rt_sbg_derl": (_ST, [_P, _D, _U32, _OUT]),
    "rt_clv_options_init": (_ST, [_OUT, _SZ]),
    "rt_clv_bgnbd_gg": (_ST, [_P, _P, _U64, _D, _D, _D, _OUT, _OUT]),
    "rt_clv_rank": (_ST, [_P, _SZ, _P, _SZ, _OUT]),
}


def _declare() -> None:
    """Give each function of _FUNCTIONS its C types; a missing one means no libretention."""
    for name, (restype, argtypes) in _FUNCTIONS.items():
        try:
            function = getattr(lib, name)
        except AttributeError:
            raise LibraryNotFoundError(
                f"{lib._name} is not libretention 1.x: it lacks {name}; set "
                f"{ENV_VARIABLE} to the path of {SONAME}") from None
        function.restype, function.argtypes = restype, argtypes


_declare()


def _check_version() -> None:
    """Refuse a library outside 1.x (older than 1.0, or another ABI)."""
    number = lib.rt_version_number()
    if not MIN_VERSION <= number < NEXT_MAJOR:
        raise LibraryNotFoundError(
            f"libretention {lib.rt_version().decode()} was loaded; this package needs 1.x "
            f"(1.1 or later, same ABI); set {ENV_VARIABLE} to a libretention 1.x")


_check_version()


def version() -> str:
    """Version of the loaded C library, "MAJOR.MINOR.PATCH"."""
    return lib.rt_version().decode()


def check(status: int) -> None:
    """Raise the exception of a failed call, with the library's message."""
    if status != 0:
        raise error_for(status, lib.rt_last_error_message().decode(errors="replace"))


def call(function: Callable[..., int], *args: Any) -> None:
    """Call a C function returning an rt_status and raise if it failed."""
    check(function(*args))


def out(ctype: Any, function: Callable[..., int], *args: Any) -> Any:
    """Call a function whose last argument is one out-pointer; return its value."""
    value = ctype()
    check(function(*args, C.byref(value)))
    return value.value


def init_struct(cls: type, init: Callable[..., int], **fields: Any) -> Any:
    """A struct filled with the library's defaults by its ``*_init`` function,
    then the given fields (None leaves the default); unknown names raise."""
    struct = cls()
    check(init(C.byref(struct), C.sizeof(struct)))
    known = {name for name, _ in cls._fields_}
    for name, value in fields.items():
        if name not in known or name in ("size", "reserved"):
            raise TypeError(f"unknown option {name!r} (known: "
                            f"{', '.join(sorted(known - {'size', 'reserved'}))})")
        if value is not None:
            setattr(struct, name, value)
    return struct


__all__ = ["lib", "version", "check", "call", "out", "init_struct"]
