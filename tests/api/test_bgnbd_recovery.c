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
#include "sampler.h"

static sampler rng;

/* One customer observed for T: purchases at Poisson rate lambda while alive;
 * after each repeat purchase, gone with probability p (Fader, Hardie & Lee
 * 2005, assumptions i-v). */
static void simulate(double lambda, double p, double T, uint64_t *x, double *t_x)
{
    double t = 0.0;
    *x = 0;
    *t_x = 0.0;
    for (;;) {
        t += -log(sampler_uniform(&rng)) / lambda;
        if (t > T)
            return;
        ++*x;
        *t_x = t;
        if (sampler_uniform(&rng) < p)
            return;
    }
}

static void bgnbd_parameters_are_recovered(void **state)
{
    (void)state;
    const double truth[4] = {0.25, 4.0, 0.8, 2.5};  /* r, alpha, a, b */
    enum { CUSTOMERS = 100000 };
    rng = sampler_seeded(UINT64_C(0x9E3779B97F4A7C15));
    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    for (int i = 0; i < CUSTOMERS; i++) {
        double lambda = sampler_gamma(&rng, truth[0], truth[1]);
        double u = sampler_gamma(&rng, truth[2], 1.0), v = sampler_gamma(&rng, truth[3], 1.0);
        double T = 30.0 + 10.0 * sampler_uniform(&rng), t_x;
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
