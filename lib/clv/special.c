/* Log-space helpers and the hypergeometric series of the CLV models. */
#define _DEFAULT_SOURCE  /* lgamma_r, where the C library has it */
#include "clv/special.h"

#include <float.h>
#include <math.h>

#include "core/error.h"

#define RTI_SERIES_MAX_TERMS 10000000L

double rti_lgamma(double x)
{
#if defined(RTI_HAVE_LGAMMA_R)
    int sign;
    return lgamma_r(x, &sign);  /* leaves the global signgam alone: thread safe */
#else
    return lgamma(x);
#endif
}

double rti_digamma(double x)
{
    /* Recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10, then the asymptotic
     * series (Abramowitz & Stegun 6.3.18) to x^-14: the next term is < 1e-16. */
    double shift = 0.0;
    while (x < 10.0) {
        shift -= 1.0 / x;
        x += 1.0;
    }
    double f = 1.0 / (x * x);
    double tail = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240
                  - f * (1.0 / 132 - f * (691.0 / 32760 - f / 12))))));
    return shift + log(x) - 0.5 / x - tail;
}

double rti_lbeta(double a, double b)
{
    return rti_lgamma(a) + rti_lgamma(b) - rti_lgamma(a + b);
}

double rti_log_add_exp(double u, double v)
{
    double hi = u > v ? u : v;
    double lo = u > v ? v : u;
    if (hi == -HUGE_VAL)
        return -HUGE_VAL;
    return hi + log1p(exp(lo - hi));
}

double rti_logistic_complement(double u)
{
    if (u > 0.0) {
        /* e^-u / (1 + e^-u); e^-u may underflow to 0, which is exact enough. */
        double e = u > 745.0 ? 0.0 : exp(-u);
        return e / (1.0 + e);
    }
    return 1.0 / (1.0 + exp(u));  /* u <= 0: e^u <= 1 */
}

/* Sums sum_{k>=1} t_k with t_1 = first and t_{k+1} = t_k * ratio(k); the
 * ratios tend to z < 1. Stops when a geometric bound on the tail, with the
 * larger of the current ratio and z, is below the rounding of the sum. */
typedef double (*ratio_fn)(const double *p, double k);

static rt_status series(double first, ratio_fn ratio, const double *p, double z,
                        double *out, const char *fn)
{
    double sum = 0.0, term = first;
    for (long k = 1; k <= RTI_SERIES_MAX_TERMS; k++) {
        sum += term;
        if (term == 0.0) {
            *out = sum;
            return RT_OK;
        }
        double rho = ratio(p, (double)k);
        double bound = fmax(fabs(rho), z);
        if (bound < 1.0 && fabs(term) * bound / (1.0 - bound) <= 0.25 * DBL_EPSILON * fabs(sum)) {
            *out = sum;
            return RT_OK;
        }
        term *= rho;
        if (!isfinite(term))
            return rti_fail(RT_ECONVERGE, "%s: hypergeometric series overflowed", fn);
    }
    return rti_fail(RT_ECONVERGE, "%s: hypergeometric series needs more than %ld terms "
                    "(argument %.17g too close to 1)", fn, RTI_SERIES_MAX_TERMS, z);
}

/* 2F1(1, b; c; z) - 1: terms (b)_k / (c)_k z^k; p = {b, c, z}. */
static double ratio_one(const double *p, double k)
{
    return (p[0] + k) / (p[1] + k) * p[2];
}

rt_status rti_hyp2f1_one(double b, double c, double z, double *out, const char *fn)
{
    if (z == 0.0) {
        *out = 1.0;
        return RT_OK;
    }
    const double p[3] = {b, c, z};
    double tail;
    rt_status st = series(b / c * z, ratio_one, p, z, &tail, fn);
    if (st != RT_OK)
        return st;
    *out = 1.0 + tail;
    return RT_OK;
}

/* G's ratio t_{k+1}/t_k = (A+k)(e+k) z / ((C+k)(k+1)); p = {A, e, C, z}. */
static double ratio_bracket(const double *p, double k)
{
    return (p[0] + k) * (p[1] + k) / ((p[2] + k) * (k + 1.0)) * p[3];
}

rt_status rti_bgnbd_bracket(const double params[4], double x, double T, double t,
                            double *out, const char *fn)
{
    double r = params[0], alpha = params[1], a = params[2], b = params[3];
    double C = a + b + x - 1.0;
    if (!(C > 0.0))
        return rti_fail(RT_EUNDEFINED, "%s: a + b + x = %g <= 1: the closed form does not "
                        "apply", fn, a + b + x);
    if (t == 0.0) {
        *out = 0.0;
        return RT_OK;
    }
    double e = a - 1.0;
    double A = a + b - 1.0 - r;
    double s = alpha + T;
    double z = t / (s + t);
    double log_w = -log1p(t / s);           /* ln(1 - z) */
    double first = e != 0.0 ? -expm1(e * log_w) / e : -log_w;
    double w_e = exp(e * log_w);
    const double p[4] = {A, e, C, z};
    double G;
    rt_status st = series(A * z / C, ratio_bracket, p, z, &G, fn);
    if (st != RT_OK)
        return st;
    double v = C * (first - w_e * G);
    *out = v > 0.0 ? v : 0.0;  /* an expectation of a count: never negative */
    return RT_OK;
}
