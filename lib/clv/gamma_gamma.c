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

static double log_likelihood(const double par[3], const rti_gg_data *d)
{
    double p = par[0], q = par[1], g = par[2];
    double lg_q = rti_lgamma(q), log_g = log(g);
    double sum = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->x[i] == 0)
            continue;
        double x = (double)d->x[i], m = d->m[i], px = p * x;
        sum += rti_lgamma(px + q) - rti_lgamma(px) - lg_q + q * log_g + px * log(x)
               + (px - 1.0) * log(m) - (px + q) * log(g + x * m);
    }
    return sum;
}

double rti_gamma_gamma_negative_ll(const double *theta, void *ctx)
{
    double par[3];
    for (size_t i = 0; i < 3; i++) {
        par[i] = exp(theta[i]);
        if (!(par[i] > 0.0 && isfinite(par[i])))
            return HUGE_VAL;
    }
    return -log_likelihood(par, ctx);
}

/* Gradient of -LL with respect to ln p, ln q, ln gamma. */
void rti_gamma_gamma_negative_ll_gradient(const double *theta, void *ctx, double *grad)
{
    const rti_gg_data *d = ctx;
    double p = exp(theta[0]), q = exp(theta[1]), g = exp(theta[2]);
    double psi_q = rti_digamma(q), log_g = log(g);
    double dp = 0.0, dq = 0.0, dg = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->x[i] == 0)
            continue;
        double x = (double)d->x[i], m = d->m[i], px = p * x;
        double psi_pxq = rti_digamma(px + q), l_gxm = log(g + x * m);
        dp += x * (psi_pxq - rti_digamma(px) + log(x) + log(m) - l_gxm);
        dq += psi_pxq - psi_q + log_g - l_gxm;
        dg += q / g - (px + q) / (g + x * m);
    }
    grad[0] = -p * dp;
    grad[1] = -q * dq;
    grad[2] = -g * dg;
}

rt_status rt_gamma_gamma_log_likelihood(const double params[3], const uint64_t *x,
                                        const double *mean_spend, size_t n, double *ll)
{
    static const char fn[] = "rt_gamma_gamma_log_likelihood";
    RTI_TRY(rti_check_params(params, 3, names, fn));
    RTI_TRY(rti_check_out(ll, fn, "ll"));
    size_t buyers;
    RTI_TRY(check_data(x, mean_spend, n, &buyers, fn));
    rti_gg_data d = {x, mean_spend, n};
    *ll = log_likelihood(params, &d);
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
    rti_gg_data d = {x, mean_spend, n};
    return rti_fit_run(rti_gamma_gamma_negative_ll, rti_gamma_gamma_negative_ll_gradient, &d, 3, &opts, start, report, fn);
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
    double px = p * (double)x;
    double w = px / (px + q - 1.0);  /* weight of the customer's own mean */
    *e = (1.0 - w) * (p * g / (q - 1.0)) + (x == 0 ? 0.0 : w * mean_spend);
    return RT_OK;
}
