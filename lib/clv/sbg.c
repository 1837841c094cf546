/* Shifted-beta-geometric model of contractual retention (Fader & Hardie
 * 2007, "How to project customer retention"; DERL: Fader & Hardie 2010).
 * Params: alpha, beta. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "clv/fit.h"
#include "clv/objectives.h"
#include "clv/params.h"
#include "clv/special.h"
#include "core/check.h"
#include "core/error.h"

/* Horizons up to this many periods multiply the per-period retention rates
 * (exact to rounding); longer ones use log-betas. */
enum { SBG_SURVIVAL_PRODUCT_MAX = 1024 };

static const char *const names[2] = {"alpha", "beta"};

/* Cohorts well formed; *identifiable says whether both parameters are. */
static rt_status check_data(const rti_sbg_data *d, int *identifiable, const char *fn)
{
    if (d->survivors == NULL || d->lengths == NULL)
        return rti_fail(RT_EINVAL, "%s: %s is NULL", fn,
                        d->survivors == NULL ? "survivors" : "lengths");
    if (d->n_cohorts == 0)
        return rti_fail(RT_EINVAL, "%s: n_cohorts is 0", fn);
    size_t at = 0;
    uint64_t churned = 0;
    size_t longest = 0;
    for (size_t c = 0; c < d->n_cohorts; c++) {
        size_t len = d->lengths[c];
        if (len == 0)
            return rti_fail(RT_EINVAL, "%s: lengths[%zu] is 0", fn, c);
        const uint64_t *s = d->survivors + at;
        if (s[0] == 0)
            return rti_fail(RT_EINVAL, "%s: cohort %zu starts with 0 customers", fn, c);
        for (size_t t = 1; t < len; t++) {
            if (s[t] > s[t - 1])
                return rti_fail(RT_EINVAL, "%s: cohort %zu grows from %llu to %llu at period "
                                "%zu: survivors must not increase", fn, c,
                                (unsigned long long)s[t - 1], (unsigned long long)s[t], t);
        }
        churned |= s[0] - s[len - 1];
        longest = len > longest ? len : longest;
        at += len;
    }
    *identifiable = churned != 0 && longest >= 3;
    return RT_OK;
}

/* Beta-function ratios through rti_lbeta_ratio(): differences of ln B
 * lose ~1e-16 ln Gamma(b + t) absolute, 1e-5 at t = 2^32. */
static double log_likelihood(const double par[2], const rti_sbg_data *d)
{
    double a = par[0], b = par[1];
    double log_first = log(a) - log(a + b);  /* B(a + 1, b) / B(a, b) */
    double sum = 0.0;
    size_t at = 0;
    for (size_t c = 0; c < d->n_cohorts; c++) {
        const uint64_t *s = d->survivors + at;
        size_t len = d->lengths[c];
        /* b + (t - 1), not (b + t) - 1, which loses a tiny b: beta = 1e-320
         * made the log-likelihood +inf (fuzz/corpus/api/sbg-tiny-beta). */
        for (size_t t = 1; t < len; t++) {
            uint64_t lost = s[t - 1] - s[t];
            if (lost > 0)  /* P(T = t) = B(a + 1, b + t - 1) / B(a, b) */
                sum += (double)lost * (log_first + rti_lbeta_ratio(a + 1.0, b, (double)(t - 1)));
        }
        if (len > 1 && s[len - 1] > 0)  /* S(len - 1) = B(a, b + len - 1) / B(a, b) */
            sum += (double)s[len - 1] * rti_lbeta_ratio(a, b, (double)(len - 1));
        at += len;
    }
    return sum;
}

/* Gradient of -LL with respect to ln alpha, ln beta (digamma differences of
 * the beta functions). */
static void gradient(const double par[2], const rti_sbg_data *d, double *g)
{
    double a = par[0], b = par[1];
    double base_a = rti_digamma(a) - rti_digamma(a + b);
    double base_b = rti_digamma(b) - rti_digamma(a + b);
    double psi_a1 = rti_digamma(a + 1.0), psi_a = rti_digamma(a);
    double da = 0.0, db = 0.0;
    size_t at = 0;
    for (size_t c = 0; c < d->n_cohorts; c++) {
        const uint64_t *s = d->survivors + at;
        size_t len = d->lengths[c];
        for (size_t t = 1; t < len; t++) {
            double lost = (double)(s[t - 1] - s[t]), td = (double)t;
            if (lost == 0.0)
                continue;
            double psi_abt = rti_digamma(a + b + td);
            da += lost * (psi_a1 - psi_abt - base_a);
            db += lost * (rti_digamma(b + (double)(t - 1)) - psi_abt - base_b);
        }
        if (len > 1 && s[len - 1] > 0) {
            double n = (double)s[len - 1], L = (double)(len - 1);
            double psi_abl = rti_digamma(a + b + L);
            da += n * (psi_a - psi_abl - base_a);
            db += n * (rti_digamma(b + L) - psi_abl - base_b);
        }
        at += len;
    }
    g[0] = -a * da;
    g[1] = -b * db;
}

double rti_sbg_negative_ll(const double *theta, void *ctx, double *g)
{
    double par[2];
    if (!rti_params_from_log(theta, 2, par))
        return HUGE_VAL;
    if (g != NULL)
        gradient(par, ctx, g);
    return -log_likelihood(par, ctx);
}

rt_status rt_sbg_log_likelihood(const double params[2], const uint64_t *survivors,
                                const size_t *lengths, size_t n_cohorts, double *ll)
{
    static const char fn[] = "rt_sbg_log_likelihood";
    RTI_TRY(rti_check_params(params, 2, names, fn));
    RTI_TRY(rti_check_out(ll, fn, "ll"));
    rti_sbg_data d = {survivors, lengths, n_cohorts};
    int identifiable;
    RTI_TRY(check_data(&d, &identifiable, fn));
    *ll = log_likelihood(params, &d);
    return RT_OK;
}

rt_status rt_sbg_fit(const uint64_t *survivors, const size_t *lengths, size_t n_cohorts,
                     const rt_fit_options *options, rt_fit_report *report)
{
    static const char fn[] = "rt_sbg_fit";
    rt_fit_options opts;
    RTI_TRY(rti_fit_begin(options, 2, report, &opts, fn));
    rti_sbg_data d = {survivors, lengths, n_cohorts};
    int identifiable;
    RTI_TRY(check_data(&d, &identifiable, fn));
    if (!identifiable)
        return rti_fail(RT_EUNDEFINED, "%s: alpha and beta are not identifiable: nobody "
                        "churned, or no cohort spans 3 or more periods", fn);
    const double start[2] = {1.0, 1.0};
    const rti_problem problem = {rti_sbg_negative_ll, &d, 2, 1};
    return rti_fit_run(&problem, &opts, start, report, fn);
}

rt_status rt_sbg_survival(const double params[2], uint32_t t, double *s)
{
    static const char fn[] = "rt_sbg_survival";
    RTI_TRY(rti_check_params(params, 2, names, fn));
    RTI_TRY(rti_check_out(s, fn, "s"));
    double a = params[0], b = params[1];
    /* B(a, b + t) / B(a, b), to about 1e-15 relative for every t. */
    double v = exp(rti_lbeta_ratio(a, b, (double)t));
    *s = v > 1.0 ? 1.0 : v;
    return RT_OK;
}

rt_status rt_sbg_retention_rate(const double params[2], uint32_t t, double *r)
{
    static const char fn[] = "rt_sbg_retention_rate";
    RTI_TRY(rti_check_params(params, 2, names, fn));
    RTI_TRY(rti_check_out(r, fn, "r"));
    if (t == 0)
        return rti_fail(RT_EINVAL, "%s: period t is 0; retention rates start at t = 1", fn);
    double a = params[0], b = params[1], previous = (double)(t - 1);
    *r = (b + previous) / (a + b + previous);
    return RT_OK;
}

rt_status rt_sbg_derl(const double params[2], double discount, uint32_t renewals, double *derl)
{
    static const char fn[] = "rt_sbg_derl";
    RTI_TRY(rti_check_params(params, 2, names, fn));
    RTI_TRY(rti_check_out(derl, fn, "derl"));
    if (!(discount > 0.0 && isfinite(discount)))
        return rti_fail(RT_EINVAL, "%s: discount %g must be finite and > 0", fn, discount);
    double a = params[0], b = params[1], n = (double)renewals;
    double log_f;
    RTI_TRY(rti_log_hyp2f1_one(b + n + 1.0, a + b + n + 1.0, 1.0 / (1.0 + discount),
                               discount / (1.0 + discount), &log_f, fn));
    double v = (b + n) / (a + b + n) * exp(log_f);
    if (!isfinite(v))
        return rti_fail(RT_ERANGE, "%s: DERL overflows a double (discount %g)", fn, discount);
    *derl = v;
    return RT_OK;
}
