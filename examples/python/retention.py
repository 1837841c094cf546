"""Python bindings of libretention through ctypes: no compiled glue.

The library is found through the RETENTION_LIBRARY environment variable, or
as libretention.so.1 on the loader's path. Each C function is declared once,
in FUNCTIONS, with the types of its header; the classes below wrap the
handles so that Python frees them and turns statuses into exceptions.

    import retention
    with retention.Cohort() as c:
        c.add_events([1, 2, 1], [0, 0, 86400])
        with c.metrics() as m:
            print(m.active(0))          # (dau, wau, mau)
"""
import ctypes as C
import os

_lib = C.CDLL(os.environ.get("RETENTION_LIBRARY", "libretention.so.1"))

c_status = C.c_int
_u64p, _i64p, _dp = C.POINTER(C.c_uint64), C.POINTER(C.c_int64), C.POINTER(C.c_double)

class CohortOptions(C.Structure):
    _fields_ = [("size", C.c_size_t), ("utc_offset_seconds", C.c_int32),
                ("first_weekday", C.c_uint32), ("wau_window_days", C.c_uint32),
                ("mau_window_days", C.c_uint32), ("inactivity_days", C.c_uint32),
                ("allocator", C.c_void_p)]

class MetricsOptions(C.Structure):
    _fields_ = [("size", C.c_size_t), ("first_day", C.c_int32), ("last_day", C.c_int32),
                ("use_range", C.c_uint32), ("period", C.c_int), ("max_offset", C.c_uint32),
                ("use_segment", C.c_uint32), ("segment", C.c_uint32),
                ("trailing_days", C.c_uint32), ("bracket_bounds", C.POINTER(C.c_uint32)),
                ("bracket_count", C.c_uint32), ("tables", C.c_uint32),
                ("use_starts", C.c_uint32), ("reserved", C.c_uint32)]  # 1.1

class RfmOptions(C.Structure):
    _fields_ = [("size", C.c_size_t), ("calibration_end_day", C.c_int32),
                ("holdout_end_day", C.c_int32), ("use_holdout", C.c_uint32),
                ("unit_days", C.c_double), ("skip_zero_age", C.c_uint32)]

class FitReport(C.Structure):
    _fields_ = [("size", C.c_size_t), ("params", C.c_double * 4), ("n_params", C.c_size_t),
                ("log_likelihood", C.c_double), ("iterations", C.c_uint32),
                ("converged", C.c_uint32), ("std_errors", C.c_double * 4),
                ("boundary_zero", C.c_uint32), ("boundary_infinity", C.c_uint32)]

class ClvOptions(C.Structure):
    _fields_ = [("size", C.c_size_t), ("margin", C.c_double), ("discount_rate", C.c_double),
                ("horizon", C.c_double), ("step", C.c_double), ("spend", C.c_double)]

P = C.c_void_p
FUNCTIONS = {
    "rt_strerror": (C.c_char_p, [c_status]),
    "rt_last_error_message": (C.c_char_p, []),
    "rt_version": (C.c_char_p, []),
    "rt_churn_rate": (c_status, [C.c_uint64, C.c_uint64, _dp]),
    "rt_retention_rate": (c_status, [C.c_uint64, C.c_uint64, C.c_uint64, _dp]),
    "rt_clv_simple": (c_status, [C.c_double, C.c_double, C.c_double, _dp]),
    "rt_day_from_date": (c_status, [C.c_int32, C.c_uint32, C.c_uint32, C.POINTER(C.c_int32)]),
    "rt_cohort_options_init": (c_status, [C.POINTER(CohortOptions), C.c_size_t]),
    "rt_cohort_new": (c_status, [C.POINTER(CohortOptions), C.POINTER(P)]),
    "rt_cohort_free": (None, [P]),
    "rt_cohort_add_events": (c_status, [P, _u64p, _i64p, C.c_size_t, C.POINTER(C.c_size_t)]),
    "rt_cohort_add_purchases": (c_status, [P, _u64p, _i64p, _dp, C.c_size_t,
                                           C.POINTER(C.c_size_t)]),
    "rt_cohort_add_starts": (c_status, [P, _u64p, _i64p, C.c_size_t, C.POINTER(C.c_size_t)]),
    "rt_cohort_customer_count": (C.c_uint64, [P]),
    "rt_metrics_options_init": (c_status, [C.POINTER(MetricsOptions), C.c_size_t]),
    "rt_cohort_metrics": (c_status, [P, C.POINTER(MetricsOptions), C.POINTER(P)]),
    "rt_metrics_free": (None, [P]),
    "rt_metrics_active": (c_status, [P, C.c_int32, _u64p, _u64p, _u64p]),
    "rt_metrics_cohort_count": (C.c_size_t, [P]),
    "rt_metrics_offset_count": (C.c_uint32, [P]),
    "rt_metrics_cohort": (c_status, [P, C.c_size_t, C.POINTER(C.c_int32), _u64p]),
    "rt_metrics_retention": (c_status, [P, C.c_int, C.c_size_t, C.c_uint32, _u64p,
                                        C.POINTER(C.c_uint32)]),
    "rt_metrics_survival": (c_status, [P, C.c_uint32, _dp, _dp, _dp]),
    "rt_rfm_summary_options_init": (c_status, [C.POINTER(RfmOptions), C.c_size_t]),
    "rt_rfm_new": (c_status, [P, C.POINTER(P)]),
    "rt_rfm_free": (None, [P]),
    "rt_cohort_rfm": (c_status, [P, C.POINTER(RfmOptions), P]),
    "rt_cohort_rfm_customers": (c_status, [P, C.POINTER(RfmOptions), _u64p, _u64p, _dp, _dp,
                                           _dp, _u64p, C.c_size_t, C.POINTER(C.c_size_t)]),
    "rt_fit_report_init": (c_status, [C.POINTER(FitReport), C.c_size_t]),
    "rt_bgnbd_fit": (c_status, [P, P, C.POINTER(FitReport)]),
    "rt_bgnbd_p_alive": (c_status, [_dp, C.c_uint64, C.c_double, C.c_double, _dp]),
    "rt_bgnbd_conditional_expected_purchases": (c_status, [_dp, C.c_uint64, C.c_double,
                                                           C.c_double, C.c_double, _dp]),
    "rt_gamma_gamma_fit": (c_status, [_u64p, _dp, C.c_size_t, P, C.POINTER(FitReport)]),
    "rt_gamma_gamma_expected_spend": (c_status, [_dp, C.c_uint64, C.c_double, _dp]),
    "rt_clv_options_init": (c_status, [C.POINTER(ClvOptions), C.c_size_t]),
    "rt_clv_bgnbd_gg": (c_status, [_dp, _dp, C.c_uint64, C.c_double, C.c_double, C.c_double,
                                   C.POINTER(ClvOptions), _dp]),
    "rt_clv_rank": (c_status, [_dp, C.c_size_t, C.POINTER(C.c_size_t), C.c_size_t, _dp]),
}
for _name, (_restype, _argtypes) in FUNCTIONS.items():
    _f = getattr(_lib, _name)
    _f.restype, _f.argtypes = _restype, _argtypes

PERIOD = {"day": 0, "week": 1, "month": 2}
KIND = {"exact": 0, "on-or-after": 1}


class Error(Exception):
    """A libretention status other than RT_OK, with the library's message."""

    def __init__(self, status):
        self.status = status
        super().__init__("%s: %s" % (_lib.rt_strerror(status).decode(),
                                     _lib.rt_last_error_message().decode()))


def check(status):
    if status != 0:
        raise Error(status)


def version():
    return _lib.rt_version().decode()


def day(year, month, mday):
    """Days since 1970-01-01 of a date."""
    out = C.c_int32()
    check(_lib.rt_day_from_date(year, month, mday, C.byref(out)))
    return out.value


def _out(ctype, call, *args):
    value = ctype()
    check(call(*args, C.byref(value)))
    return value.value


def retention_rate(at_start, at_end, acquired):
    return _out(C.c_double, _lib.rt_retention_rate, at_start, at_end, acquired)


def churn_rate(lost, at_start):
    return _out(C.c_double, _lib.rt_churn_rate, lost, at_start)


def clv_simple(margin, retention, discount):
    return _out(C.c_double, _lib.rt_clv_simple, margin, retention, discount)


class _Handle:
    _free = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self._h:
            type(self)._free(self._h)
            self._h = None

    def __del__(self):
        self.close()


class Cohort(_Handle):
    _free = _lib.rt_cohort_free

    def __init__(self, utc_offset_seconds=0, inactivity_days=30):
        o = CohortOptions()
        check(_lib.rt_cohort_options_init(C.byref(o), C.sizeof(o)))
        o.utc_offset_seconds, o.inactivity_days = utc_offset_seconds, inactivity_days
        self._h = P()
        check(_lib.rt_cohort_new(C.byref(o), C.byref(self._h)))

    def add_events(self, ids, times):
        n = len(ids)
        check(_lib.rt_cohort_add_events(self._h, (C.c_uint64 * n)(*ids),
                                        (C.c_int64 * n)(*times), n, None))

    def add_purchases(self, ids, times, amounts):
        n = len(ids)
        check(_lib.rt_cohort_add_purchases(self._h, (C.c_uint64 * n)(*ids),
                                           (C.c_int64 * n)(*times), (C.c_double * n)(*amounts),
                                           n, None))

    def add_starts(self, ids, times):
        """Start events (libretention 1.1): what puts a customer in a cohort
        when metrics are computed with by_start=True."""
        n = len(ids)
        check(_lib.rt_cohort_add_starts(self._h, (C.c_uint64 * n)(*ids),
                                        (C.c_int64 * n)(*times), n, None))

    def customer_count(self):
        return _lib.rt_cohort_customer_count(self._h)

    def metrics(self, period="day", first_day=None, last_day=None, by_start=False):
        o = MetricsOptions()
        check(_lib.rt_metrics_options_init(C.byref(o), C.sizeof(o)))
        o.period = PERIOD[period]
        o.use_starts = 1 if by_start else 0
        if first_day is not None:
            o.use_range, o.first_day, o.last_day = 1, first_day, last_day
        return Metrics(self, o)

    def rfm(self, calibration_end_day, holdout_end_day=None, unit_days=7.0):
        """The per-customer summary: a list of (id, x, t_x, T, mean spend, holdout)."""
        o = _rfm_options(calibration_end_day, holdout_end_day, unit_days)
        n = _out(C.c_size_t, _lib.rt_cohort_rfm_customers, self._h, C.byref(o),
                 None, None, None, None, None, None, 0)
        cols = [(C.c_uint64 * n)(), (C.c_uint64 * n)(), (C.c_double * n)(),
                (C.c_double * n)(), (C.c_double * n)(), (C.c_uint64 * n)()]
        _out(C.c_size_t, _lib.rt_cohort_rfm_customers, self._h, C.byref(o), *cols, n)
        return list(zip(*[list(c) for c in cols]))

    def fit_bgnbd(self, calibration_end_day, unit_days=7.0):
        """BG/NBD maximum-likelihood fit: ((r, alpha, a, b), log-likelihood)."""
        o = _rfm_options(calibration_end_day, None, unit_days)
        rfm = P()
        check(_lib.rt_rfm_new(None, C.byref(rfm)))
        try:
            check(_lib.rt_cohort_rfm(self._h, C.byref(o), rfm))
            report = FitReport()
            check(_lib.rt_fit_report_init(C.byref(report), C.sizeof(report)))
            check(_lib.rt_bgnbd_fit(rfm, None, C.byref(report)))
            return tuple(report.params), report.log_likelihood
        finally:
            _lib.rt_rfm_free(rfm)


def _rfm_options(calibration_end_day, holdout_end_day, unit_days):
    o = RfmOptions()
    check(_lib.rt_rfm_summary_options_init(C.byref(o), C.sizeof(o)))
    o.calibration_end_day, o.unit_days = calibration_end_day, unit_days
    if holdout_end_day is not None:
        o.use_holdout, o.holdout_end_day = 1, holdout_end_day
    return o


class Metrics(_Handle):
    _free = _lib.rt_metrics_free

    def __init__(self, cohort, options):
        self._h = P()
        check(_lib.rt_cohort_metrics(cohort._h, C.byref(options), C.byref(self._h)))

    def active(self, day_number):
        dau, wau, mau = C.c_uint64(), C.c_uint64(), C.c_uint64()
        check(_lib.rt_metrics_active(self._h, day_number, C.byref(dau), C.byref(wau),
                                     C.byref(mau)))
        return dau.value, wau.value, mau.value

    def cohorts(self):
        """[(start day, size)] of every cohort."""
        out = []
        for c in range(_lib.rt_metrics_cohort_count(self._h)):
            start, size = C.c_int32(), C.c_uint64()
            check(_lib.rt_metrics_cohort(self._h, c, C.byref(start), C.byref(size)))
            out.append((start.value, size.value))
        return out

    def retention_row(self, cohort, kind="exact"):
        """Active customers per offset; None where the cell is censored."""
        row = []
        for k in range(_lib.rt_metrics_offset_count(self._h)):
            active, observed = C.c_uint64(), C.c_uint32()
            check(_lib.rt_metrics_retention(self._h, KIND[kind], cohort, k, C.byref(active),
                                            C.byref(observed)))
            row.append(active.value if observed.value else None)
        return row

    def survival(self, days):
        s, lo, hi = C.c_double(), C.c_double(), C.c_double()
        check(_lib.rt_metrics_survival(self._h, days, C.byref(s), C.byref(lo), C.byref(hi)))
        return s.value, lo.value, hi.value


def p_alive(params, x, t_x, T):
    return _out(C.c_double, _lib.rt_bgnbd_p_alive, (C.c_double * 4)(*params), x, t_x, T)


def expected_purchases(params, x, t_x, T, t):
    return _out(C.c_double, _lib.rt_bgnbd_conditional_expected_purchases,
                (C.c_double * 4)(*params), x, t_x, T, t)


def fit_gamma_gamma(x, mean_spend):
    n = len(x)
    report = FitReport()
    check(_lib.rt_fit_report_init(C.byref(report), C.sizeof(report)))
    check(_lib.rt_gamma_gamma_fit((C.c_uint64 * n)(*x), (C.c_double * n)(*mean_spend), n, None,
                                  C.byref(report)))
    return tuple(report.params[:3]), report.log_likelihood


def expected_spend(params, x, mean_spend):
    return _out(C.c_double, _lib.rt_gamma_gamma_expected_spend, (C.c_double * 3)(*params), x,
                mean_spend)


def clv_value(bgnbd, gg, x, t_x, T, mean_spend, **options):
    """rt_clv_bgnbd_gg: options are ClvOptions fields (margin, discount_rate,
    horizon, step, spend), the rest at their defaults."""
    o = ClvOptions()
    check(_lib.rt_clv_options_init(C.byref(o), C.sizeof(o)))
    for name, value in options.items():
        setattr(o, name, value)
    return _out(C.c_double, _lib.rt_clv_bgnbd_gg, (C.c_double * 4)(*bgnbd),
                (C.c_double * 3)(*gg), x, t_x, T, mean_spend, C.byref(o))


def rank(values, k):
    """The indices of the k largest values, largest first, and the total."""
    n = len(values)
    order = (C.c_size_t * max(min(k, n), 1))()
    total = C.c_double()
    check(_lib.rt_clv_rank((C.c_double * n)(*values), n, order, k, C.byref(total)))
    return list(order[:min(k, n)]), total.value
