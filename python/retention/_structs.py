"""ctypes mirrors of the library's size-prefixed option and result structs.

Each class copies its C struct from include/retention/*.h field by field;
tests/test_layout.py compares sizes and offsets with the headers as cffi
parses them. Every struct is filled by the library's own ``*_init``
function (see :func:`retention._lib.init_struct`), never by hand, so its
defaults are the library's.
"""
from __future__ import annotations

import ctypes as C

_u32, _i32, _u64, _f64, _sz = C.c_uint32, C.c_int32, C.c_uint64, C.c_double, C.c_size_t


class CohortOptions(C.Structure):
    """rt_cohort_options (retention/cohort.h)."""
    _fields_ = [("size", _sz), ("utc_offset_seconds", _i32), ("first_weekday", _u32),
                ("wau_window_days", _u32), ("mau_window_days", _u32),
                ("inactivity_days", _u32), ("allocator", C.c_void_p),
                ("threads", _u32), ("reserved", _u32)]  # 1.2


class MetricsOptions(C.Structure):
    """rt_metrics_options (retention/metrics.h); ``period`` is the rt_period enum."""
    _fields_ = [("size", _sz), ("first_day", _i32), ("last_day", _i32), ("use_range", _u32),
                ("period", C.c_int), ("max_offset", _u32), ("use_segment", _u32),
                ("segment", _u32), ("trailing_days", _u32),
                ("bracket_bounds", C.POINTER(_u32)), ("bracket_count", _u32),
                ("tables", _u32), ("use_starts", _u32), ("reserved", _u32)]  # 1.1


class RfmSummaryOptions(C.Structure):
    """rt_rfm_summary_options (retention/summary.h)."""
    _fields_ = [("size", _sz), ("calibration_end_day", _i32), ("holdout_end_day", _i32),
                ("use_holdout", _u32), ("unit_days", _f64), ("skip_zero_age", _u32),
                ("reserved", _u32)]


class FitOptions(C.Structure):
    """rt_fit_options (retention/clv.h)."""
    _fields_ = [("size", _sz), ("max_iterations", _u32), ("tolerance", _f64),
                ("compute_std_errors", _u32), ("use_start", _u32), ("start", _f64 * 4)]


class FitReport(C.Structure):
    """rt_fit_report (retention/clv.h)."""
    _fields_ = [("size", _sz), ("params", _f64 * 4), ("n_params", _sz),
                ("log_likelihood", _f64), ("iterations", _u32), ("converged", _u32),
                ("std_errors", _f64 * 4), ("boundary_zero", _u32),
                ("boundary_infinity", _u32)]


class ClvOptions(C.Structure):
    """rt_clv_options (retention/clv_value.h)."""
    _fields_ = [("size", _sz), ("margin", _f64), ("discount_rate", _f64), ("horizon", _f64),
                ("step", _f64), ("spend", _f64)]


class ChurnOptions(C.Structure):
    """rt_churn_options (retention/churn.h)."""
    _fields_ = [("size", _sz), ("use_segment", _u32), ("segment", _u32)]


class ChurnResult(C.Structure):
    """rt_churn_result (retention/churn.h)."""
    _fields_ = [("size", _sz), ("at_start", _u64), ("at_end", _u64), ("retained", _u64),
                ("lost", _u64), ("acquired", _u64), ("joined_and_left", _u64),
                ("resurrected", _u64), ("churn_rate", _f64), ("retention_rate", _f64),
                ("rates_defined", _u32), ("repeat_base", _u64), ("repeat_buyers", _u64),
                ("repeat_rate", _f64), ("repeat_defined", _u32), ("reserved", _u32)]


class FrequencyOptions(C.Structure):
    """rt_frequency_options (retention/frequency.h)."""
    _fields_ = [("size", _sz), ("as_of_day", _i32), ("earlier_day", _i32),
                ("use_earlier", _u32), ("lookback_days", _u32), ("new_days", _u32),
                ("dormant_days", _u32), ("daily_max_interval", _f64),
                ("weekly_max_interval", _f64), ("monthly_max_interval", _f64),
                ("forgettable_share", _f64)]


class RiskOptions(C.Structure):
    """rt_risk_options (retention/risk.h)."""
    _fields_ = [("size", _sz), ("as_of_day", _i32), ("lost_days", _u32),
                ("silent_days", _u32), ("window_days", _u32), ("usage_drop", _f64),
                ("late_payment_days", _u32), ("value_ids", C.POINTER(_u64)),
                ("values", C.POINTER(_f64)), ("value_count", _sz)]


ALLOC_FN = C.CFUNCTYPE(C.c_void_p, C.c_void_p, C.c_size_t)
REALLOC_FN = C.CFUNCTYPE(C.c_void_p, C.c_void_p, C.c_void_p, C.c_size_t)
FREE_FN = C.CFUNCTYPE(None, C.c_void_p, C.c_void_p)


class Allocator(C.Structure):
    """rt_allocator (retention/alloc.h)."""
    _fields_ = [("size", _sz), ("alloc_fn", ALLOC_FN), ("realloc_fn", REALLOC_FN),
                ("free_fn", FREE_FN), ("user", C.c_void_p)]


#: Each struct and the C name the layout test compares it with.
C_NAMES = {CohortOptions: "rt_cohort_options", MetricsOptions: "rt_metrics_options",
           RfmSummaryOptions: "rt_rfm_summary_options", FitOptions: "rt_fit_options",
           FitReport: "rt_fit_report", ClvOptions: "rt_clv_options",
           ChurnOptions: "rt_churn_options", ChurnResult: "rt_churn_result",
           FrequencyOptions: "rt_frequency_options", RiskOptions: "rt_risk_options",
           Allocator: "rt_allocator"}
