/* The numerical kernels of the CLV models: log-space helpers, the
 * hypergeometric series against closed forms and a direct Gauss series, and
 * the BFGS minimiser on textbook functions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assert_close.h"
#include "clv/bgnbd_data.h"
#include "clv/objectives.h"
#include "clv/optimize.h"
#include "retention.h"
#include "sampler.h"
#include "testdata.h"
#include "clv/quadrature.h"
#include "clv/special.h"

static void log_space_helpers_do_not_overflow(void **state)
{
    (void)state;
    assert_close(rti_log_add_exp(0.0, 0.0), log(2.0), 1e-15, 0.0);
    assert_close(rti_log_add_exp(1000.0, 1000.0), 1000.0 + log(2.0), 1e-15, 0.0);
    assert_close(rti_log_add_exp(-HUGE_VAL, 3.0), 3.0, 1e-15, 0.0);
    assert_true(rti_log_add_exp(-HUGE_VAL, -HUGE_VAL) == -HUGE_VAL);
    assert_close(rti_logistic_complement(0.0), 0.5, 1e-15, 0.0);
    assert_close(rti_logistic_complement(-800.0), 1.0, 1e-15, 0.0);
    assert_true(rti_logistic_complement(800.0) == 0.0);
    assert_close(rti_logistic_complement(30.0), exp(-30.0) / (1.0 + exp(-30.0)), 1e-14, 0.0);
    /* B(2, 3) = 1! 2! / 4! = 1/12. */
    assert_close(rti_lbeta(2.0, 3.0), log(1.0 / 12.0), 1e-14, 0.0);
}

static void gauss_series_matches_closed_forms(void **state)
{
    (void)state;
    /* 2F1(1, 1; 2; z) = -ln(1 - z) / z (Abramowitz & Stegun 15.1.3). */
    const double zs[] = {1e-8, 0.1, 0.5, 0.9, 0.999};
    for (size_t i = 0; i < 5; i++) {
        double f;
        assert_int_equal(rti_hyp2f1_one(1.0, 2.0, zs[i], &f, "test"), RT_OK);
        assert_close(f, -log1p(-zs[i]) / zs[i], 1e-13, 0.0);
    }
    /* 2F1(1, b; b; z) = 1 / (1 - z). */
    double f;
    assert_int_equal(rti_hyp2f1_one(3.5, 3.5, 0.7, &f, "test"), RT_OK);
    assert_close(f, 1.0 / 0.3, 1e-13, 0.0);
    assert_int_equal(rti_hyp2f1_one(1.0, 2.0, 0.0, &f, "test"), RT_OK);
    assert_close(f, 1.0, 0.0, 0.0);
}

/* Direct Gauss series of 2F1(a, b; c; z), for moderate parameters only. */
static double gauss(double a, double b, double c, double z)
{
    double sum = 1.0, term = 1.0;
    for (int k = 0; k < 100000; k++) {
        term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        sum += term;
        if (fabs(term) < 1e-18 * fabs(sum))
            break;
    }
    return sum;
}

static void bgnbd_bracket_equals_the_untransformed_formula(void **state)
{
    (void)state;
    /* (C / (a - 1)) [1 - w^{r+x} 2F1(r+x, b+x; C; z)], FHL 2005 eq. 10
     * without P(alive), evaluated directly for moderate x. */
    const double par[4] = {0.243, 4.414, 0.793, 2.426};
    const double xs[] = {0.0, 1.0, 4.0, 10.0};
    for (size_t i = 0; i < 4; i++) {
        double x = xs[i], T = 30.0, t = 20.0;
        double r = par[0], alpha = par[1], a = par[2], b = par[3];
        double C = a + b + x - 1.0, z = t / (alpha + T + t), w = 1.0 - z;
        double direct = C / (a - 1.0) * (1.0 - pow(w, r + x) * gauss(r + x, b + x, C, z));
        double v;
        assert_int_equal(rti_bgnbd_bracket(par, x, T, t, &v, "test"), RT_OK);
        assert_close(v, direct, 1e-10, 0.0);
    }
    /* a = 1 is the limit of a -> 1 (no 0/0). */
    const double one[4] = {0.5, 2.0, 1.0, 3.0};
    const double near[4] = {0.5, 2.0, 1.0 + 1e-7, 3.0};
    double v1, v2;
    assert_int_equal(rti_bgnbd_bracket(one, 2.0, 10.0, 5.0, &v1, "test"), RT_OK);
    assert_int_equal(rti_bgnbd_bracket(near, 2.0, 10.0, 5.0, &v2, "test"), RT_OK);
    assert_close(v1, v2, 1e-6, 0.0);
}

/* Textbook objectives, each with its gradient by hand. */
static double rosenbrock(const double *x, void *ctx, double *g)
{
    (void)ctx;
    if (g != NULL) {
        g[0] = -400.0 * x[0] * (x[1] - x[0] * x[0]) - 2.0 * (1.0 - x[0]);
        g[1] = 200.0 * (x[1] - x[0] * x[0]);
    }
    return 100.0 * pow(x[1] - x[0] * x[0], 2) + pow(1.0 - x[0], 2);
}

static double quadratic(const double *x, void *ctx, double *g)
{
    (void)ctx;  /* minimum 0 at (1, -2, 3, 0.5); Hessian diag(2, 8, 2, 50) */
    if (g != NULL) {
        g[0] = 2.0 * (x[0] - 1.0);
        g[1] = 8.0 * (x[1] + 2.0);
        g[2] = 2.0 * (x[2] - 3.0);
        g[3] = 50.0 * (x[3] - 0.5);
    }
    return pow(x[0] - 1.0, 2) + 4.0 * pow(x[1] + 2.0, 2) + pow(x[2] - 3.0, 2)
           + 25.0 * pow(x[3] - 0.5, 2);
}

/* Both ways of taking the gradient: differences (analytic = 0) and the
 * objective's own. */
static void bfgs_finds_textbook_minima(void **state)
{
    (void)state;
    for (int analytic = 0; analytic <= 1; analytic++) {
        const rti_problem banana = {rosenbrock, NULL, 2, analytic};
        rti_minimum m = {.theta = {-1.2, 1.0}};
        rti_minimize(&banana, 500, 1e-10, 0, &m);
        assert_true(m.converged);
        assert_close(m.theta[0], 1.0, 0.0, 1e-4);
        assert_close(m.theta[1], 1.0, 0.0, 1e-4);

        const rti_problem bowl = {quadratic, NULL, 4, analytic};
        rti_minimum q = {.theta = {0.0, 0.0, 0.0, 0.0}};
        rti_minimize(&bowl, 500, 1e-10, 1, &q);
        assert_true(q.converged);
        const double want[4] = {1.0, -2.0, 3.0, 0.5};
        /* Standard errors: sqrt(diag(H^-1)) = 1/sqrt(2), 1/sqrt(8), 1/sqrt(2), 1/sqrt(50). */
        const double se[4] = {sqrt(0.5), sqrt(0.125), sqrt(0.5), sqrt(0.02)};
        for (size_t i = 0; i < 4; i++) {
            assert_close(q.theta[i], want[i], 0.0, 1e-6);
            assert_close(q.std_errors[i], se[i], 1e-4, 0.0);
        }

        rti_minimum few = {.theta = {-1.2, 1.0}};
        rti_minimize(&banana, 3, 1e-10, 0, &few);
        assert_false(few.converged);
        assert_int_equal(few.iterations, 3);
        assert_true(few.value < rosenbrock((const double[2]){-1.2, 1.0}, NULL, NULL));
    }
}

/* An objective that counts its evaluations. */
typedef struct counted_objective {
    rti_objective f;
    void *ctx;
    int calls;
} counted_objective;

static double counted(const double *theta, void *ctx, double *g)
{
    counted_objective *c = ctx;
    c->calls++;
    return c->f(theta, c->ctx, g);
}

/* Simulated BG/NBD customers (r 0.25, alpha 4, a 0.8, b 2.5) over 52 weeks,
 * purchase days counted as bench_clv_scale does; returns the mean T. */
static double simulate_bgnbd(rt_rfm *rfm, size_t n, uint64_t seed)
{
    sampler s = sampler_seeded(seed);
    double sum_T = 0.0;
    for (size_t i = 0; i < n; i++) {
        double lambda = sampler_gamma(&s, 0.25, 4.0), u = sampler_gamma(&s, 0.8, 1.0);
        double p = u / (u + sampler_gamma(&s, 2.5, 1.0));
        int first = (int)(sampler_uniform(&s) * 84.0), last = first;
        uint64_t x = 0;
        for (double t = first / 7.0;;) {
            t += -log(sampler_uniform(&s)) / lambda;
            if (t >= 52.0)
                break;
            int day = (int)(t * 7.0);
            x += day != last;
            last = day;
            if (sampler_uniform(&s) < p)
                break;
        }
        double T = (364 - first) / 7.0;
        assert_int_equal(rt_rfm_add(rfm, x, (last - first) / 7.0, T, 1), RT_OK);
        sum_T += T;
    }
    return sum_T / (double)n;
}

/* Near the optimum of a likelihood of many customers (its curvature as large)
 * the quasi-Newton direction may stop being downhill; the search restarted
 * along the gradient with an identity of 1, overshot by the curvature and
 * halved back a dozen times: 37 evaluations where 27 do (53 at 100,000
 * customers). The restart there keeps the scale of the curvature seen;
 * the optimum is the one found from the simulation's own parameters. */
static void bfgs_restarts_near_the_optimum_at_the_curvature_seen(void **state)
{
    (void)state;
    rt_rfm *rfm = NULL;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    double mean_T = simulate_bgnbd(rfm, 20000, 17);
    rti_bgnbd_data d;
    assert_int_equal(rti_bgnbd_data_init(&d, rfm, "test"), RT_OK);
    counted_objective c = {rti_bgnbd_negative_ll, &d, 0};
    const rti_problem problem = {counted, &c, 4, 1};
    rti_minimum m = {.theta = {0.0, log(mean_T), 0.0, 0.0}};  /* rt_bgnbd_fit's start */
    rti_minimize(&problem, 500, 1e-9, 0, &m);
    assert_true(m.converged);
    assert_in_range(c.calls, 1, 30);
    rti_minimum from_truth = {.theta = {log(0.25), log(4.0), log(0.8), log(2.5)}};
    rti_minimize(&problem, 500, 1e-9, 0, &from_truth);
    assert_true(from_truth.converged);
    for (size_t i = 0; i < 4; i++)
        assert_close(m.theta[i], from_truth.theta[i], 0.0, 1e-5);
    rti_bgnbd_data_free(&d);
    rt_rfm_free(rfm);
}

/* Each analytic gradient against central differences of its objective, at
 * a point away from the optimum (where the gradient is not near zero). */
static void check_gradient(rti_objective f, void *ctx, size_t n, const double *theta)
{
    double g[RTI_MAX_PARAMS], x[RTI_MAX_PARAMS];
    double value = f(theta, ctx, g);
    assert_close(value, f(theta, ctx, NULL), 1e-15, 0.0);  /* same value either way */
    for (size_t i = 0; i < n; i++) {
        const double h = 1e-5;
        for (size_t j = 0; j < n; j++)
            x[j] = theta[j];
        x[i] = theta[i] + h;
        double fp = f(x, ctx, NULL);
        x[i] = theta[i] - h;
        double fm = f(x, ctx, NULL);
        assert_close(g[i], (fp - fm) / (2.0 * h), 1e-6, 1e-6);
    }
}

static cdnow_data cdnow;

static int by_value(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return (u > v) - (u < v);
}

/* Distinct values among t_x and T, by sorting a copy. */
static size_t distinct_times(const double *t_x, const double *T, size_t n)
{
    double *all = malloc(2 * n * sizeof *all);
    assert_non_null(all);
    for (size_t i = 0; i < n; i++) {
        all[2 * i] = t_x[i];
        all[2 * i + 1] = T[i];
    }
    qsort(all, 2 * n, sizeof *all, by_value);
    size_t distinct = 0;
    for (size_t i = 0; i < 2 * n; i++)
        distinct += i == 0 || all[i] != all[i - 1];
    free(all);
    return distinct;
}

static void analytic_gradients_match_differences(void **state)
{
    (void)state;
    assert_int_equal(cdnow_load(&cdnow), 0);
    rt_rfm *rfm = NULL;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_rfm_add_many(rfm, cdnow.x, cdnow.t_x, cdnow.T, cdnow.n, NULL), RT_OK);
    const double bg[4] = {log(0.5), log(3.0), log(1.3), log(1.7)};
    rti_bgnbd_data table;
    assert_int_equal(rti_bgnbd_data_init(&table, rfm, "test"), RT_OK);
    check_gradient(rti_bgnbd_negative_ll, &table, 4, bg);
    /* The table holds each distinct time once, and the likelihood read
     * through it is the one computed row by row. */
    assert_int_equal(table.n_times, distinct_times(cdnow.t_x, cdnow.T, cdnow.n));
    const double p[4] = {exp(bg[0]), exp(bg[1]), exp(bg[2]), exp(bg[3])};
    double ll;
    assert_int_equal(rt_bgnbd_log_likelihood(p, rfm, &ll), RT_OK);
    assert_close(-rti_bgnbd_negative_ll(bg, &table, NULL), ll, 1e-13, 0.0);
    rti_gg_data gg;
    rti_gg_data_init(&gg, cdnow.x, cdnow.m_x, cdnow.n);
    const double gp[3] = {log(3.0), log(2.5), log(20.0)};
    check_gradient(rti_gamma_gamma_negative_ll, &gg, 3, gp);
    uint64_t s[9] = {1000, 631, 468, 382, 326, 289, 262, 241, 500};
    size_t lens[2] = {8, 1};
    rti_sbg_data sd = {s, lens, 2};
    const double sp[2] = {log(0.4), log(2.0)};
    check_gradient(rti_sbg_negative_ll, &sd, 2, sp);
    rti_bgnbd_data_free(&table);
    rt_rfm_free(rfm);
    /* Digamma: psi(1) = -Euler's gamma, psi(1/2) = -gamma - 2 ln 2 (A&S 6.3.2, 6.3.3). */
    const double euler = 0.57721566490153286;
    assert_close(rti_digamma(1.0), -euler, 1e-14, 0.0);
    assert_close(rti_digamma(0.5), -euler - 2.0 * log(2.0), 1e-14, 0.0);
    assert_close(rti_digamma(1000.5) - rti_digamma(999.5), 1.0 / 999.5, 1e-10, 0.0);
}

static void lgamma_ratios_keep_their_digits(void **state)
{
    (void)state;
    /* mpmath loggamma at 50 digits. ln Gamma(2^32 + 1/2) - ln Gamma(2^32):
     * the two logarithms are 9.1e10, their difference 11.09. */
    assert_close(rti_lgamma_ratio(4294967296.0, 0.5), 11.09035488893002112021898, 1e-15, 0.0);
    assert_close(rti_lgamma_ratio(3.5, 20.0), 48.83252050267207794143922, 1e-15, 0.0);
    assert_close(rti_lgamma_ratio(7.0, 0.0), 0.0, 0.0, 0.0);
    /* ln B(1e6, 5/2) and ln B(1e-14, 1e15), mpmath log(beta(.)). */
    assert_close(rti_lbeta(1e6, 2.5), -34.25409539943651610180925, 1e-15, 0.0);
    assert_close(rti_lbeta(1e-14, 1e15), 32.23619130191628841633128, 1e-15, 0.0);
    /* B(a, b + e) / B(a, b) both ways of grouping: B(2, 3 + 2) / B(2, 3) =
     * (1/30) / (1/12) = 0.4 by hand, and the same with a = 2 < e = 5:
     * B(2, 8) / B(2, 3) = (1/72) / (1/12) = 1/6. */
    assert_close(rti_lbeta_ratio(2.0, 3.0, 2.0), log(0.4), 1e-14, 0.0);
    assert_close(rti_lbeta_ratio(2.0, 3.0, 5.0), log(1.0 / 6.0), 1e-14, 0.0);
}

static double log_gauss(const void *ctx, double y)
{
    const double *p = ctx;  /* {centre, sigma} */
    double u = (y - p[0]) / p[1];
    return -0.5 * u * u;
}

static double log_flat(const void *ctx, double y)
{
    (void)ctx;
    (void)y;
    return 0.0;
}

static void quadrature_integrates_peaks_and_stops_at_its_cap(void **state)
{
    (void)state;
    /* int exp(-(y-c)^2 / (2 s^2)) dy = s sqrt(2 pi): ln = ln s + 0.918938533204672741780. */
    const double wide[2] = {3.0, 1.0}, narrow[2] = {3.0, 1e-3}, edge[2] = {0.0, 2.0};
    double v;
    assert_int_equal(rti_log_integral(log_gauss, wide, -40.0, 40.0, &v, "test"), RT_OK);
    assert_close(v, 0.918938533204672741780, 1e-14, 0.0);
    assert_int_equal(rti_log_integral(log_gauss, narrow, -100.0, 100.0, &v, "test"), RT_OK);
    assert_close(v, 0.918938533204672741780 + log(1e-3), 0.0, 1e-13);
    /* Half a Gaussian, its maximum at the end: ln(s sqrt(pi / 2)) = ln sqrt(2 pi) at s = 2. */
    assert_int_equal(rti_log_integral(log_gauss, edge, 0.0, 50.0, &v, "test"), RT_OK);
    assert_close(v, 0.918938533204672741780, 1e-14, 0.0);
    /* A flat integrand over 1e9: more panels than the cap, RT_ECONVERGE. */
    v = 12345.0;
    assert_int_equal(rti_log_integral(log_flat, NULL, 0.0, 1e9, &v, "test_fn"), RT_ECONVERGE);
    assert_non_null(strstr(rt_last_error_message(), "test_fn"));
    assert_non_null(strstr(rt_last_error_message(), "panels"));
    assert_true(v == 12345.0);
}

static void hypergeometric_near_one_by_euler_integral(void **state)
{
    (void)state;
    /* mpmath log(hyp2f1(1, b, c, z)) at 50 digits, where the series would
     * need 4e4 to 4e10 terms, or its terms grow (b > c). */
    double v;
    assert_int_equal(rti_log_hyp2f1_one(2.5, 3.7, 0.999, 0.001, &v, "test"), RT_OK);
    assert_close(v, 2.1907991880784704361, 1e-13, 0.0);
    assert_int_equal(rti_log_hyp2f1_one(50.0, 3.0, 0.5, 0.5, &v, "test"), RT_OK);
    assert_close(v, 27.587484899538604423, 1e-13, 0.0);
    /* z = 1 - 2^-30 and w = 2^-30, both exact doubles (1 - 1e-9 is not). */
    assert_int_equal(rti_log_hyp2f1_one(1e6, 1e6 + 2.5, 1.0 - 0x1p-30, 0x1p-30, &v, "test"), RT_OK);
    /* The exponent (c-1) ln v - b ln(w + z v) cancels 1e6-sized terms:
     * about 1e-16 b absolute, the documented bound of the integral. */
    assert_close(v, 13.40828011942561770967027, 0.0, 1e-16 * 1e6);
    /* c >= 2b + 100: the series at any z (each ratio under 1/2), where the
     * integral's peak, 1/c wide, made a Pareto/NBD fit take 36 s. mpmath:
     * 4.6363636395458676422e-10 and 0.014141634463792140884. */
    assert_int_equal(rti_log_hyp2f1_one(1.02, 2.2e9, 1.0 - 0x1p-55, 0x1p-55, &v, "test"), RT_OK);
    assert_close(v, 4.6363636395458676422e-10, 1e-13, 0.0);
    assert_int_equal(rti_log_hyp2f1_one(3.5, 250.0, 0.999, 0.001, &v, "test"), RT_OK);
    assert_close(v, 0.014141634463792140884, 1e-13, 0.0);
    /* c <= 1 has no Euler integral: the series, capped at 1e5 terms. */
    v = 12345.0;
    assert_int_equal(rti_log_hyp2f1_one(1.0, 0.5, 1.0 - 1e-9, 1e-9, &v, "test_fn"), RT_ECONVERGE);
    assert_non_null(strstr(rt_last_error_message(), "terms"));
    assert_true(v == 12345.0);
}

static void bgnbd_bracket_integral_agrees_with_the_series(void **state)
{
    (void)state;
    /* Where the series applies (C = 152 <= 30 (r + x), z = 0.6), nudging a
     * across 100 (a <= 100 takes the series, a > 100 the integral over p)
     * changes the value smoothly: the two methods agree to 1e-12 (they
     * share no code). */
    double lo, hi;
    const double below[4] = {10.0, 3.0, 100.0, 50.0};
    const double above[4] = {10.0, 3.0, 100.0 * (1 + 1e-15), 50.0};
    assert_int_equal(rti_bgnbd_bracket(below, 3.0, 10.0, 20.0, &lo, "test"), RT_OK);
    assert_int_equal(rti_bgnbd_bracket(above, 3.0, 10.0, 20.0, &hi, "test"), RT_OK);
    assert_close(hi, lo, 1e-12, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(log_space_helpers_do_not_overflow),
        cmocka_unit_test(gauss_series_matches_closed_forms),
        cmocka_unit_test(bgnbd_bracket_equals_the_untransformed_formula),
        cmocka_unit_test(bfgs_finds_textbook_minima),
        cmocka_unit_test(bfgs_restarts_near_the_optimum_at_the_curvature_seen),
        cmocka_unit_test(analytic_gradients_match_differences),
        cmocka_unit_test(lgamma_ratios_keep_their_digits),
        cmocka_unit_test(quadrature_integrates_peaks_and_stops_at_its_cap),
        cmocka_unit_test(hypergeometric_near_one_by_euler_integral),
        cmocka_unit_test(bgnbd_bracket_integral_agrees_with_the_series),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
