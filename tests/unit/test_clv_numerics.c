/* The numerical kernels of the CLV models: log-space helpers, the
 * hypergeometric series against closed forms and a direct Gauss series, and
 * the BFGS minimiser on textbook functions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "assert_close.h"
#include "clv/optimize.h"
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

static double rosenbrock(const double *x, void *ctx)
{
    (void)ctx;
    return 100.0 * pow(x[1] - x[0] * x[0], 2) + pow(1.0 - x[0], 2);
}

static double quadratic(const double *x, void *ctx)
{
    (void)ctx;  /* minimum 0 at (1, -2, 3, 0.5); Hessian diag(2, 8, 2, 50) */
    return pow(x[0] - 1.0, 2) + 4.0 * pow(x[1] + 2.0, 2) + pow(x[2] - 3.0, 2)
           + 25.0 * pow(x[3] - 0.5, 2);
}

static void bfgs_finds_textbook_minima(void **state)
{
    (void)state;
    rti_minimum m = {.theta = {-1.2, 1.0}};
    rti_minimize(rosenbrock, NULL, 2, 500, 1e-10, 0, &m);
    assert_true(m.converged);
    assert_close(m.theta[0], 1.0, 0.0, 1e-4);
    assert_close(m.theta[1], 1.0, 0.0, 1e-4);

    rti_minimum q = {.theta = {0.0, 0.0, 0.0, 0.0}};
    rti_minimize(quadratic, NULL, 4, 500, 1e-10, 1, &q);
    assert_true(q.converged);
    const double want[4] = {1.0, -2.0, 3.0, 0.5};
    /* Standard errors: sqrt(diag(H^-1)) = 1/sqrt(2), 1/sqrt(8), 1/sqrt(2), 1/sqrt(50). */
    const double se[4] = {sqrt(0.5), sqrt(0.125), sqrt(0.5), sqrt(0.02)};
    for (size_t i = 0; i < 4; i++) {
        assert_close(q.theta[i], want[i], 0.0, 1e-6);
        assert_close(q.std_errors[i], se[i], 1e-4, 0.0);
    }

    rti_minimum few = {.theta = {-1.2, 1.0}};
    rti_minimize(rosenbrock, NULL, 2, 3, 1e-10, 0, &few);
    assert_false(few.converged);
    assert_int_equal(few.iterations, 3);
    assert_true(few.value < rosenbrock((const double[2]){-1.2, 1.0}, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(log_space_helpers_do_not_overflow),
        cmocka_unit_test(gauss_series_matches_closed_forms),
        cmocka_unit_test(bgnbd_bracket_equals_the_untransformed_formula),
        cmocka_unit_test(bfgs_finds_textbook_minima),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
