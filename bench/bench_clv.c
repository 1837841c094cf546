/* BG/NBD on CDNOW: the fit on the compressed RFM histogram, and one
 * likelihood evaluation on the histogram against the same likelihood summed
 * per customer (the uncompressed baseline, written here), in the same run.
 * usage: bench_clv [repetitions]   (data from RT_TEST_DATA, as the tests) */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "retention.h"
#include "testdata.h"

static cdnow_data cdnow;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double lbeta(double a, double b)
{
    return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/* FHL 2005 eq. 6, one term per customer. */
static double per_customer_ll(const double p[4])
{
    double r = p[0], alpha = p[1], a = p[2], b = p[3], sum = 0.0;
    for (size_t i = 0; i < cdnow.n; i++) {
        double x = (double)cdnow.x[i];
        double c = lgamma(r + x) - lgamma(r) + r * log(alpha) - lbeta(a, b);
        double t1 = lbeta(a, b + x) - (r + x) * log(alpha + cdnow.T[i]);
        if (cdnow.x[i] == 0) {
            sum += c + t1;
            continue;
        }
        double t2 = lbeta(a + 1.0, b + x - 1.0) - (r + x) * log(alpha + cdnow.t_x[i]);
        double hi = fmax(t1, t2);
        sum += c + hi + log(exp(t1 - hi) + exp(t2 - hi));
    }
    return sum;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 200;
    if (reps < 1 || cdnow_load(&cdnow) != 0) {
        fprintf(stderr, "bench_clv: cannot load cdnow_cbs.csv (set RT_TEST_DATA)\n");
        return 1;
    }
    rt_rfm *rfm = NULL;
    if (rt_rfm_new(NULL, &rfm) != RT_OK ||
        rt_rfm_add_many(rfm, cdnow.x, cdnow.t_x, cdnow.T, cdnow.n, NULL) != RT_OK)
        return 1;
    const double p[4] = {0.243, 4.414, 0.793, 2.426};
    double ll_h = 0.0, ll_c = 0.0;

    double t0 = now();
    for (int i = 0; i < reps; i++)
        rt_bgnbd_log_likelihood(p, rfm, &ll_h);
    double t_hist = (now() - t0) / reps;
    t0 = now();
    for (int i = 0; i < reps; i++)
        ll_c = per_customer_ll(p);
    double t_cust = (now() - t0) / reps;

    rt_fit_report report;
    rt_fit_report_init(&report, sizeof report);
    int fits = reps / 20 > 0 ? reps / 20 : 1;
    t0 = now();
    rt_status st = RT_OK;
    for (int i = 0; i < fits; i++)
        st = rt_bgnbd_fit(rfm, NULL, &report);
    double t_fit = (now() - t0) / fits;

    printf("CDNOW: %zu customers, %zu distinct (x, t_x, T) rows (%.2fx compression)\n",
           cdnow.n, rt_rfm_row_count(rfm), (double)cdnow.n / (double)rt_rfm_row_count(rfm));
    printf("log-likelihood, histogram:    %9.1f us  (LL %.6f)\n", 1e6 * t_hist, ll_h);
    printf("log-likelihood, per customer: %9.1f us  (LL %.6f)  baseline\n", 1e6 * t_cust, ll_c);
    printf("speedup of the histogram:     %9.2fx  (%.1f M customers/s)\n", t_cust / t_hist,
           1e-6 * (double)cdnow.n / t_hist);
    printf("BG/NBD fit on the histogram:  %9.2f ms  (%s, %u iterations, LL %.4f)\n",
           1e3 * t_fit, rt_strerror(st), (unsigned)report.iterations, report.log_likelihood);
    rt_rfm_free(rfm);
    return fabs(ll_h - ll_c) <= 1e-9 * fabs(ll_c) ? 0 : 1;
}
