/* rt_clv_bgnbd_gg over every CDNOW customer as the horizon grows: weekly
 * periods, undiscounted and at 0.2 % a week, against the per-period closed
 * form the library used before 1.0 (O(H^2): each E[Y(t)] a series of
 * ~t / (alpha + T) terms), which is run only where it takes seconds.
 * usage: bench_clv_horizon   (data from RT_TEST_DATA, as the tests) */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "retention.h"
#include "testdata.h"

static cdnow_data cdnow;
static const double bgnbd[4] = {0.243, 4.414, 0.793, 2.426};
static const double gg[3] = {6.25, 3.74, 15.44};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The old algorithm: the difference of closed forms per period. */
static rt_status per_period(size_t i, const rt_clv_options *o, double *v)
{
    double spend, value = 0.0, before = 0.0;
    rt_status st = rt_gamma_gamma_expected_spend(gg, cdnow.x[i], cdnow.m_x[i], &spend);
    uint32_t periods = (uint32_t)ceil(o->horizon / o->step);
    for (uint32_t k = 1; k <= periods && st == RT_OK; k++) {
        double t = fmin(k * o->step, o->horizon), upto;
        st = rt_bgnbd_conditional_expected_purchases(bgnbd, cdnow.x[i], cdnow.t_x[i],
                                                     cdnow.T[i], t, &upto);
        value += (upto - before) * exp(-t * log1p(o->discount_rate));
        before = upto;
    }
    *v = o->margin * spend * value;
    return st;
}

static rt_status library(size_t i, const rt_clv_options *o, double *v)
{
    return rt_clv_bgnbd_gg(bgnbd, gg, cdnow.x[i], cdnow.t_x[i], cdnow.T[i], cdnow.m_x[i], o, v);
}

/* Seconds for the whole base and its total value; -1 on a failure. */
static double run(rt_status (*f)(size_t, const rt_clv_options *, double *),
                  const rt_clv_options *o, double *total)
{
    double start = now(), sum = 0.0, v;
    for (size_t i = 0; i < cdnow.n; i++) {
        if (f(i, o, &v) != RT_OK) {
            fprintf(stderr, "customer %zu: %s\n", i, rt_last_error_message());
            return -1.0;
        }
        sum += v;
    }
    *total = sum;
    return now() - start;
}

int main(void)
{
    if (cdnow_load(&cdnow) != 0) {
        fprintf(stderr, "bench_clv_horizon: cannot load cdnow_cbs.csv (set RT_TEST_DATA)\n");
        return 1;
    }
    static const double horizons[] = {52.0, 520.0, 2600.0, 100000.0};
    static const double rates[] = {0.0, 0.002};
    int bad = 0;
    for (size_t h = 0; h < sizeof horizons / sizeof horizons[0]; h++) {
        for (size_t d = 0; d < sizeof rates / sizeof rates[0]; d++) {
            rt_clv_options o;
            rt_clv_options_init(&o, sizeof o);
            o.horizon = horizons[h];
            o.discount_rate = rates[d];
            double total, old_total = 0.0;
            double t = run(library, &o, &total), t_old = -1.0;
            if (horizons[h] <= 520.0)
                t_old = run(per_period, &o, &old_total);
            printf("H %6.0f weeks, d %.3f: %9.3f s", horizons[h], rates[d], t);
            if (t_old >= 0.0)
                printf("   per-period closed form %9.3f s (%.0fx), totals differ by %.1e",
                       t_old, t_old / t, fabs(total - old_total) / old_total);
            printf("   base %.2f\n", total);
            bad |= t < 0.0 || (t_old >= 0.0 && !(fabs(total - old_total) <= 1e-12 * old_total));
        }
    }
    return bad;
}
