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

#include "assert_close.h"
#include "retention.h"

static const double bgnbd[4] = {0.243, 4.414, 0.793, 2.426};  /* CDNOW, weeks */
static const double gg[3] = {6.25, 3.74, 15.44};

static void limiting_forms(void **state)
{
    (void)state;
    double e_y, spend, v;
    assert_int_equal(rt_bgnbd_conditional_expected_purchases(bgnbd, 2, 30.43, 38.86, 52.0, &e_y),
                     RT_OK);
    assert_int_equal(rt_gamma_gamma_expected_spend(gg, 2, 22.35, &spend), RT_OK);
    /* No discounting: the steps telescope to margin x spend x E[Y(H)]. */
    for (uint32_t steps = 1; steps <= 64; steps *= 4) {
        assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, 0.3, 0.0, 52.0,
                                         steps, &v), RT_OK);
        assert_close(v, 0.3 * spend * e_y, 1e-12, 0.0);
    }
    /* One step: all of it discounted at the horizon. */
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, 0.3, 0.01, 52.0, 1, &v),
                     RT_OK);
    assert_close(v, 0.3 * spend * e_y / pow(1.01, 52.0), 1e-12, 0.0);
    /* Discounting only lowers it; finer steps discount earlier purchases less. */
    double coarse, fine;
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, 0.3, 0.01, 52.0, 4,
                                     &coarse), RT_OK);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, 0.3, 0.01, 52.0, 52,
                                     &fine), RT_OK);
    assert_true(v < coarse && coarse < fine && fine < 0.3 * spend * e_y);

    v = 77.0;
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, 1.5, 0.0, 52.0, 1, &v),
                     RT_EINVAL);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, 0.3, (double)NAN, 52.0,
                                     1, &v),
                     RT_EINVAL);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, 0.3, 0.0, 0.0, 1, &v),
                     RT_EINVAL);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, 0.3, 0.0, 52.0, 0, &v),
                     RT_EINVAL);
    assert_int_equal(rt_clv_bgnbd_gg(NULL, gg, 2, 30.43, 38.86, 22.35, 0.3, 0.0, 52.0, 1, &v),
                     RT_EINVAL);
    const double q_below_one[3] = {6.25, 0.9, 15.44};
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, q_below_one, 2, 30.43, 38.86, 22.35, 0.3, 0.0,
                                     52.0, 1, &v), RT_EUNDEFINED);
    assert_true(v == 77.0);
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 2, 30.43, 38.86, 22.35, 0.3, 0.0, 52.0, 1, NULL),
                     RT_EINVAL);
}

static uint64_t rng = 12345;
static double uniform(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) * 0x1.0p-53;
}

static double gamma_draw(double shape, double rate)  /* Marsaglia & Tsang (2000) */
{
    if (shape < 1.0)
        return gamma_draw(shape + 1.0, rate) * pow(uniform(), 1.0 / shape);
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double z = sqrt(-2.0 * log(uniform())) * cos(6.283185307179586 * uniform());
        double v = pow(1.0 + c * z, 3);
        if (v > 0 && log(uniform()) < 0.5 * z * z + d - d * v + d * log(v))
            return d * v / rate;
    }
}

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
        double lambda = gamma_draw(bgnbd[0], bgnbd[1]);
        double u = gamma_draw(bgnbd[2], 1.0), p = u / (u + gamma_draw(bgnbd[3], 1.0));
        double nu = gamma_draw(gg[1], gg[2]), value = 0.0, t = 0.0;
        for (;;) {
            t += -log(uniform()) / lambda;
            if (t > horizon)
                break;
            double step_end = ceil(t * steps / horizon) * horizon / steps;
            value += margin * gamma_draw(gg[0], nu) / pow(1.0 + d, step_end);
            if (uniform() < p)
                break;
        }
        sum += value;
        sum_sq += value * value;
    }
    double mean = sum / CUSTOMERS;
    double se = sqrt((sum_sq / CUSTOMERS - mean * mean) / CUSTOMERS);
    double v;
    assert_int_equal(rt_clv_bgnbd_gg(bgnbd, gg, 0, 0.0, 1e-9, 0.0, margin, d, horizon, steps,
                                     &v), RT_OK);
    if (!(fabs(v - mean) <= 4.0 * se))
        fail_msg("library %.4f, Monte Carlo %.4f +- %.4f", v, mean, se);
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
        values[i] = floor(uniform() * 50.0) * 12.5;
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
        cmocka_unit_test(monte_carlo_of_a_new_customer),
        cmocka_unit_test(ranking_matches_a_full_sort),
        cmocka_unit_test(base_total_is_compensated),
        cmocka_unit_test(ranking_refuses_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
