/* The CLV fits at the edges: the Gamma-Gamma log-likelihood at large
 * parameters, fits whose optimum runs off to a boundary (a limiting model),
 * and the iteration caps of every fit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "assert_close.h"
#include "retention.h"
#include "testdata.h"

/* ln f(m | p, q, gamma, x) against 50-digit mpmath of the textbook formula
 *   lnG(px+q) - lnG(px) - lnG(q) + q ln g + px ln(xm) - ln m - (px+q) ln(g+xm)
 * (mpmath.loggamma at mp.dps = 50, the double inputs converted exactly);
 * the first two are issue 16's, where the closed form in doubles gave
 * -32768 and 16.0, and the fifth and sixth lost 2e-11 and 3e-7. */
static void gamma_gamma_log_likelihood_at_large_parameters(void **state)
{
    (void)state;
    static const struct {
        double params[3];
        uint64_t x;
        double m, want;
    } cases[] = {
        {{1e15, 1e19, 1e5}, 3, 10.0, 14.597020738086180035},
        {{1e12, 1e15, 1e4}, 3, 10.0, 11.141795321609683507},
        {{6.25, 3.74, 15.44}, 2, 22.35, -3.5513167597317047066},   /* CDNOW-like */
        {{50.0, 2e4, 3e5}, 7, 12.5, -1086.4349710079752107},        /* q large, px moderate */
        {{2.0, 5e4, 1e6}, 1, 30.0, -4.0902846651958318197},         /* q large, px small */
        {{1e9, 3.0, 1e-7}, 4, 2.5, -30.542799379342290975},         /* px large, q small */
        {{20.0, 30.0, 400.0}, 3, 7.0, -125.50562038256323922},      /* moderate */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double ll;
        assert_int_equal(rt_gamma_gamma_log_likelihood(cases[i].params, &cases[i].x,
                                                       &cases[i].m, 1, &ll), RT_OK);
        assert_close(ll, cases[i].want, 1e-14, 0.0);  /* measured: <= 1.9e-15 */
    }
}

/* The spends of a one-price shop: customer i bought 1 + i % 5 times at 9.99. */
static void one_price(uint64_t x[100], double m[100])
{
    for (size_t i = 0; i < 100; i++) {
        x[i] = 1 + i % 5;
        m[i] = 9.99;
    }
}

/* 100 identical spends at two points on the way to the limiting model,
 * against the sum of the 100 terms in 50-digit mpmath (formula above). */
static void gamma_gamma_log_likelihood_of_one_price(void **state)
{
    (void)state;
    uint64_t x[100];
    double m[100], ll;
    one_price(x, m);
    const double far[3] = {1e15, 1e14, 0.999}, near[3] = {3e7, 2e7, 6.66};
    assert_int_equal(rt_gamma_gamma_log_likelihood(far, x, m, 100, &ll), RT_OK);
    assert_close(ll, 1287.5433984424854144, 1e-13, 0.0);
    assert_int_equal(rt_gamma_gamma_log_likelihood(near, x, m, 100, &ll), RT_OK);
    assert_close(ll, 505.72490639229623938, 1e-13, 0.0);
}

static rt_fit_report fresh_report(void)
{
    rt_fit_report r;
    assert_int_equal(rt_fit_report_init(&r, sizeof r), RT_OK);
    return r;
}

/* The report of a fit whose likelihood rises without end as p and q grow
 * (the spend of every purchase is known exactly): not converged, p and q
 * named, the log-likelihood the one of the reported point. */
static void assert_gamma_gamma_limit(const uint64_t *x, const double *m, size_t n)
{
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_gamma_gamma_fit(x, m, n, NULL, &r), RT_ECONVERGE);
    assert_non_null(strstr(rt_last_error_message(), "boundary"));
    assert_int_equal(r.converged, 0);
    assert_int_equal(r.boundary_infinity & 3u, 3u);  /* p and q */
    assert_int_equal(r.boundary_zero, 0);
    double ll;
    assert_int_equal(rt_gamma_gamma_log_likelihood(r.params, x, m, n, &ll), RT_OK);
    assert_close(r.log_likelihood, ll, 1e-12, 0.0);
}

static void gamma_gamma_fits_of_degenerate_spends_say_boundary(void **state)
{
    (void)state;
    uint64_t x[100];
    double m[100];
    one_price(x, m);
    assert_gamma_gamma_limit(x, m, 100);
    const uint64_t one_x = 3;
    const double one_m = 10.0;
    assert_gamma_gamma_limit(&one_x, &one_m, 1);
}

/* Exactly geometric retention (80 % a period): the sBG optimum is the
 * homogeneous limit alpha, beta -> infinity at alpha / (alpha + beta) = 0.2. */
static void sbg_fit_of_homogeneous_churn_says_boundary(void **state)
{
    (void)state;
    const uint64_t survivors[4] = {1000, 800, 640, 512};
    const size_t length = 4;
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_sbg_fit(survivors, &length, 1, NULL, &r), RT_ECONVERGE);
    assert_int_equal(r.converged, 0);
    assert_int_equal(r.boundary_infinity, 3u);
    /* The churn rate of the limit, 1 - 512/640 = 0.2 exactly (the geometric
     * MLE); measured 0.19974: sbg.c's likelihood loses digits at 1e9. */
    assert_close(r.params[0] / (r.params[0] + r.params[1]), 0.2, 5e-3, 0.0);
}

/* One repeat buyer among 1,000 (issue 16): the fit "converged" at a = 7e4,
 * b = 1e-5; dropout p ~ Beta(a, b) runs off to 0: a -> infinity, b -> 0. */
static void bgnbd_fit_of_one_repeater_says_boundary(void **state)
{
    (void)state;
    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_rfm_add(rfm, 0, 0.0, 30.0, 999), RT_OK);
    assert_int_equal(rt_rfm_add(rfm, 1, 10.0, 30.0, 1), RT_OK);
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_bgnbd_fit(rfm, NULL, &r), RT_ECONVERGE);
    assert_int_equal(r.converged, 0);
    assert_int_equal(r.boundary_infinity, 1u << 2);
    assert_int_equal(r.boundary_zero, 1u << 3);
    rt_rfm_free(rfm);
}

/* Interior optima say so: CDNOW's Gamma-Gamma fit and a spread of spends. */
static void interior_optima_have_no_boundary(void **state)
{
    (void)state;
    static cdnow_data cdnow;
    assert_int_equal(cdnow_load(&cdnow), 0);
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_gamma_gamma_fit(cdnow.x, cdnow.m_x, cdnow.n, NULL, &r), RT_OK);
    assert_int_equal(r.converged, 1);
    assert_int_equal(r.boundary_zero | r.boundary_infinity, 0);
    uint64_t x[100];
    double m[100];
    one_price(x, m);
    for (size_t i = 0; i < 100; i++)
        m[i] += 0.5 * (double)(i % 7);
    assert_int_equal(rt_gamma_gamma_fit(x, m, 100, NULL, &r), RT_OK);
    assert_int_equal(r.boundary_zero | r.boundary_infinity, 0);
}

/* Every fit stops at max_iterations with RT_ECONVERGE, the report holding
 * the point reached (issue 15: every loop has a cap). */
static void every_fit_stops_at_its_iteration_cap(void **state)
{
    (void)state;
    static cdnow_data cdnow;
    assert_int_equal(cdnow_load(&cdnow), 0);
    rt_fit_options o;
    assert_int_equal(rt_fit_options_init(&o, sizeof o), RT_OK);
    o.max_iterations = 1;
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_gamma_gamma_fit(cdnow.x, cdnow.m_x, cdnow.n, &o, &r), RT_ECONVERGE);
    assert_int_equal(r.iterations, 1);
    assert_int_equal(r.converged, 0);
    assert_non_null(strstr(rt_last_error_message(), "after 1 iterations"));

    const uint64_t survivors[5] = {1000, 631, 468, 382, 326};  /* FH 2007 "regular" */
    const size_t length = 5;
    r = fresh_report();
    assert_int_equal(rt_sbg_fit(survivors, &length, 1, &o, &r), RT_ECONVERGE);
    assert_int_equal(r.iterations, 1);

    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_rfm_add_many(rfm, cdnow.x, cdnow.t_x, cdnow.T, 200, NULL), RT_OK);
    r = fresh_report();
    assert_int_equal(rt_pareto_nbd_fit(rfm, &o, &r), RT_ECONVERGE);
    assert_int_equal(r.iterations, 1);
    assert_int_equal(r.converged, 0);
    rt_rfm_free(rfm);
}

/* Size-prefixed structs end exactly at their last member (no tail padding
 * that a later field could hide in, issue 12), booleans are 0 or 1, and
 * rt_clv_options_init sets the documented defaults. */
static void structs_end_at_their_last_member(void **state)
{
    (void)state;
    assert_int_equal(offsetof(rt_fit_report, boundary_infinity) + sizeof(uint32_t),
                     sizeof(rt_fit_report));
    assert_int_equal(offsetof(rt_fit_options, start) + 4 * sizeof(double),
                     sizeof(rt_fit_options));
    assert_int_equal(offsetof(rt_clv_options, spend) + sizeof(double), sizeof(rt_clv_options));
    /* The fit options' booleans are 0 or 1, nothing else. */
    rt_fit_options fo;
    assert_int_equal(rt_fit_options_init(&fo, sizeof fo), RT_OK);
    fo.use_start = 2;
    const uint64_t x = 2;
    const double m = 10.0;
    rt_fit_report r = fresh_report();
    assert_int_equal(rt_gamma_gamma_fit(&x, &m, 1, &fo, &r), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "0 or 1"));
    fo.use_start = 0;
    fo.compute_std_errors = 7;
    assert_int_equal(rt_gamma_gamma_fit(&x, &m, 1, &fo, &r), RT_EINVAL);
    rt_clv_options o;
    assert_int_equal(rt_clv_options_init(&o, sizeof o), RT_OK);
    assert_int_equal(o.size, sizeof o);
    assert_true(o.margin == 1.0 && o.discount_rate == 0.0 && o.horizon == 52.0 &&
                o.step == 1.0 && o.spend == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gamma_gamma_log_likelihood_at_large_parameters),
        cmocka_unit_test(gamma_gamma_log_likelihood_of_one_price),
        cmocka_unit_test(gamma_gamma_fits_of_degenerate_spends_say_boundary),
        cmocka_unit_test(sbg_fit_of_homogeneous_churn_says_boundary),
        cmocka_unit_test(bgnbd_fit_of_one_repeater_says_boundary),
        cmocka_unit_test(interior_optima_have_no_boundary),
        cmocka_unit_test(every_fit_stops_at_its_iteration_cap),
        cmocka_unit_test(structs_end_at_their_last_member),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
