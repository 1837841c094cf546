/* Parameter recovery: 100,000 customers simulated from known BG/NBD
 * parameters (continuous time, the model's own story, written here), fitted
 * by maximum likelihood: every estimate within 3 standard errors of the
 * truth, and the standard errors positive and finite. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>

#include "retention.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;
static double uniform(void)  /* splitmix64, in (0, 1) */
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) * 0x1.0p-53;
}

static double normal(void)
{
    return sqrt(-2.0 * log(uniform())) * cos(6.283185307179586 * uniform());
}

static double gamma_draw(double shape, double rate)  /* Marsaglia & Tsang (2000) */
{
    if (shape < 1.0)
        return gamma_draw(shape + 1.0, rate) * pow(uniform(), 1.0 / shape);
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double z = normal(), v = pow(1.0 + c * z, 3);
        if (v > 0 && log(uniform()) < 0.5 * z * z + d - d * v + d * log(v))
            return d * v / rate;
    }
}

/* One customer observed for T: purchases at Poisson rate lambda while alive;
 * after each repeat purchase, gone with probability p (Fader, Hardie & Lee
 * 2005, assumptions i-v). */
static void simulate(double lambda, double p, double T, uint64_t *x, double *t_x)
{
    double t = 0.0;
    *x = 0;
    *t_x = 0.0;
    for (;;) {
        t += -log(uniform()) / lambda;
        if (t > T)
            return;
        ++*x;
        *t_x = t;
        if (uniform() < p)
            return;
    }
}

static void bgnbd_parameters_are_recovered(void **state)
{
    (void)state;
    const double truth[4] = {0.25, 4.0, 0.8, 2.5};  /* r, alpha, a, b */
    enum { CUSTOMERS = 100000 };
    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    for (int i = 0; i < CUSTOMERS; i++) {
        double lambda = gamma_draw(truth[0], truth[1]);
        double u = gamma_draw(truth[2], 1.0), v = gamma_draw(truth[3], 1.0);
        double T = 30.0 + 10.0 * uniform(), t_x;
        uint64_t x;
        simulate(lambda, u / (u + v), T, &x, &t_x);
        assert_int_equal(rt_rfm_add(rfm, x, t_x, T, 1), RT_OK);
    }
    rt_fit_options o;
    rt_fit_options_init(&o, sizeof o);
    o.compute_std_errors = 1;
    rt_fit_report report;
    rt_fit_report_init(&report, sizeof report);
    assert_int_equal(rt_bgnbd_fit(rfm, &o, &report), RT_OK);
    for (int k = 0; k < 4; k++) {
        double se = report.std_errors[k];
        assert_true(se > 0.0 && isfinite(se));
        if (!(fabs(report.params[k] - truth[k]) <= 3.0 * se))
            fail_msg("parameter %d: %.4f, truth %.4f, standard error %.4f", k,
                     report.params[k], truth[k], se);
    }
    rt_rfm_free(rfm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bgnbd_parameters_are_recovered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
