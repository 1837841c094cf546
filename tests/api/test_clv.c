/* The CLV models against their published fits (Fader, Hardie & Lee 2005 on
 * CDNOW; Fader & Hardie 2007 on the Berry & Linoff retention data; see
 * tests/data/README.md), predictions against independent computations
 * written here (quadrature over the mixing distributions, sums of the
 * model's own probabilities), extreme customers under trapping floating-
 * point exceptions, and refusals of bad input. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assert_close.h"
#include "failalloc.h"
#include "retention.h"
#include "testdata.h"

#define UNTOUCHED 12345.0

static cdnow_data cdnow;
static rt_rfm *cdnow_rfm;

/* The published CDNOW BG/NBD estimates (FHL 2005, Table / tests/data/README.md). */
static const double bgnbd_published[4] = {0.243, 4.414, 0.793, 2.426};

static rt_fit_report fresh_report(void)
{
    rt_fit_report r;
    assert_int_equal(rt_fit_report_init(&r, sizeof r), RT_OK);
    return r;
}

/* ---- fits against published estimates ---- */

static void bgnbd_fit_matches_fader_hardie_lee_on_cdnow(void **state)
{
    (void)state;
    rt_fit_options o;
    assert_int_equal(rt_fit_options_init(&o, sizeof o), RT_OK);
    o.compute_std_errors = 1;
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_bgnbd_fit(cdnow_rfm, &o, &r), RT_OK);
    assert_int_equal(r.n_params, 4);
    assert_int_equal(r.converged, 1);
    /* FHL 2005: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, printed to 3
     * decimals: within 1e-3 relative, or half a unit of the last printed digit
     * (0.0005) where rounding alone exceeds that (r: 0.0005 / 0.243 = 2e-3). */
    for (size_t i = 0; i < 4; i++)
        assert_close(r.params[i], bgnbd_published[i], 1e-3, 0.0005);
    /* FHL 2005: LL = -9582.4 (published rounded; compare within 0.01 of -9582.43). */
    assert_close(r.log_likelihood, -9582.43, 0.0, 0.01);
    /* Standard errors are positive and smaller than the estimates here. */
    for (size_t i = 0; i < 4; i++) {
        assert_true(r.std_errors[i] > 0.0);
        assert_true(r.std_errors[i] < r.params[i]);
    }
    /* The log-likelihood function agrees with the report at the optimum. */
    double ll = UNTOUCHED;
    assert_int_equal(rt_bgnbd_log_likelihood(r.params, cdnow_rfm, &ll), RT_OK);
    assert_close(ll, r.log_likelihood, 1e-12, 0.0);
    /* Without std errors requested they are 0 (documented). */
    r = fresh_report();
    assert_int_equal(rt_bgnbd_fit(cdnow_rfm, NULL, &r), RT_OK);
    assert_true(r.std_errors[0] == 0.0 && r.std_errors[3] == 0.0);
}

/* The fit allocates a table of the histogram's times through the
 * histogram's allocator: each failure is RT_ENOMEM with the report and the
 * histogram as they were and nothing leaked; then the fit succeeds. */
static void bgnbd_fit_fails_cleanly_without_memory(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_rfm *rfm = NULL;
    rt_rfm_options with_hooks;
    rt_rfm_options_init(&with_hooks, sizeof with_hooks);
    with_hooks.allocator = &hooks;
    assert_int_equal(rt_rfm_new(&with_hooks, &rfm), RT_OK);
    assert_int_equal(rt_rfm_add_many(rfm, cdnow.x, cdnow.t_x, cdnow.T, cdnow.n, NULL), RT_OK);
    size_t rows = rt_rfm_row_count(rfm), held = fa.live, failures = 0;
    for (size_t k = 0;; k++) {
        rt_fit_report r = fresh_report();
        r.params[0] = UNTOUCHED;
        failalloc_arm(&fa, k);
        rt_status st = rt_bgnbd_fit(rfm, NULL, &r);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            assert_close(r.params[0], bgnbd_published[0], 1e-3, 0.0005);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_true(r.params[0] == UNTOUCHED && r.iterations == 0);
        assert_int_equal(rt_rfm_row_count(rfm), rows);
        assert_int_equal(fa.live, held);
        failures++;
    }
    failalloc_disarm(&fa);
    assert_true(failures > 0);
    assert_int_equal(fa.live, held);
    rt_rfm_free(rfm);
    assert_int_equal(fa.live, 0);
}

static void bgnbd_likelihood_of_compressed_equals_per_customer(void **state)
{
    (void)state;
    /* The histogram's likelihood is the sum over customers: build one
     * single-customer histogram per customer and add their likelihoods. */
    double sum = 0.0;
    for (size_t i = 0; i < cdnow.n; i += 7) {
        rt_rfm *one = NULL;
        assert_int_equal(rt_rfm_new(NULL, &one), RT_OK);
        assert_int_equal(rt_rfm_add(one, cdnow.x[i], cdnow.t_x[i], cdnow.T[i], 1), RT_OK);
        double ll;
        assert_int_equal(rt_bgnbd_log_likelihood(bgnbd_published, one, &ll), RT_OK);
        sum += ll;
        rt_rfm_free(one);
    }
    rt_rfm *sub = NULL;
    assert_int_equal(rt_rfm_new(NULL, &sub), RT_OK);
    for (size_t i = 0; i < cdnow.n; i += 7)
        assert_int_equal(rt_rfm_add(sub, cdnow.x[i], cdnow.t_x[i], cdnow.T[i], 1), RT_OK);
    double ll;
    assert_int_equal(rt_bgnbd_log_likelihood(bgnbd_published, sub, &ll), RT_OK);
    assert_close(ll, sum, 1e-12, 0.0);
    rt_rfm_free(sub);
}

static void gamma_gamma_fit_matches_published_on_cdnow(void **state)
{
    (void)state;
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_gamma_gamma_fit(cdnow.x, cdnow.m_x, cdnow.n, NULL, &r), RT_OK);
    assert_int_equal(r.n_params, 3);
    /* FHL 2005 "RFM and CLV" (946 repeat buyers): p = 6.25, q = 3.74, gamma = 15.44. */
    assert_close(r.params[0], 6.25, 0.0, 0.005);
    assert_close(r.params[1], 3.74, 0.0, 0.005);
    assert_close(r.params[2], 15.44, 0.0, 0.005);
    /* Published LL -4055.92 (Fader & Hardie's Gamma-Gamma note, same data). */
    assert_close(r.log_likelihood, -4055.92, 0.0, 0.01);
    /* Customers with x = 0 are ignored: dropping them changes nothing. */
    uint64_t xs[CDNOW_CUSTOMERS];
    double ms[CDNOW_CUSTOMERS];
    size_t k = 0;
    for (size_t i = 0; i < cdnow.n; i++)
        if (cdnow.x[i] > 0)
            xs[k] = cdnow.x[i], ms[k++] = cdnow.m_x[i];
    assert_int_equal(k, 946);  /* tests/data/README.md: 946 customers with x > 0 */
    double ll_all, ll_buyers;
    assert_int_equal(rt_gamma_gamma_log_likelihood(r.params, cdnow.x, cdnow.m_x, cdnow.n, &ll_all), RT_OK);
    assert_int_equal(rt_gamma_gamma_log_likelihood(r.params, xs, ms, k, &ll_buyers), RT_OK);
    assert_close(ll_all, ll_buyers, 1e-14, 0.0);
    assert_close(ll_all, r.log_likelihood, 1e-12, 0.0);
}

static void sbg_fit_matches_fader_hardie_2007(void **state)
{
    (void)state;
    uint64_t regular[16], high_end[16];
    size_t len = sbg_load(regular, high_end);
    assert_int_equal(len, 8);  /* years 0-7 */
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_sbg_fit(regular, &len, 1, NULL, &r), RT_OK);
    assert_int_equal(r.n_params, 2);
    /* Fader & Hardie 2007: regular alpha 0.704, beta 1.182. */
    assert_close(r.params[0], 0.704, 0.0, 0.0005);
    assert_close(r.params[1], 1.182, 0.0, 0.0005);
    r = fresh_report();
    assert_int_equal(rt_sbg_fit(high_end, &len, 1, NULL, &r), RT_OK);
    /* Fader & Hardie 2007: high end alpha 0.668, beta 3.806. */
    assert_close(r.params[0], 0.668, 0.0, 0.0005);
    assert_close(r.params[1], 3.806, 0.0, 0.0005);
    /* Two cohorts fit jointly: the likelihood is the sum of both. */
    uint64_t both[16];
    memcpy(both, regular, len * sizeof *both);
    memcpy(both + len, high_end, len * sizeof *both);
    size_t lens[2] = {len, len};
    double l1, l2, l12;
    assert_int_equal(rt_sbg_log_likelihood(r.params, regular, &len, 1, &l1), RT_OK);
    assert_int_equal(rt_sbg_log_likelihood(r.params, high_end, &len, 1, &l2), RT_OK);
    assert_int_equal(rt_sbg_log_likelihood(r.params, both, lens, 2, &l12), RT_OK);
    assert_close(l12, l1 + l2, 1e-14, 0.0);
    assert_close(l2, r.log_likelihood, 1e-12, 0.0);
}

/* ---- BG/NBD predictions against independent computations ---- */

/* Under valgrind (RT_UNDER_VALGRIND, set by the valgrind test setup) the
 * reference quadratures below, millions of integrand calls a case, check the
 * first case only: the library runs the same code for each case, and the
 * plain and sanitized runs check them all. */
static size_t cases_to_check(size_t all)
{
    return getenv("RT_UNDER_VALGRIND") != NULL ? 1 : all;
}

/* Composite Simpson on [lo, hi] with n (even) intervals. */
typedef double (*fn1)(double u, const double *c);
static double simpson(fn1 f, const double *c, double lo, double hi, int n)
{
    double h = (hi - lo) / n, s = f(lo, c) + f(hi, c);
    for (int i = 1; i < n; i++)
        s += (i % 2 ? 4.0 : 2.0) * f(lo + i * h, c);
    return s * h / 3.0;
}

/* Gamma(r, alpha) mixing, substituted lambda = v^(1/r) so the density's
 * lambda^(r-1) singularity disappears: the normalising constant is omitted
 * (it cancels in every ratio below). c = {r, alpha, x, s}: integrand of
 * lambda^x e^{-s lambda} under the mixing density. */
static double lambda_part(double v, const double *c)
{
    double lam = pow(v, 1.0 / c[0]);
    return pow(lam, c[2]) * exp(-(c[1] + c[3]) * lam);
}

/* Beta(a, b) mixing with p = u^(1/a); c = {a, b, k, m}: p^k (1-p)^m. */
static double p_part(double u, const double *c)
{
    double p = pow(u, 1.0 / c[0]);
    return pow(p, c[2]) * pow(1.0 - p, c[1] - 1.0 + c[3]);
}

/* P(alive | x, t_x, T) = E[(1-p)^x lambda^x e^{-lambda T}] / E[likelihood],
 * each expectation a product of a lambda integral and a p integral. */
static double p_alive_by_quadrature(const double *par, double x, double t_x, double T)
{
    double r = par[0], alpha = par[1], a = par[2], b = par[3];
    double vmax = pow((x + 60.0) / alpha * 4.0, r);
    double c1[4] = {r, alpha, x, T}, c2[4] = {r, alpha, x, t_x};
    double lam1 = simpson(lambda_part, c1, 0.0, vmax, 200000);
    double lam2 = simpson(lambda_part, c2, 0.0, vmax, 200000);
    double d1[4] = {a, b, 0.0, x}, d2[4] = {a, b, 1.0, x - 1.0};
    double p1 = simpson(p_part, d1, 0.0, 1.0, 200000);
    double p2 = simpson(p_part, d2, 0.0, 1.0, 200000);
    return lam1 * p1 / (lam1 * p1 + lam2 * p2);
}

static void p_alive_matches_quadrature(void **state)
{
    (void)state;
    const double *par = bgnbd_published;
    struct { uint64_t x; double t_x, T; } cases[] = {
        {1, 30.0, 38.0}, {2, 30.43, 38.86}, {3, 5.0, 38.0}, {6, 20.0, 32.0},
    };
    for (size_t i = 0; i < cases_to_check(sizeof cases / sizeof cases[0]); i++) {
        double p = UNTOUCHED;
        assert_int_equal(rt_bgnbd_p_alive(par, cases[i].x, cases[i].t_x, cases[i].T, &p), RT_OK);
        double q = p_alive_by_quadrature(par, (double)cases[i].x, cases[i].t_x, cases[i].T);
        assert_close(p, q, 1e-6, 0.0);
    }
    double p;
    assert_int_equal(rt_bgnbd_p_alive(par, 0, 0.0, 38.0, &p), RT_OK);
    assert_close(p, 1.0, 0.0, 0.0);  /* x = 0: never had a chance to drop out */
}

/* Conditional expectation by 2-D quadrature:
 * E[Y(t)|data] = E[(1-p)^x lambda^x e^{-lambda T} (1 - e^{-lambda p t})/p] / E[likelihood]
 * (FHL 2005: E[X(t) | lambda, p, alive] = (1 - e^{-lambda p t}) / p). */
static double cond_by_quadrature(const double *par, double x, double t_x, double T, double t)
{
    double r = par[0], alpha = par[1], a = par[2], b = par[3];
    double vmax = pow((x + 60.0) / alpha * 4.0, r);
    const int nv = 4000, nu = 2000;
    double hv = vmax / nv, hu = 1.0 / nu, num = 0.0;
    for (int i = 0; i <= nv; i++) {
        double wv = (i == 0 || i == nv) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        double lam = pow(i * hv, 1.0 / r);
        double gl = pow(lam, x) * exp(-(alpha + T) * lam);
        if (gl == 0.0)
            continue;
        double inner = 0.0;
        for (int j = 0; j <= nu; j++) {
            double wu = (j == 0 || j == nu) ? 1.0 : (j % 2 ? 4.0 : 2.0);
            double p = pow(j * hu, 1.0 / a);
            double future = p > 0.0 ? -expm1(-lam * p * t) / p : lam * t;
            inner += wu * pow(1.0 - p, b - 1.0 + x) * future;
        }
        num += wv * gl * inner;
    }
    num *= hv * hu / 9.0;
    double c1[4] = {r, alpha, x, T}, c2[4] = {r, alpha, x, t_x};
    double d1[4] = {a, b, 0.0, x}, d2[4] = {a, b, 1.0, x - 1.0};
    double den = simpson(lambda_part, c1, 0.0, vmax, 200000) * simpson(p_part, d1, 0.0, 1.0, 200000);
    if (x > 0)
        den += simpson(lambda_part, c2, 0.0, vmax, 200000) * simpson(p_part, d2, 0.0, 1.0, 200000);
    return num / den;
}

static void conditional_expectation_matches_quadrature(void **state)
{
    (void)state;
    const double *par = bgnbd_published;
    struct { uint64_t x; double t_x, T, t; } cases[] = {
        {2, 30.43, 38.86, 39.0}, {0, 0.0, 38.0, 39.0}, {5, 35.0, 38.0, 10.0},
    };
    for (size_t i = 0; i < cases_to_check(sizeof cases / sizeof cases[0]); i++) {
        double e = UNTOUCHED;
        assert_int_equal(rt_bgnbd_conditional_expected_purchases(par, cases[i].x, cases[i].t_x,
                                                                 cases[i].T, cases[i].t, &e), RT_OK);
        double q = cond_by_quadrature(par, (double)cases[i].x, cases[i].t_x, cases[i].T, cases[i].t);
        assert_close(e, q, 2e-4, 0.0);
    }
    double e;
    assert_int_equal(rt_bgnbd_conditional_expected_purchases(par, 3, 10.0, 20.0, 0.0, &e), RT_OK);
    assert_close(e, 0.0, 0.0, 0.0);
}

static void expected_purchases_is_the_mean_of_the_purchase_distribution(void **state)
{
    (void)state;
    const double ts[] = {1.0, 39.0, 78.0};
    const double other[4] = {0.5, 2.0, 1.0, 3.0};  /* a = 1 exactly: the limit case */
    const double *sets[2] = {bgnbd_published, other};
    for (size_t s = 0; s < 2; s++) {
        for (size_t k = 0; k < 3; k++) {
            double total = 0.0, mean = 0.0;
            for (uint64_t n = 0; n < 3000; n++) {
                double p;
                assert_int_equal(rt_bgnbd_purchase_probability(sets[s], ts[k], n, &p), RT_OK);
                assert_true(p >= 0.0 && p <= 1.0);
                total += p;
                mean += (double)n * p;
            }
            double e;
            assert_int_equal(rt_bgnbd_expected_purchases(sets[s], ts[k], &e), RT_OK);
            assert_close(total, 1.0, 1e-10, 0.0);
            assert_close(e, mean, 1e-9, 0.0);
        }
    }
    /* The new-customer expectation is the x = 0, T -> 0 case of the
     * conditional one; and E[X(0)] = 0, P(X(0) = 0) = 1. */
    double e, c, p;
    assert_int_equal(rt_bgnbd_expected_purchases(bgnbd_published, 39.0, &e), RT_OK);
    assert_int_equal(rt_bgnbd_conditional_expected_purchases(bgnbd_published, 0, 0.0, 1e-12, 39.0, &c), RT_OK);
    assert_close(c, e, 1e-9, 0.0);
    assert_int_equal(rt_bgnbd_expected_purchases(bgnbd_published, 0.0, &e), RT_OK);
    assert_close(e, 0.0, 0.0, 0.0);
    assert_int_equal(rt_bgnbd_purchase_probability(bgnbd_published, 0.0, 0, &p), RT_OK);
    assert_close(p, 1.0, 0.0, 0.0);
}

static void predictions_track_the_cdnow_cohort(void **state)
{
    (void)state;
    /* Expected cumulative repeat purchases of the cohort by week 78 (each
     * customer observed for T_i + 39 weeks) against the actual total
     * sum x + sum x_star = 2,457 + 1,882 = 4,339 (tests/data/README.md).
     * FHL 2005 (Figure 2) show the BG/NBD tracking this curve closely; we
     * measured 4,160.6 (-4.1 %): the 5 % bound is a plausibility check of
     * our own, not a published figure. At the end of calibration the
     * prediction must be close to the observed 2,457 (measured 2,494.0). */
    double week78 = 0.0, week39 = 0.0;
    for (size_t i = 0; i < cdnow.n; i++) {
        double e;
        assert_int_equal(rt_bgnbd_expected_purchases(bgnbd_published, cdnow.T[i] + 39.0, &e), RT_OK);
        week78 += e;
        assert_int_equal(rt_bgnbd_expected_purchases(bgnbd_published, cdnow.T[i], &e), RT_OK);
        week39 += e;
    }
    assert_close(week78, 4339.0, 0.05, 0.0);
    assert_close(week39, 2457.0, 0.03, 0.0);
}

static void extreme_customers_stay_finite_without_fp_exceptions(void **state)
{
    (void)state;
    const double *par = bgnbd_published;
    struct { uint64_t x; double t_x, T; } cases[] = {
        {5000, 38.0, 38.0}, {5000, 0.0, 38.0}, {5000, 0.0, 1e-9}, {5000, 1e-9, 1e-9},
        {1000000, 0.0, 1e6}, {1, 0.0, 1e300}, {1, 1e300, 1e300}, {0, 0.0, 1e-300},
        {0, 0.0, 1e300}, {3000, 1.0, 1e12}, {UINT64_C(1) << 40, 5.0, 10.0},
    };
    feclearexcept(FE_ALL_EXCEPT);
    feenableexcept(FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO);
    double ps[sizeof cases / sizeof cases[0]], es[sizeof cases / sizeof cases[0]];
    rt_status st[sizeof cases / sizeof cases[0]], se[sizeof cases / sizeof cases[0]];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        st[i] = rt_bgnbd_p_alive(par, cases[i].x, cases[i].t_x, cases[i].T, &ps[i]);
        se[i] = rt_bgnbd_conditional_expected_purchases(par, cases[i].x, cases[i].t_x,
                                                        cases[i].T, 52.0, &es[i]);
    }
    fedisableexcept(FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(st[i], RT_OK);
        assert_int_equal(se[i], RT_OK);
        assert_true(isfinite(ps[i]) && ps[i] >= 0.0 && ps[i] <= 1.0);
        assert_true(isfinite(es[i]) && es[i] >= 0.0);
    }
    /* A customer whose last purchase was long ago after many purchases is
     * almost surely gone; one who just bought is alive. */
    assert_true(ps[1] < 1e-300 || ps[1] == 0.0);
    assert_close(ps[0], 1.0 / (1.0 + par[2] / (par[3] + 4999.0)), 1e-12, 0.0);
}

/* ---- Gamma-Gamma predictions ---- */

static void gamma_gamma_expected_spend_weights_population_and_customer(void **state)
{
    (void)state;
    const double par[3] = {6.25, 3.74, 15.44};
    double e = UNTOUCHED;
    /* x = 0: the population mean p gamma / (q - 1) = 6.25 * 15.44 / 2.74. */
    assert_int_equal(rt_gamma_gamma_expected_spend(par, 0, 0.0, &e), RT_OK);
    assert_close(e, 6.25 * 15.44 / 2.74, 1e-14, 0.0);
    /* x = 2, mean 22.345 (CDNOW customer 1): p (gamma + x m) / (p x + q - 1). */
    assert_int_equal(rt_gamma_gamma_expected_spend(par, 2, 22.345, &e), RT_OK);
    assert_close(e, 6.25 * (15.44 + 2 * 22.345) / (12.5 + 2.74), 1e-14, 0.0);
    /* Many transactions: the customer's own mean dominates. */
    assert_int_equal(rt_gamma_gamma_expected_spend(par, 100000, 50.0, &e), RT_OK);
    assert_close(e, 50.0, 1e-4, 0.0);
    e = UNTOUCHED;
    const double heavy[3] = {6.25, 1.0, 15.44};
    assert_int_equal(rt_gamma_gamma_expected_spend(heavy, 2, 10.0, &e), RT_EUNDEFINED);
    assert_non_null(strstr(rt_last_error_message(), "q = 1"));
    assert_int_equal(rt_gamma_gamma_expected_spend(par, 2, -1.0, &e), RT_EINVAL);
    assert_int_equal(rt_gamma_gamma_expected_spend(par, 2, (double)NAN, &e), RT_EINVAL);
    assert_true(e == UNTOUCHED);
}

/* ---- sBG predictions ---- */

static void sbg_survival_is_the_product_of_retention_rates(void **state)
{
    (void)state;
    const double par[2] = {0.704, 1.182};
    double prod = 1.0, s;
    assert_int_equal(rt_sbg_survival(par, 0, &s), RT_OK);
    assert_close(s, 1.0, 0.0, 0.0);
    for (uint32_t t = 1; t <= 200; t++) {
        double r;
        assert_int_equal(rt_sbg_retention_rate(par, t, &r), RT_OK);
        /* r(t) = (b + t - 1) / (a + b + t - 1) (Fader & Hardie 2007, eq. 5). */
        assert_close(r, (1.182 + t - 1.0) / (0.704 + 1.182 + t - 1.0), 1e-15, 0.0);
        prod *= r;
        assert_int_equal(rt_sbg_survival(par, t, &s), RT_OK);
        assert_close(s, prod, 1e-11, 0.0);
    }
    /* Projection of the regular segment to year 12 against the held-out
     * data (17.3 %): FH 2007 Figure 3 shows the sBG tracking it closely. */
    assert_int_equal(rt_sbg_survival((const double[2]){0.704, 1.182}, 12, &s), RT_OK);
    assert_close(s, 0.173, 0.0, 0.01);
    double r = UNTOUCHED;
    assert_int_equal(rt_sbg_retention_rate(par, 0, &r), RT_EINVAL);
    assert_true(r == UNTOUCHED);
}

static void sbg_derl_is_the_discounted_sum_of_survival(void **state)
{
    (void)state;
    const double par[2] = {0.668, 3.806};
    const double ds[] = {0.1, 0.5, 0.02};
    const uint32_t ns[] = {0, 1, 4, 50};
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j < 4; j++) {
            /* sum_{k>=0} S(n+1+k)/S(n) / (1+d)^k, with S from retention rates. */
            double sum = 0.0, ratio = 1.0, disc = 1.0;
            for (uint32_t k = 0; k < 200000; k++) {
                double r;
                assert_int_equal(rt_sbg_retention_rate(par, ns[j] + 1 + k, &r), RT_OK);
                ratio *= r;
                sum += ratio * disc;
                disc /= 1.0 + ds[i];
                if (ratio * disc < 1e-18)
                    break;
            }
            double derl = UNTOUCHED;
            assert_int_equal(rt_sbg_derl(par, ds[i], ns[j], &derl), RT_OK);
            assert_close(derl, sum, 1e-10, 0.0);
        }
    }
    double derl = UNTOUCHED;
    assert_int_equal(rt_sbg_derl(par, 0.0, 1, &derl), RT_EINVAL);
    assert_int_equal(rt_sbg_derl(par, (double)NAN, 1, &derl), RT_EINVAL);
    assert_true(derl == UNTOUCHED);
}

/* ---- Pareto/NBD ---- */

/* Published CDNOW Pareto/NBD estimates (tests/data/README.md). */
static const double pnbd_published[4] = {0.553, 10.578, 0.606, 11.669};

static void pareto_nbd_fit_matches_published_on_cdnow(void **state)
{
    (void)state;
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_pareto_nbd_fit(cdnow_rfm, NULL, &r), RT_OK);
    assert_int_equal(r.n_params, 4);
    /* r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669 (3 decimals). */
    for (size_t i = 0; i < 4; i++)
        assert_close(r.params[i], pnbd_published[i], 1e-3, 0.0005);
    /* LL = -9595.0, published to one decimal. */
    assert_close(r.log_likelihood, -9595.0, 0.0, 0.05);
    double ll;
    assert_int_equal(rt_pareto_nbd_log_likelihood(r.params, cdnow_rfm, &ll), RT_OK);
    assert_close(ll, r.log_likelihood, 1e-12, 0.0);
    /* Both branches of A0 (alpha >= beta and alpha < beta) agree where they
     * meet: the likelihood is continuous across alpha = beta. */
    const double below[4] = {0.553, 11.669 - 1e-9, 0.606, 11.669};
    const double above[4] = {0.553, 11.669 + 1e-9, 0.606, 11.669};
    double lb, la;
    assert_int_equal(rt_pareto_nbd_log_likelihood(below, cdnow_rfm, &lb), RT_OK);
    assert_int_equal(rt_pareto_nbd_log_likelihood(above, cdnow_rfm, &la), RT_OK);
    assert_close(lb, la, 1e-9, 0.0);
    rt_rfm *empty = NULL;
    assert_int_equal(rt_rfm_new(NULL, &empty), RT_OK);
    r = fresh_report();
    assert_int_equal(rt_pareto_nbd_fit(empty, NULL, &r), RT_EUNDEFINED);
    assert_int_equal(rt_rfm_add(empty, 0, 0.0, 10.0, 5), RT_OK);
    assert_int_equal(rt_pareto_nbd_fit(empty, NULL, &r), RT_EUNDEFINED);
    assert_true(r.n_params == 0);
    rt_rfm_free(empty);
}

/* 2-D Simpson over the two gamma mixing distributions of the Pareto/NBD,
 * substituted lambda = v^(1/r), mu = w^(1/s) (normalising constants omitted:
 * they cancel in the ratios). What selects the integrand:
 * 0: the likelihood, 1: its "alive at T" part, 2: alive part times
 * E[future purchases | lambda, mu] = (lambda/mu)(1 - e^{-mu t}). */
static double pnbd_quadrature(const double *par, double x, double t_x, double T, double t,
                              int what)
{
    double r = par[0], alpha = par[1], s = par[2], beta = par[3];
    double vmax = pow((x + 60.0) / alpha * 4.0, r), wmax = pow(80.0 / beta, s);
    const int nv = 1600, nw = 1600;
    double hv = vmax / nv, hw = wmax / nw, sum = 0.0;
    for (int i = 0; i <= nv; i++) {
        double wi = (i == 0 || i == nv) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        double lam = pow(i * hv, 1.0 / r);
        double gl = exp(x * log(lam) - alpha * lam);
        if (!(gl > 0.0))
            continue;
        double inner = 0.0;
        for (int j = 0; j <= nw; j++) {
            double wj = (j == 0 || j == nw) ? 1.0 : (j % 2 ? 4.0 : 2.0);
            double mu = pow(j * hw, 1.0 / s);
            double alive = exp(-(lam + mu) * T) * exp(-beta * mu);
            double f;
            if (what == 2)
                f = alive * lam * (mu > 0.0 ? -expm1(-mu * t) / mu : t);
            else if (what == 1)
                f = alive;
            else
                f = alive + mu / (lam + mu) * (exp(-(lam + mu) * t_x) - exp(-(lam + mu) * T))
                                * exp(-beta * mu);
            inner += wj * f;
        }
        sum += wi * gl * inner;
    }
    return sum * hv * hw / 9.0;
}

static void pareto_nbd_predictions_match_quadrature(void **state)
{
    (void)state;
    const double *par = pnbd_published;
    struct { uint64_t x; double t_x, T, t; } cases[] = {
        {2, 30.43, 38.86, 39.0}, {1, 5.0, 38.0, 39.0}, {6, 20.0, 32.0, 10.0},
    };
    for (size_t i = 0; i < cases_to_check(sizeof cases / sizeof cases[0]); i++) {
        double x = (double)cases[i].x;
        double den = pnbd_quadrature(par, x, cases[i].t_x, cases[i].T, 0.0, 0);
        double p_q = pnbd_quadrature(par, x, cases[i].t_x, cases[i].T, 0.0, 1) / den;
        double e_q = pnbd_quadrature(par, x, cases[i].t_x, cases[i].T, cases[i].t, 2) / den;
        double p, e;
        assert_int_equal(rt_pareto_nbd_p_alive(par, cases[i].x, cases[i].t_x, cases[i].T, &p), RT_OK);
        assert_int_equal(rt_pareto_nbd_conditional_expected_purchases(par, cases[i].x, cases[i].t_x,
                         cases[i].T, cases[i].t, &e), RT_OK);
        assert_close(p, p_q, 1e-5, 0.0);
        assert_close(e, e_q, 1e-5, 0.0);
    }
    /* E[X(t)] = E[lambda] E[(1 - e^{-mu t}) / mu] with E[lambda] = r / alpha;
     * the mu expectation by 1-D Simpson (mu = w^(1/s)), normalised by the
     * same quadrature of the density. */
    double r = par[0], alpha = par[1], s = par[2], beta = par[3], t = 39.0;
    double wmax = pow(200.0 / beta, s);
    int n = 200000;
    double h = wmax / n, num = 0.0, norm = 0.0;
    for (int j = 0; j <= n; j++) {
        double wj = (j == 0 || j == n) ? 1.0 : (j % 2 ? 4.0 : 2.0);
        double mu = pow(j * h, 1.0 / s), g = exp(-beta * mu);
        num += wj * g * (mu > 0.0 ? -expm1(-mu * t) / mu : t);
        norm += wj * g;
    }
    double e;
    assert_int_equal(rt_pareto_nbd_expected_purchases(par, t, &e), RT_OK);
    assert_close(e, r / alpha * num / norm, 1e-6, 0.0);
    /* s = 1: the logarithmic limit, continuous with s -> 1. */
    double e1, e2;
    assert_int_equal(rt_pareto_nbd_expected_purchases((const double[4]){0.5, 10.0, 1.0, 12.0}, t, &e1), RT_OK);
    assert_int_equal(rt_pareto_nbd_expected_purchases((const double[4]){0.5, 10.0, 1.0 + 1e-9, 12.0}, t, &e2), RT_OK);
    assert_close(e1, e2, 1e-8, 0.0);
    assert_close(e1, 0.5 * 12.0 / 10.0 * log((12.0 + t) / 12.0), 1e-14, 0.0);
}

static void pareto_nbd_extreme_customers_stay_finite(void **state)
{
    (void)state;
    struct { uint64_t x; double t_x, T; } cases[] = {
        {5000, 38.0, 38.0}, {5000, 0.0, 38.0}, {5000, 0.0, 1e-9}, {1000000, 0.0, 1e6},
        {1, 0.0, 1e300}, {0, 0.0, 1e-300}, {0, 0.0, 1e300}, {3000, 1.0, 1e12},
    };
    const double params[2][4] = {{0.553, 10.578, 0.606, 11.669}, {0.553, 11.669, 0.606, 10.578}};
    enum { N = sizeof cases / sizeof cases[0] };
    double ps[2][N], es[2][N];
    rt_status st[2][N], se[2][N];
    feclearexcept(FE_ALL_EXCEPT);
    feenableexcept(FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO);
    for (size_t k = 0; k < 2; k++) {
        for (size_t i = 0; i < N; i++) {
            st[k][i] = rt_pareto_nbd_p_alive(params[k], cases[i].x, cases[i].t_x, cases[i].T, &ps[k][i]);
            se[k][i] = rt_pareto_nbd_conditional_expected_purchases(params[k], cases[i].x,
                           cases[i].t_x, cases[i].T, 52.0, &es[k][i]);
        }
    }
    fedisableexcept(FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO);
    for (size_t k = 0; k < 2; k++) {
        for (size_t i = 0; i < N; i++) {
            assert_int_equal(st[k][i], RT_OK);
            assert_int_equal(se[k][i], RT_OK);
            assert_true(isfinite(ps[k][i]) && ps[k][i] >= 0.0 && ps[k][i] <= 1.0);
            assert_true(isfinite(es[k][i]) && es[k][i] >= 0.0);
        }
        assert_close(ps[k][0], 1.0, 0.0, 0.0);  /* t_x = T: A0 = 0 */
        assert_true(ps[k][1] < 1e-100);         /* 5,000 purchases, then silence */
    }
}

/* ---- refusals ---- */

static void fits_refuse_bad_input_and_leave_the_report(void **state)
{
    (void)state;
    rt_fit_report r = fresh_report();
    r.log_likelihood = UNTOUCHED;
    rt_rfm *rfm = NULL;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    /* Empty histogram. */
    assert_int_equal(rt_bgnbd_fit(rfm, NULL, &r), RT_EUNDEFINED);
    assert_non_null(strstr(rt_last_error_message(), "empty"));
    double ll = UNTOUCHED;
    assert_int_equal(rt_bgnbd_log_likelihood(bgnbd_published, rfm, &ll), RT_EUNDEFINED);
    /* Nobody repeated: not identifiable. */
    assert_int_equal(rt_rfm_add(rfm, 0, 0.0, 30.0, 100), RT_OK);
    assert_int_equal(rt_bgnbd_fit(rfm, NULL, &r), RT_EUNDEFINED);
    assert_non_null(strstr(rt_last_error_message(), "identifiable"));
    assert_int_equal(rt_bgnbd_fit(NULL, NULL, &r), RT_EINVAL);
    assert_int_equal(rt_bgnbd_fit(cdnow_rfm, NULL, NULL), RT_EINVAL);
    rt_rfm_free(rfm);
    /* Bad options. */
    rt_fit_options o;
    assert_int_equal(rt_fit_options_init(&o, sizeof o), RT_OK);
    o.tolerance = (double)NAN;
    assert_int_equal(rt_bgnbd_fit(cdnow_rfm, &o, &r), RT_EINVAL);
    assert_int_equal(rt_fit_options_init(&o, sizeof o), RT_OK);
    o.max_iterations = 0;
    assert_int_equal(rt_bgnbd_fit(cdnow_rfm, &o, &r), RT_EINVAL);
    assert_int_equal(rt_fit_options_init(&o, sizeof o), RT_OK);
    o.use_start = 1;  /* start left at 0 */
    assert_int_equal(rt_bgnbd_fit(cdnow_rfm, &o, &r), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "start"));
    /* Gamma-Gamma: NaN or negative spend; nobody repeated. */
    uint64_t x[3] = {1, 2, 0};
    double m[3] = {10.0, (double)NAN, 0.0};
    assert_int_equal(rt_gamma_gamma_fit(x, m, 3, NULL, &r), RT_EINVAL);
    m[1] = -5.0;
    assert_int_equal(rt_gamma_gamma_fit(x, m, 3, NULL, &r), RT_EINVAL);
    m[1] = 0.0;  /* zero mean with x > 0 */
    assert_int_equal(rt_gamma_gamma_fit(x, m, 3, NULL, &r), RT_EINVAL);
    uint64_t none[3] = {0, 0, 0};
    assert_int_equal(rt_gamma_gamma_fit(none, m, 3, NULL, &r), RT_EUNDEFINED);
    /* sBG: increasing, empty, no churn, too short. */
    uint64_t s[4] = {100, 80, 90, 50};
    size_t len = 4;
    assert_int_equal(rt_sbg_fit(s, &len, 1, NULL, &r), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "must not increase"));
    uint64_t flat[4] = {100, 100, 100, 100};
    assert_int_equal(rt_sbg_fit(flat, &len, 1, NULL, &r), RT_EUNDEFINED);
    len = 2;
    uint64_t two[2] = {100, 60};
    assert_int_equal(rt_sbg_fit(two, &len, 1, NULL, &r), RT_EUNDEFINED);
    len = 0;
    assert_int_equal(rt_sbg_fit(two, &len, 1, NULL, &r), RT_EINVAL);
    assert_int_equal(rt_sbg_fit(two, &len, 0, NULL, &r), RT_EINVAL);
    uint64_t zero[3] = {0, 0, 0};
    len = 3;
    assert_int_equal(rt_sbg_fit(zero, &len, 1, NULL, &r), RT_EINVAL);
    /* Nothing was written. */
    assert_true(r.log_likelihood == UNTOUCHED);
    assert_true(r.params[0] == 0.0 && r.n_params == 0);
}

static void predictions_refuse_bad_parameters(void **state)
{
    (void)state;
    double v = UNTOUCHED;
    const double bad_params[][4] = {
        {0.0, 4.4, 0.79, 2.4}, {0.24, -1.0, 0.79, 2.4}, {0.24, 4.4, (double)NAN, 2.4},
        {0.24, 4.4, 0.79, (double)INFINITY},
    };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(rt_bgnbd_p_alive(bad_params[i], 1, 1.0, 2.0, &v), RT_EINVAL);
        assert_int_equal(rt_bgnbd_expected_purchases(bad_params[i], 1.0, &v), RT_EINVAL);
        assert_int_equal(rt_bgnbd_purchase_probability(bad_params[i], 1.0, 1, &v), RT_EINVAL);
        assert_int_equal(rt_bgnbd_conditional_expected_purchases(bad_params[i], 1, 1.0, 2.0, 1.0, &v), RT_EINVAL);
    }
    assert_int_equal(rt_bgnbd_p_alive(bgnbd_published, 1, 3.0, 2.0, &v), RT_EINVAL);  /* t_x > T */
    assert_non_null(strstr(rt_last_error_message(), "after T"));
    assert_int_equal(rt_bgnbd_p_alive(bgnbd_published, 1, (double)NAN, 2.0, &v), RT_EINVAL);
    assert_int_equal(rt_bgnbd_p_alive(bgnbd_published, 0, 1.0, 2.0, &v), RT_EINVAL);
    assert_int_equal(rt_bgnbd_expected_purchases(bgnbd_published, -1.0, &v), RT_EINVAL);
    assert_int_equal(rt_bgnbd_expected_purchases(bgnbd_published, (double)NAN, &v), RT_EINVAL);
    assert_int_equal(rt_bgnbd_expected_purchases(bgnbd_published, 1.0, NULL), RT_EINVAL);
    /* a + b <= 1 and t = 1e12 have values now: test_clv_edges.c. */
    assert_int_equal(rt_sbg_survival((const double[2]){0.0, 1.0}, 1, &v), RT_EINVAL);
    assert_int_equal(rt_sbg_survival(NULL, 1, &v), RT_EINVAL);
    assert_true(v == UNTOUCHED);
}

static void non_convergence_reports_the_best_point(void **state)
{
    (void)state;
    rt_fit_options o;
    assert_int_equal(rt_fit_options_init(&o, sizeof o), RT_OK);
    o.max_iterations = 2;
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_bgnbd_fit(cdnow_rfm, &o, &r), RT_ECONVERGE);
    assert_int_equal(r.converged, 0);
    assert_int_equal(r.iterations, 2);
    assert_int_equal(r.n_params, 4);
    double ll;
    assert_int_equal(rt_bgnbd_log_likelihood(r.params, cdnow_rfm, &ll), RT_OK);
    assert_close(r.log_likelihood, ll, 1e-12, 0.0);
    assert_true(ll < -9582.43);
    /* A caller-chosen start near the optimum converges from there. */
    assert_int_equal(rt_fit_options_init(&o, sizeof o), RT_OK);
    o.use_start = 1;
    memcpy(o.start, bgnbd_published, sizeof o.start);
    assert_int_equal(rt_bgnbd_fit(cdnow_rfm, &o, &r), RT_OK);
    assert_close(r.params[1], 4.414, 1e-3, 0.0);
}

static void option_and_report_structs_follow_the_size_rule(void **state)
{
    (void)state;
    rt_fit_options o;
    assert_int_equal(rt_fit_options_init(&o, sizeof o), RT_OK);
    assert_int_equal(o.size, sizeof o);
    assert_int_equal(o.max_iterations, 500);
    assert_true(o.tolerance > 0.0);
    assert_int_equal(o.compute_std_errors, 0);
    assert_int_equal(rt_fit_options_init(NULL, sizeof o), RT_EINVAL);
    assert_int_equal(rt_fit_options_init(&o, 1), RT_EINVAL);
    assert_int_equal(rt_fit_report_init(NULL, sizeof(rt_fit_report)), RT_EINVAL);
    /* An older caller whose report ends after params: only that is written. */
    struct { rt_fit_report r; double guard; } old;
    memset(&old, 0, sizeof old);
    assert_int_equal(rt_fit_report_init(&old.r, offsetof(rt_fit_report, n_params)), RT_OK);
    old.r.log_likelihood = UNTOUCHED;
    uint64_t regular[16], high_end[16];
    size_t len = sbg_load(regular, high_end);
    assert_int_equal(rt_sbg_fit(regular, &len, 1, NULL, &old.r), RT_OK);
    assert_close(old.r.params[0], 0.704, 0.0, 0.0005);
    assert_true(old.r.log_likelihood == UNTOUCHED);
    /* A newer caller setting an unknown option field: RT_EVERSION. */
    struct { rt_fit_options o; uint64_t extra; } future;
    assert_int_equal(rt_fit_options_init(&future.o, sizeof future), RT_OK);
    future.extra = 1;
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_sbg_fit(regular, &len, 1, &future.o, &r), RT_EVERSION);
    future.extra = 0;
    assert_int_equal(rt_sbg_fit(regular, &len, 1, &future.o, &r), RT_OK);
}

static int setup(void **state)
{
    (void)state;
    if (cdnow_load(&cdnow) != 0)
        return -1;
    if (rt_rfm_new(NULL, &cdnow_rfm) != RT_OK)
        return -1;
    return rt_rfm_add_many(cdnow_rfm, cdnow.x, cdnow.t_x, cdnow.T, cdnow.n, NULL) == RT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rt_rfm_free(cdnow_rfm);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bgnbd_fit_matches_fader_hardie_lee_on_cdnow),
        cmocka_unit_test(bgnbd_fit_fails_cleanly_without_memory),
        cmocka_unit_test(bgnbd_likelihood_of_compressed_equals_per_customer),
        cmocka_unit_test(gamma_gamma_fit_matches_published_on_cdnow),
        cmocka_unit_test(sbg_fit_matches_fader_hardie_2007),
        cmocka_unit_test(p_alive_matches_quadrature),
        cmocka_unit_test(conditional_expectation_matches_quadrature),
        cmocka_unit_test(expected_purchases_is_the_mean_of_the_purchase_distribution),
        cmocka_unit_test(predictions_track_the_cdnow_cohort),
        cmocka_unit_test(extreme_customers_stay_finite_without_fp_exceptions),
        cmocka_unit_test(gamma_gamma_expected_spend_weights_population_and_customer),
        cmocka_unit_test(sbg_survival_is_the_product_of_retention_rates),
        cmocka_unit_test(sbg_derl_is_the_discounted_sum_of_survival),
        cmocka_unit_test(pareto_nbd_fit_matches_published_on_cdnow),
        cmocka_unit_test(pareto_nbd_predictions_match_quadrature),
        cmocka_unit_test(pareto_nbd_extreme_customers_stay_finite),
        cmocka_unit_test(fits_refuse_bad_input_and_leave_the_report),
        cmocka_unit_test(predictions_refuse_bad_parameters),
        cmocka_unit_test(non_convergence_reports_the_best_point),
        cmocka_unit_test(option_and_report_structs_follow_the_size_rule),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
