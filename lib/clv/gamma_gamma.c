/* Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: Using
 * iso-value curves for customer base analysis"; Colombo & Jiang 1999).
 * Params: p, q, gamma. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "clv/fit.h"
#include "clv/objectives.h"
#include "clv/params.h"
#include "clv/special.h"
#include "core/check.h"
#include "core/error.h"

static const char *const names[3] = {"p", "q", "gamma"};

/* Spends finite and >= 0, > 0 where x > 0; counts the customers with x > 0. */
static rt_status check_data(const uint64_t *x, const double *m, size_t n, size_t *buyers,
                            const char *fn)
{
    if (n > 0 && (x == NULL || m == NULL))
        return rti_fail(RT_EINVAL, "%s: %s is NULL", fn, x == NULL ? "x" : "mean_spend");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(m[i] >= 0.0 && isfinite(m[i])))
            return rti_fail(RT_EINVAL, "%s: mean_spend[%zu] = %g must be finite and >= 0",
                            fn, i, m[i]);
        if (x[i] > 0) {
            if (m[i] == 0.0)
                return rti_fail(RT_EINVAL, "%s: mean_spend[%zu] is 0 but x = %llu > 0", fn, i,
                                (unsigned long long)x[i]);
            k++;
        }
    }
    if (k == 0)
        return rti_fail(RT_EUNDEFINED, "%s: no customer has x > 0: nothing to fit", fn);
    *buyers = k;
    return RT_OK;
}

void rti_gg_data_init(rti_gg_data *d, const uint64_t *x, const double *m, size_t n)
{
    *d = (rti_gg_data){.x = x, .m = m, .n = n};
    for (size_t i = 0; i < n; i++) {
        if (x[i] == 0)
            continue;
        double xd = (double)x[i];
        d->buyers += 1.0;
        d->max_x = xd > d->max_x ? xd : d->max_x;
        d->sum_x_log_xm += xd * log(xd * m[i]);
        d->sum_log_m += log(m[i]);
    }
}

/* The terms of a customer's likelihood and gradient that depend on the
 * parameters and x only: computed once per distinct x (a few dozen), not
 * once per customer. */
typedef struct x_terms {
    double lgamma_diff;   /* ln G(px+q) - ln G(px) */
    double psi_pxq;       /* psi(px+q) */
    double psi_diff;      /* psi(px+q) - psi(px) */
    int ready;
} x_terms;

enum { CACHED_X = 64 };

static const x_terms *terms_of(double p, double q, uint64_t x, int with_psi,
                               x_terms cache[CACHED_X], x_terms *spare)
{
    x_terms *t = x < CACHED_X ? &cache[x] : spare;
    if (x < CACHED_X && t->ready)
        return t;
    double px = p * (double)x;
    t->lgamma_diff = rti_lgamma(px + q) - rti_lgamma(px);
    if (with_psi) {
        t->psi_pxq = rti_digamma(px + q);
        t->psi_diff = t->psi_pxq - rti_digamma(px);
    }
    t->ready = 1;
    return t;
}

/* Beyond this p x or q the closed form below loses digits to cancellation
 * (terms of size q ln gamma that cancel to O(1)): the customers are then
 * summed one by one in the cancellation-free forms of log_density(). */
#define LARGE_SHAPE 1e4
/* From here on Stirling's series with terms to x^-13 is exact to 1e-17. */
#define STIRLING_MIN 10.0

/* ln G(x) - [(x - 1/2) ln x - x + ln(2 pi) / 2] for x >= STIRLING_MIN
 * (Abramowitz & Stegun 6.1.41). */
static double stirling_tail(double x)
{
    double f = 1.0 / (x * x);
    return (1.0 / 12 - f * (1.0 / 360 - f * (1.0 / 1260 - f * (1.0 / 1680 - f * (1.0 / 1188
            - f * (691.0 / 360360 - f / 156)))))) / x;
}

/* ln G(b + s) - ln G(b) for b >= STIRLING_MIN, s > 0, without subtracting
 * two logarithms of size b ln b. */
static double lgamma_shift(double b, double s)
{
    return (b - 0.5) * log1p(s / b) + s * log(b + s) - s + stirling_tail(b + s)
           - stirling_tail(b);
}

/* ln(1 + y) - y without cancellation for small |y| (its series). */
static double log1p_minus(double y)
{
    if (fabs(y) >= 0.5)
        return log1p(y) - y;
    double term = y, sum = 0.0;  /* terms (-1)^(k+1) y^k / k from k = 2 */
    for (int k = 2; k < 120; k++) {
        term *= -y;
        double add = term / k;
        sum += add;
        if (fabs(add) <= 0x1p-60 * fabs(sum))
            break;
    }
    return sum;
}

/* ln f of one customer, u = p x, xm = x m, in forms without cancellation:
 *   ln f = -ln B(u, q) - q ln(1 + xm/g) - u ln(1 + g/xm) - ln m.
 * With u and q both large, Stirling's series turns -ln B(u, q) - ... into
 *   -ln(2 pi)/2 - ln(1/u + 1/q)/2 - ln m + u l(D / (u S)) + q l(-D / (q S))
 *   + w(u + q) - w(u) - w(q),
 * S = g + xm, D = q xm - u g (an exact product difference, by fma),
 * l(y) = ln(1 + y) - y and w the Stirling tail: the terms linear in D, of
 * size u and q, cancel exactly in l. */
static double log_density(double u, double q, double g, double xm, double m)
{
    if (u >= STIRLING_MIN && q >= STIRLING_MIN) {
        double s = g + xm, ug = u * g, ug_low = fma(u, g, -ug);
        double d = fma(q, xm, -ug) - ug_low;
        return -0.918938533204672742 - 0.5 * log(1.0 / u + 1.0 / q) - log(m)
               + u * log1p_minus(d / (u * s)) + q * log1p_minus(-d / (q * s))
               + stirling_tail(u + q) - stirling_tail(u) - stirling_tail(q);
    }
    double minus_lbeta;
    if (u >= STIRLING_MIN)
        minus_lbeta = lgamma_shift(u, q) - rti_lgamma(q);
    else if (q >= STIRLING_MIN)
        minus_lbeta = lgamma_shift(q, u) - rti_lgamma(u);
    else
        minus_lbeta = -rti_lbeta(u, q);
    return minus_lbeta - q * log1p(xm / g) - u * log1p(g / xm) - log(m);
}

/* ln L summed customer by customer with log_density(), for large shapes. */
static double log_likelihood_large(const double par[3], const rti_gg_data *d)
{
    double ll = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->x[i] == 0)
            continue;
        double x = (double)d->x[i];
        ll += log_density(par[0] * x, par[1], par[2], x * d->m[i], d->m[i]);
    }
    return ll;
}

/* ln L of the repeat buyers, each
 *   ln G(px+q) - ln G(px) - ln G(q) + q ln g + px ln(x m) - ln m - (px+q) ln(g + x m),
 * the data-only sums taken from d; with grad, also dLL/d(p, q, g). */
static double log_likelihood(const double par[3], const rti_gg_data *d, double *grad)
{
    double p = par[0], q = par[1], g = par[2];
    x_terms cache[CACHED_X] = {{0}}, spare;
    double lgamma_sum = 0.0, log_sum = 0.0, x_log_sum = 0.0;
    double plain_log_sum = 0.0, psi_sum = 0.0, x_psi_sum = 0.0, ratio_sum = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->x[i] == 0)
            continue;
        const x_terms *t = terms_of(p, q, d->x[i], grad != NULL, cache, &spare);
        double x = (double)d->x[i], px = p * x, gxm = g + x * d->m[i], l = log(gxm);
        lgamma_sum += t->lgamma_diff;
        log_sum += (px + q) * l;
        if (grad == NULL)
            continue;
        plain_log_sum += l;
        x_log_sum += x * l;
        psi_sum += t->psi_pxq;
        x_psi_sum += x * t->psi_diff;
        ratio_sum += (px + q) / gxm;
    }
    double k = d->buyers, log_g = log(g);
    double closed_form = lgamma_sum - k * rti_lgamma(q) + k * q * log_g + p * d->sum_x_log_xm
                         - d->sum_log_m - log_sum;
    if (q >= LARGE_SHAPE || p * d->max_x >= LARGE_SHAPE)
        closed_form = log_likelihood_large(par, d);
    if (grad != NULL) {
        grad[0] = x_psi_sum + d->sum_x_log_xm - x_log_sum;
        grad[1] = psi_sum - k * rti_digamma(q) + k * log_g - plain_log_sum;
        grad[2] = k * q / g - ratio_sum;
    }
    return closed_form;
}

double rti_gamma_gamma_negative_ll(const double *theta, void *ctx, double *g)
{
    double par[3], grad[3];
    if (!rti_params_from_log(theta, 3, par))
        return HUGE_VAL;
    double ll = log_likelihood(par, ctx, g != NULL ? grad : NULL);
    for (size_t i = 0; g != NULL && i < 3; i++)
        g[i] = -par[i] * grad[i];  /* chain rule: d/d ln p = p d/dp */
    return -ll;
}

rt_status rt_gamma_gamma_log_likelihood(const double params[3], const uint64_t *x,
                                        const double *mean_spend, size_t n, double *ll)
{
    static const char fn[] = "rt_gamma_gamma_log_likelihood";
    RTI_TRY(rti_check_params(params, 3, names, fn));
    RTI_TRY(rti_check_out(ll, fn, "ll"));
    size_t buyers;
    RTI_TRY(check_data(x, mean_spend, n, &buyers, fn));
    rti_gg_data d;
    rti_gg_data_init(&d, x, mean_spend, n);
    *ll = log_likelihood(params, &d, NULL);
    return RT_OK;
}

rt_status rt_gamma_gamma_fit(const uint64_t *x, const double *mean_spend, size_t n,
                             const rt_fit_options *options, rt_fit_report *report)
{
    static const char fn[] = "rt_gamma_gamma_fit";
    rt_fit_options opts;
    RTI_TRY(rti_fit_begin(options, 3, report, &opts, fn));
    size_t buyers;
    RTI_TRY(check_data(x, mean_spend, n, &buyers, fn));
    double mean = 0.0;
    for (size_t i = 0; i < n; i++)
        if (x[i] > 0)
            mean += mean_spend[i] / (double)buyers;
    /* Start: p = 1, q = 2, so that the population mean p gamma / (q - 1) is the sample's. */
    const double start[3] = {1.0, 2.0, mean};
    rti_gg_data d;
    rti_gg_data_init(&d, x, mean_spend, n);
    const rti_problem problem = {rti_gamma_gamma_negative_ll, &d, 3, 1};
    return rti_fit_run(&problem, &opts, start, report, fn);
}

rt_status rt_gamma_gamma_expected_spend(const double params[3], uint64_t x, double mean_spend,
                                        double *e)
{
    static const char fn[] = "rt_gamma_gamma_expected_spend";
    RTI_TRY(rti_check_params(params, 3, names, fn));
    RTI_TRY(rti_check_nonnegative(mean_spend, fn, "mean_spend"));
    RTI_TRY(rti_check_out(e, fn, "e"));
    double p = params[0], q = params[1], g = params[2];
    if (!(q > 1.0))
        return rti_fail(RT_EUNDEFINED, "%s: q = %g <= 1: the population mean spend "
                        "p gamma / (q - 1) is infinite, so the expectation is undefined", fn, q);
    if (x == 0) {
        *e = p * g / (q - 1.0);  /* the population mean */
        return RT_OK;
    }
    /* w = p x / (p x + q - 1) weighs the customer's own mean, 1 - w the
     * population's; written so that a huge p x gives w = 1, not inf / inf
     * (p = 1e300 gave NaN: fuzz/corpus/api/gamma-gamma-spend-huge-p). */
    double xd = (double)x, shrink = (q - 1.0) / p;
    double w = 1.0 / (1.0 + shrink / xd);
    *e = g / (xd + shrink) + w * mean_spend;
    return RT_OK;
}
