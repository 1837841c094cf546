#define _POSIX_C_SOURCE 200809L  /* clock_gettime */
/* Per-customer lifetime value: its limiting forms, a seeded Monte Carlo
 * of the models' own story for a customer just acquired, and the ranking of
 * customers by value against a full sort. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assert_close.h"
#include "retention.h"
#include "sampler.h"
#include "testdata.h"

static const double bgnbd[4] = {0.243, 4.414, 0.793, 2.426};  /* CDNOW, weeks */
static const double gg[3] = {6.25, 3.74, 15.44};

static rt_clv_options options(double margin, double discount, double horizon, double step)
{
    rt_clv_options o;
    assert_int_equal(rt_clv_options_init(&o, sizeof o), RT_OK);
    o.margin = margin;
    o.discount_rate = discount;
    o.horizon = horizon;
    o.step = step;
    return o;
}

/* The O(H^2) reference (the library's algorithm before 1.0): each period's
 * purchases as the difference of two closed-form expectations
 * E[Y(t_k)] - E[Y(t_(k-1))], discounted at t_k = min(k step, H). */
static double reference_clv(const double *bg, const double *spend_params, uint64_t x,
                            double t_x, double T, double mean_spend, const rt_clv_options *o)
{
    double spend, value = 0.0, before = 0.0;
    assert_int_equal(rt_gamma_gamma_expected_spend(spend_params, x, x ? mean_spend : 0.0,
                                                   &spend), RT_OK);
    uint32_t periods = (uint32_t)ceil(o->horizon / o->step);
    for (uint32_t k = 1; k <= periods; k++) {
        double t = k == periods ? o->horizon : fmin(k * o->step, o->horizon), upto;
        assert_int_equal(rt_bgnbd_conditional_expected_purchases(bg, x, t_x, T, t, &upto),
                         RT_OK);
        value += (upto - before) / pow(1.0 + o->discount_rate, t);
        before = upto;
    }
    return o->margin * spend * value;
}

static void limiting_forms(void **state)
{
    (void)state;
    double e_y, spend, v;
    assert_int_equal(rt_bgnbd_conditional_expected_purchases(bgnbd, 2, 30.43, 38.86, 52.0, &e_y),
                     RT_OK);
    assert_int_equal(rt_gamma_gamma_expected_spend(gg, 2, 22.35, &spend), RT_OK);
    /* No discounting: the periods telescope to margin x spend x E[Y(H)]. */
    for (double step = 0.5; step <= 64.0; step *= 4.0) {
        rt_clv_options o = options(0.3, 0.0, 52.0, step);
        assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_OK);
        assert_close(v, 0.3 * spend * e_y, 1e-12, 0.0);
    }
    /* One period: all of it discounted at the horizon. */
    rt_clv_options one = options(0.3, 0.01, 52.0, 52.0);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &one, &v), RT_OK);
    assert_close(v, 0.3 * spend * e_y / pow(1.01, 52.0), 1e-12, 0.0);
    /* Discounting only lowers it; finer periods discount earlier purchases less. */
    double coarse, fine;
    rt_clv_options quarters = options(0.3, 0.01, 52.0, 13.0), weeks = options(0.3, 0.01, 52.0, 1.0);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &quarters, &coarse),
                     RT_OK);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &weeks, &fine), RT_OK);
    assert_true(v < coarse && coarse < fine && fine < 0.3 * spend * e_y);
    /* A fixed spend replaces the Gamma-Gamma expectation (which may be NULL). */
    rt_clv_options fixed = options(0.3, 0.0, 52.0, 1.0);
    fixed.spend = 10.0;
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, NULL, 2, 30.43, 38.86, 22.35, &fixed, &v), RT_OK);
    assert_close(v, 0.3 * 10.0 * e_y, 1e-12, 0.0);
    /* The defaults: margin 1, no discount, 52 periods of 1. */
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, NULL, &v), RT_OK);
    assert_close(v, spend * e_y, 1e-12, 0.0);
}

static void bad_options_change_nothing(void **state)
{
    (void)state;
    double v = 77.0;
    rt_clv_options o = options(1.5, 0.0, 52.0, 1.0);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_clv_bgnbd_gg"));
    o = options(0.3, (double)NAN, 52.0, 1.0);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_EINVAL);
    o = options(0.3, 0.0, 0.0, 1.0);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_EINVAL);
    o = options(0.3, 0.0, 52.0, 0.0);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_EINVAL);
    o = options(0.3, 0.0, 1e10, 1e-3);  /* 1e13 periods: more than 2^32 - 1 */
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_EINVAL);
    o = options(0.3, 0.0, 52.0, 1.0);
    o.spend = -1.0;
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_EINVAL);
    o.spend = 0.0;
    assert_int_equal(rt_clv_bgnbd_gg(NULL, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_EINVAL);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, NULL, 2, 30.43, 38.86, 22.35, &o, &v), RT_EINVAL);
    const double q_below_one[3] = {6.25, 0.9, 15.44};
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, q_below_one, 2, 30.43, 38.86, 22.35, &o, &v),
                     RT_EUNDEFINED);
    /* Named as called, the model's reason after it. */
    assert_non_null(strstr(rt_last_error_message(), "rt_clv_bgnbd_gg: "
                                                    "rt_gamma_gamma_expected_spend: q = 0.9"));
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, NULL), RT_EINVAL);
    /* r = 1e12 (a rate known exactly, purchases by the trillion): the
     * stepped rate's Taylor steps shrink to nothing and hit their cap of
     * 100,000 steps per period: RT_ECONVERGE, not a hang (issue 15). */
    const double extreme[4] = {1e12, 1.0, 1.0, 1.0};
    o.discount_rate = 0.01;
    assert_int_equal(rt_clv_bgnbd_gg(extreme, gg, 0, 0.0, 1.0, 0.0, &o, &v), RT_ECONVERGE);
    assert_non_null(strstr(rt_last_error_message(), "100000 steps"));
    o.discount_rate = 0.0;
    /* A newer caller's field this version does not know. */
    struct {
        rt_clv_options o;
        double later;
    } newer = {options(0.3, 0.0, 52.0, 1.0), 1.0};
    newer.o.size = sizeof newer;
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &newer.o, &v),
                     RT_EVERSION);
    newer.later = 0.0;
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &newer.o, &v), RT_OK);
    v = 77.0;
    assert_int_equal(rt_clv_options_init(NULL, sizeof o), RT_EINVAL);
    assert_int_equal(rt_clv_options_init(&o, 1), RT_EINVAL);
    assert_true(v == 77.0);
}

/* The man page: "discounted at the end of each week". H = 10.5 weeks is
 * ten weeks and a half week ending at 10.5 (not 11 steps of 0.95 weeks):
 * checked against the closed-form reference over exactly those periods,
 * and against a hand-built sum of the three periods of H = 2.5. */
static void a_partial_last_period_ends_at_the_horizon(void **state)
{
    (void)state;
    rt_clv_options o = options(0.3, 0.01, 10.5, 1.0);
    double v;
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_OK);
    assert_close(v, reference_clv(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o), 1e-12, 0.0);
    double e1, e2, e25, spend;
    rt_bgnbd_conditional_expected_purchases(bgnbd, 2, 30.43, 38.86, 1.0, &e1);
    rt_bgnbd_conditional_expected_purchases(bgnbd, 2, 30.43, 38.86, 2.0, &e2);
    rt_bgnbd_conditional_expected_purchases(bgnbd, 2, 30.43, 38.86, 2.5, &e25);
    rt_gamma_gamma_expected_spend(gg, 2, 22.35, &spend);
    o.horizon = 2.5;
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, &o, &v), RT_OK);
    double by_hand = e1 / 1.01 + (e2 - e1) / (1.01 * 1.01) + (e25 - e2) / pow(1.01, 2.5);
    assert_close(v, 0.3 * spend * by_hand, 1e-12, 0.0);
}

/* The linear algorithm (purchase rate stepped period by period) against
 * the O(H^2) reference on every CDNOW customer, at weekly periods over a
 * year and over 10 years at a low and a high rate, and at periods much
 * longer than the customers' scale alpha + T. */
static void stepped_rate_matches_the_closed_form_on_cdnow(void **state)
{
    (void)state;
    static cdnow_data cdnow;
    assert_int_equal(cdnow_load(&cdnow), 0);
    const rt_clv_options cases[] = {options(0.3, 0.002, 52.0, 1.0),
                                    options(1.0, 0.0005, 520.0, 1.0),
                                    options(1.0, 0.05, 520.0, 1.0),
                                    options(1.0, 0.01, 1000.0, 100.0),
                                    options(1.0, 0.01, 30.25, 0.1)};
    double worst = 0.0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (size_t i = 0; i < cdnow.n; i += c < 1 ? 1 : 23) {
            double v, want = reference_clv(bgnbd, gg, cdnow.x[i], cdnow.t_x[i], cdnow.T[i],
                                           cdnow.m_x[i], &cases[c]);
            assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, cdnow.x[i], cdnow.t_x[i], cdnow.T[i],
                                             cdnow.m_x[i], &cases[c], &v), RT_OK);
            worst = fmax(worst, fabs(v - want) / want);
            assert_close(v, want, 1e-12, 0.0);
        }
    }
    /* Heavy buyers (a + b + x > 200): E[Y(t)] at each period's end, summed
     * by parts, against the reference's differences. */
    for (uint64_t x = 200; x <= 20000; x *= 10) {
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            double v, want = reference_clv(bgnbd, gg, x, 30.0, 38.0, 25.0, &cases[c]);
            assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, x, 30.0, 38.0, 25.0, &cases[c], &v),
                             RT_OK);
            worst = fmax(worst, fabs(v - want) / want);
            assert_close(v, want, 1e-12, 0.0);
        }
    }
    print_message("# worst relative difference %.3g\n", worst);
}

static sampler rng = {12345};

/* A customer whose first purchase was just now (x = 0, T -> 0): simulate
 * the BG/NBD purchases and Gamma-Gamma amounts over 52 weeks, discount each
 * at the end of its weekly step, and compare the mean with the library
 * (measured: 10.317 against 10.217 +- 0.061; discounting a week later
 * would move the library's value by 2 %, over 3 standard errors). */
static void monte_carlo_of_a_new_customer(void **state)
{
    (void)state;
    const double margin = 0.3, d = 0.02, horizon = 52.0;
    const uint32_t steps = 52;
    enum { CUSTOMERS = 200000 };
    double sum = 0.0, sum_sq = 0.0;
    for (int i = 0; i < CUSTOMERS; i++) {
        double lambda = sampler_gamma(&rng, bgnbd[0], bgnbd[1]);
        double u = sampler_gamma(&rng, bgnbd[2], 1.0);
        double p = u / (u + sampler_gamma(&rng, bgnbd[3], 1.0));
        double nu = sampler_gamma(&rng, gg[1], gg[2]), value = 0.0, t = 0.0;
        for (;;) {
            t += -log(sampler_uniform(&rng)) / lambda;
            if (t > horizon)
                break;
            double step_end = ceil(t * steps / horizon) * horizon / steps;
            value += margin * sampler_gamma(&rng, gg[0], nu) / pow(1.0 + d, step_end);
            if (sampler_uniform(&rng) < p)
                break;
        }
        sum += value;
        sum_sq += value * value;
    }
    double mean = sum / CUSTOMERS;
    double se = sqrt((sum_sq / CUSTOMERS - mean * mean) / CUSTOMERS);
    double v;
    rt_clv_options o = options(margin, d, horizon, horizon / steps);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 0, 0.0, 1e-9, 0.0, &o, &v), RT_OK);
    if (!(fabs(v - mean) <= 4.0 * se))
        fail_msg("library %.4f, Monte Carlo %.4f +- %.4f", v, mean, se);
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Parameters 1e-4..1e4, x up to 1e6 (beyond a + b + x = 200 the closed
 * form of E[Y(t)] takes over, see clv_value.c), T up to 1e5, horizons to
 * 1e4 and rates 1e-4..1: the value always answers, finite and >= 0, lower
 * at a higher rate, and within a per-call bound of 5 s (RT_TEST_TIME_SCALE
 * multiplies it on slower machines). 300 cases, 30 under valgrind. */
static void stepped_rate_stress(void **state)
{
    (void)state;
    const char *scale_text = getenv("RT_TEST_TIME_SCALE");
    double bound = 5.0 * (scale_text != NULL ? atof(scale_text) : 1.0), worst = 0.0;
    int cases = getenv("RT_UNDER_VALGRIND") != NULL ? 30 : 300;
    for (int i = 0; i < cases; i++) {
        double p[4];
        for (int k = 0; k < 4; k++)
            p[k] = sampler_log_uniform(&rng, 1e-4, 1e4);
        uint64_t x = sampler_uniform(&rng) < 0.3 ? 0
                                                 : (uint64_t)sampler_log_uniform(&rng, 1.0, 1e6);
        double T = sampler_log_uniform(&rng, 1e-2, 1e5), v, lower;
        double t_x = x ? T * sampler_uniform(&rng) : 0.0;
        double rate = sampler_log_uniform(&rng, 1e-4, 1.0);
        rt_clv_options o = options(1.0, rate, sampler_log_uniform(&rng, 1.0, 1e4), 1.0);
        double start = seconds_now();
        rt_status st = rt_clv_bgnbd_gg(p, gg, x, t_x, T, 20.0, &o, &v);
        worst = fmax(worst, seconds_now() - start);
        if (st != RT_OK || !(v >= 0.0 && isfinite(v)))
            fail_msg("case %d: status %d, value %g: %s", i, st, v, rt_last_error_message());
        o.discount_rate *= 2.0;
        assert_int_equal(rt_clv_bgnbd_gg(p, gg, x, t_x, T, 20.0, &o, &lower), RT_OK);
        if (!(lower <= v))
            fail_msg("case %d: %g at twice the rate, above %g", i, lower, v);
    }
    print_message("# slowest call %.3g s\n", worst);
    if (getenv("RT_UNDER_VALGRIND") == NULL && !(worst <= bound))  /* valgrind: 50x slower */
        fail_msg("slowest call %.3g s, bound %.3g s", worst, bound);
}

/* The order of a full sort: higher value first, then lower index. */
static const double *sorted_values;
static int by_rank(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    double u = sorted_values[i], v = sorted_values[j];
    if (u != v)
        return u > v ? -1 : 1;
    return (i > j) - (i < j);
}

static void ranking_matches_a_full_sort(void **state)
{
    (void)state;
    enum { N = 1000 };
    static double values[N];
    static size_t want[N], got[N + 1];
    for (size_t i = 0; i < N; i++)  /* 50 levels: many ties */
        values[i] = floor(sampler_uniform(&rng) * 50.0) * 12.5;
    for (size_t i = 0; i < N; i++)
        want[i] = i;
    sorted_values = values;
    qsort(want, N, sizeof *want, by_rank);
    const size_t ks[] = {1, 2, 7, 100, N - 1, N, N + 500};
    for (size_t c = 0; c < sizeof ks / sizeof ks[0]; c++) {
        size_t k = ks[c], m = k < N ? k : N;
        got[m] = 4242;  /* must stay: no more than min(k, n) written */
        assert_int_equal(rt_clv_rank(values, N, got, k, NULL), RT_OK);
        for (size_t i = 0; i < m; i++)
            if (got[i] != want[i])
                fail_msg("k = %zu: rank %zu is %zu, want %zu", k, i, got[i], want[i]);
        assert_int_equal(got[m], 4242);
    }
    double total = -1.0;
    assert_int_equal(rt_clv_rank(values, N, NULL, 0, &total), RT_OK);
    long double exact = 0.0L;  /* multiples of 12.5: exact in long double */
    for (size_t i = 0; i < N; i++)
        exact += (long double)values[i];
    assert_true(total == (double)exact);
    assert_int_equal(rt_clv_rank(NULL, 0, NULL, 5, &total), RT_OK);
    assert_true(total == 0.0);
}

static void base_total_is_compensated(void **state)
{
    (void)state;
    /* Summed naively, 1e16 + 1 rounds the 1 away and the total is 0. */
    const double values[3] = {1e16, 1.0, -1e16};
    double total;
    size_t order[3];
    assert_int_equal(rt_clv_rank(values, 3, order, 3, &total), RT_OK);
    assert_true(total == 1.0);
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 2);
}

static void ranking_refuses_bad_input(void **state)
{
    (void)state;
    const double values[4] = {3.0, (double)NAN, 1.0, 2.0};
    size_t order[4] = {9, 9, 9, 9};
    double total = 7.0;
    assert_int_equal(rt_clv_rank(values, 4, order, 4, &total), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "values[1]"));
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(order[i], 9);  /* nothing written */
    assert_true(total == 7.0);
    const double inf[2] = {1.0, (double)INFINITY};
    assert_int_equal(rt_clv_rank(inf, 2, order, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_clv_rank(NULL, 3, order, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_clv_rank(values, 1, NULL, 1, NULL), RT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(limiting_forms),
        cmocka_unit_test(bad_options_change_nothing),
        cmocka_unit_test(a_partial_last_period_ends_at_the_horizon),
        cmocka_unit_test(stepped_rate_matches_the_closed_form_on_cdnow),
        cmocka_unit_test(stepped_rate_stress),
        cmocka_unit_test(monte_carlo_of_a_new_customer),
        cmocka_unit_test(ranking_matches_a_full_sort),
        cmocka_unit_test(base_total_is_compensated),
        cmocka_unit_test(ranking_refuses_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
