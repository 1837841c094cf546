/* Log-space helpers and the hypergeometric series of the CLV models. */
#define _DEFAULT_SOURCE  /* lgamma_r, where the C library has it */
#include "clv/special.h"

#include <float.h>
#include <math.h>

#include "clv/quadrature.h"
#include "core/check.h"
#include "core/error.h"

/* Callers choose the series where it needs a few thousand terms; the cap
 * bounds a call to about a millisecond whatever the arguments. */
#define RTI_SERIES_MAX_TERMS 100000L

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

/* Stirling's series of ln Gamma(x) - (x - 1/2) ln x + x - ln(2 pi)/2 for
 * x >= 10 (A&S 6.1.41): the first omitted term is below 4e-17. */
static double stirling_tail(double x)
{
    double f = 1.0 / (x * x);
    return (1.0 / 12 - f * (1.0 / 360 - f * (1.0 / 1260 - f * (1.0 / 1680 - f * (1.0 / 1188
            - f * (691.0 / 360360 - f / 156)))))) / x;
}

/* ln Gamma(x + e) - ln Gamma(x) for x >= 10, e >= 0, from Stirling's
 * series with the large logarithms cancelled by hand: each term is
 * computed to its own rounding. */
static double lgamma_ratio_large(double x, double e)
{
    return (x - 0.5) * log1p(e / x) + e * (log(x + e) - 1.0) + (stirling_tail(x + e)
           - stirling_tail(x));
}

double rti_lgamma_ratio(double x, double e)
{
    if (e == 0.0)
        return 0.0;
    if (x >= 10.0)
        return lgamma_ratio_large(x, e);
    if (x + e <= 10.0)
        return rti_lgamma(x + e) - rti_lgamma(x);  /* both logarithms are small */
    /* Step to 10 through the small arguments, then the large form. */
    return rti_lgamma(10.0) - rti_lgamma(x) + lgamma_ratio_large(10.0, (x - 10.0) + e);
}

double rti_lbeta(double a, double b)
{
    /* ln Gamma(small) - (ln Gamma(large + small) - ln Gamma(large)): the
     * large logarithms cancel inside the ratio, not after rounding. */
    double small = a < b ? a : b, large = a < b ? b : a;
    return rti_lgamma(small) - rti_lgamma_ratio(large, small);
}

/* ln B(a, b) - a ln p* - b ln q* with p* = a / (a + b), q* = 1 - p*: the
 * Beta density's normaliser measured from its peak. For a, b >= 10 the
 * x ln x terms of Stirling's series cancel by hand, leaving
 * ln(2 pi (a + b) / (a b)) / 2 and the series' tails; below, the terms are
 * small enough to take directly. */
static double lbeta_at_mode(double a, double b)
{
    if (a >= 10.0 && b >= 10.0)
        return 0.918938533204672742 + 0.5 * (log(a + b) - log(a) - log(b))
               + stirling_tail(a) + stirling_tail(b) - stirling_tail(a + b);
    return rti_lbeta(a, b) + a * log1p(b / a) + b * log1p(a / b);
}

double rti_lbeta_ratio(double a, double b, double e)
{
    /* Gamma(b + e) Gamma(a + b) / (Gamma(b) Gamma(a + b + e)), grouped so
     * that the two ratios taken are the small ones: their rounding is that
     * of min(a, e) times a logarithm. */
    if (e <= a)
        return rti_lgamma_ratio(b, e) - rti_lgamma_ratio(a + b, e);
    return rti_lgamma_ratio(b, a) - rti_lgamma_ratio(b + e, a);
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

/* Whether the tail after term, bounded by term * bound / (1 - bound), is
 * below the rounding of sum; bound < 1 required. Most terms fail the test:
 * they fail it without the division, since dividing by 1 - bound <= 1
 * never makes the rounded quotient smaller than term * bound, so the
 * answer is the one of the division itself. */
static int tail_negligible(double term, double bound, double sum)
{
    double head = fabs(term) * bound, limit = 0.25 * DBL_EPSILON * fabs(sum);
    return !(head > limit) && head / (1.0 - bound) <= limit;
}

static rt_status series(double first, ratio_fn ratio, const double *p, double z,
                        double *out, const char *fn)
{
    double sum = 0.0, term = first;
    /* k counts in a double too (exact: k <= 1e5), saving a conversion a term */
    double kd = 1.0;
    for (long k = 1; k <= RTI_SERIES_MAX_TERMS; k++, kd += 1.0) {
        sum += term;
        if (term == 0.0) {
            *out = sum;
            return RT_OK;
        }
        double rho = ratio(p, kd), size = fabs(rho);
        /* fmax(size, z), inline (libm's is a call per term): z is never
         * NaN, and a NaN size yields z as fmax does. */
        double bound = size > z ? size : z;
        if (bound < 1.0 && tail_negligible(term, bound, sum)) {
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

/* The series is used where its terms fall at once (b <= c) and geometrically
 * fast enough (z <= 0.9: under 400 terms); elsewhere the integral. */
#define SERIES_MAX_Z 0.9

/* ln v^(c-1) (w + z v)^-b at v = e^y; p = {b, c, z, w}. Near v = 1, where
 * the mass is when b is large, w + z v = 1 + z (e^y - 1) is taken as such
 * (its logarithm is then exact); far below, w + z v as written, as w is
 * known to its last digit and 1 - z is not. */
static double log_euler_integrand(const void *ctx, double y)
{
    const double *p = ctx;
    double d = p[2] * expm1(y);
    double log_base = d > -0.5 ? log1p(d) : log(p[3] + p[2] * exp(y));
    return (p[1] - 1.0) * y - p[0] * log_base;
}

/* Euler's integral, with v = 1 - s (A&S 15.3.1):
 *   2F1(1, b; c; z) = (c - 1) int_0^1 v^(c-2) (w + z v)^-b dv,  c > 1.
 * Below v0 = 1e-8 / (1 + (b+1) kappa), kappa = z / w, the binomial's first
 * two terms, w^-b v^(c-2) (1 - b kappa v), give the integral to 1e-16;
 * above, quadrature in ln v. */
static rt_status log_hyp2f1_one_integral(double b, double c, double z, double w, double *out,
                                         const char *fn)
{
    const double p[4] = {b, c, z, w};
    double kappa = z / w;
    double log_v0 = log(1e-8) - log1p((b + 1.0) * kappa);
    double v0 = exp(log_v0);
    double log_head = -b * log(w) + (c - 1.0) * log_v0
                      + log(1.0 / (c - 1.0) - b * kappa * v0 / c);
    double rest;
    RTI_TRY(rti_log_integral(log_euler_integrand, p, log_v0, 0.0, &rest, fn));
    *out = log(c - 1.0) + rti_log_add_exp(log_head, rest);
    return RT_OK;
}

rt_status rti_log_hyp2f1_one(double b, double c, double z, double w, double *out,
                             const char *fn)
{
    if (z == 0.0) {
        *out = 0.0;
        return RT_OK;
    }
    /* The series' ratio (b+k) z / (c+k) stays under 1/2 for the first 100
     * terms when c >= 2b + 100, whatever z: then it converges at once (a
     * Pareto/NBD fit that drove c to 2e9 took 17 ms a row by the integral,
     * whose peak is 1/c wide). */
    int series_is_fast = c >= 2.0 * b + 100.0;
    if (c > 1.0 && (z > SERIES_MAX_Z || b > c) && !series_is_fast)
        return log_hyp2f1_one_integral(b, c, z, w, out, fn);
    const double p[3] = {b, c, z};
    double tail = 0.0;  /* set by series() when it succeeds; gcc -O3 cannot tell */
    RTI_TRY(series(b / c * z, ratio_one, p, z, &tail, fn));
    *out = log1p(tail);
    return RT_OK;
}

rt_status rti_hyp2f1_one(double b, double c, double z, double *out, const char *fn)
{
    double l;
    RTI_TRY(rti_log_hyp2f1_one(b, c, z, 1.0 - z, &l, fn));
    *out = exp(l);
    return RT_OK;
}

/* G's ratio t_{k+1}/t_k = (A+k)(e+k) z / ((C+k)(k+1)); p = {A, e, C, z}. */
static double ratio_bracket(const double *p, double k)
{
    return (p[0] + k) * (p[1] + k) / ((p[2] + k) * (k + 1.0)) * p[3];
}

/* The bracket's series: all terms of one sign, under 4,000 of them and no
 * overflow where A >= 0, C >= 1, a <= 100 and z <= 0.99; its two parts
 * cancel to about C / (r + x) of their size, which loses under 3 digits
 * (measured: 2e-13 relative against the integral over 66,000 random
 * cases) where that is at most 30. */
static int series_fits(double A, double C, double a, double z, double m)
{
    return A >= 0.0 && C >= 1.0 && a <= 100.0 && z <= 0.99 && C <= 30.0 * m;
}

static rt_status bracket_series(double r, double alpha, double a, double b, double x,
                                double T, double t, double *out, const char *fn)
{
    double C = a + b + x - 1.0, e = a - 1.0, A = a + b - 1.0 - r;
    double s = alpha + T;
    double z = t / (s + t);
    double log_w = -log1p(t / s);           /* ln(1 - z) */
    double first = e != 0.0 ? -expm1(e * log_w) / e : -log_w;
    double w_e = exp(e * log_w);
    const double p[4] = {A, e, C, z};
    double G = 0.0;  /* likewise */
    RTI_TRY(series(A * z / C, ratio_bracket, p, z, &G, fn));
    double v = C * (first - w_e * G);
    *out = v > 0.0 ? v : 0.0;  /* an expectation of a count: never negative */
    return RT_OK;
}

/* The bracket as an integral over the dropout probability p ~ Beta(a, b+x),
 * the purchase rate integrated out (FHL 2005, eq. 9 before its 2F1):
 *   int_0^1 h(p) p^(a-1) (1-p)^(b+x-1) dp / B(a, b+x),
 *   h(p) = (1 - (1 + p u)^-m) / p,  m = r + x,  u = t / (alpha + T),
 * E[(1 - e^(-lambda p t)) / p], valid for all a, b > 0. In y = logit p the
 * integrand h p^a (1-p)^(b+x) is smooth and unimodal; ctx = {a, b+x, m, ln u}. */
static double log_bracket_integrand(const void *ctx, double y)
{
    const double *p = ctx;
    double log_p = rti_log_logistic(y), log_q = rti_log_logistic(-y);
    double log_v = log_p + p[3];  /* ln(p u) */
    /* ln(1 - (1 + v)^-m) = ln(m v) to 1e-300 where v < 1e-300 */
    double log_n = log_v < -690.0 ? log(p[2]) + log_v
                                  : log(-expm1(-p[2] * log1p(exp(log_v))));
    return log_n + (p[0] - 1.0) * log_p + p[1] * log_q;
}

/* The same integrand for a large a + b + x, where the Beta density is a
 * narrow peak whose logarithm, near -(a + b) ln 2, cannot be differenced
 * against ln B(a, b + x) in doubles (at a = b = 1e14 the expectation came
 * out 19 % high): measured from the density's mode p* = a / (a + b + x), in
 * s = y - logit p*, with a ln(p/p*) + (b+x) ln(q/q*) taken as log1p's of
 * small arguments. ctx = {a, b+x, m, ln u, logit p*, p*, q*}. */
static double log_peak_integrand(const void *ctx, double s)
{
    const double *k = ctx;
    double log_p = rti_log_logistic(k[4] + s);
    double log_v = log_p + k[3];
    double log_n = log_v < -690.0 ? log(k[2]) + log_v
                                  : log(-expm1(-k[2] * log1p(exp(log_v))));
    double shape = -k[0] * log1p(k[6] * expm1(-s)) - k[1] * log1p(k[5] * expm1(s));
    return log_n - log_p + shape;
}

/* The middle part of the bracket's integral, over y in [lo, hi], divided by
 * B(a, b+x): from the mode when a + b + x is large (above, the rounding of
 * the plain form's logarithms, about (a + b + x) 1e-16, would exceed 1e-12). */
static rt_status bracket_middle(const double p[4], double lo, double hi, double lb,
                                double *out, const char *fn)
{
    double a = p[0], bx = p[1], middle;
    if (a + bx <= 1e4) {
        RTI_TRY(rti_log_integral(log_bracket_integrand, p, lo, hi, &middle, fn));
        *out = exp(middle - lb);
        return RT_OK;
    }
    double y_mode = log(a) - log(bx);
    const double k[7] = {a, bx, p[2], p[3], y_mode, a / (a + bx), bx / (a + bx)};
    RTI_TRY(rti_log_integral(log_peak_integrand, k, lo - y_mode, hi - y_mode, &middle, fn));
    *out = exp(middle - lbeta_at_mode(a, bx));
    return RT_OK;
}

/* Near p = 0 and p = 1 the integrand is a power times a smooth factor whose
 * first two Taylor terms give those ends' pieces to 1e-16 (the cut points
 * are 1e-8 over the factor's scale); quadrature takes the middle. */
static rt_status bracket_integral(double r, double alpha, double a, double b, double x,
                                  double T, double t, double *out, const char *fn)
{
    double m = r + x, bx = b + x;
    double log_u = log(t) - log(alpha + T), u = exp(log_u);
    double lb = rti_lbeta(a, bx);
    /* p < p0: h(p) (1-p)^(bx-1) = m u (1 - ((bx-1) + (m+1) u / 2) p + O(p^2)). */
    double log_p0 = log(1e-8) - rti_log_add_exp(log(2.0 + bx), log(m + 2.0) + log_u);
    double p0 = exp(log_p0), up0 = exp(log_u + log_p0);
    double head = exp(log(m) + log_u + a * log_p0 - lb)
                  * (1.0 / a - ((bx - 1.0) * p0 + 0.5 * (m + 1.0) * up0) / (a + 1.0));
    /* 1 - p = q < q0: (1-q)^(a-1) h(1-q) = h1 + f1 q + O(q^2). */
    double log_q0 = log(1e-8) - log(2.0 + a + (m + 2.0) * fmin(u, 1.0));
    double q0 = exp(log_q0);
    double h1 = -expm1(-m * log1p(u));
    double f1 = (2.0 - a) * h1 - m * exp(log_u - (m + 1.0) * log1p(u));
    double tail = exp(bx * log_q0 - lb) * (h1 / bx + f1 * q0 / (bx + 1.0));
    const double p[4] = {a, bx, m, log_u};
    double middle;
    RTI_TRY(bracket_middle(p, log_p0 - log1p(-p0), log1p(-q0) - log_q0, lb, &middle, fn));
    double v = head + middle + tail;
    if (!isfinite(v))
        return rti_fail(RT_ERANGE, "%s: the expected number of purchases overflows a double",
                        fn);
    *out = v;
    return RT_OK;
}

rt_status rti_bgnbd_bracket(const double params[4], double x, double T, double t,
                            double *out, const char *fn)
{
    double r = params[0], alpha = params[1], a = params[2], b = params[3];
    if (t == 0.0) {
        *out = 0.0;
        return RT_OK;
    }
    double z = t / (alpha + T + t);
    if (series_fits(a + b - 1.0 - r, a + b + x - 1.0, a, z, r + x))
        return bracket_series(r, alpha, a, b, x, T, t, out, fn);
    return bracket_integral(r, alpha, a, b, x, T, t, out, fn);
}
