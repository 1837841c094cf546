/* Lifetime value at scale: a purchase log of 1,000,000 customers simulated
 * from the BG/NBD and Gamma-Gamma models, then the summary (rt_cohort_rfm),
 * the BG/NBD fit and predictions for every customer, each timed; next to a
 * naive baseline, the BG/NBD log-likelihood summed customer by customer
 * (uncompressed), evaluated in the same run.
 * usage: bench_clv_scale [customers (1000000)] */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <retention.h>

#include "sampler.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static sampler rng = {UINT64_C(0x853c49e6748fea9b)};

static void must(rt_status st, const char *what)
{
    if (st != RT_OK) {
        fprintf(stderr, "%s: %s (%s)\n", what, rt_strerror(st), rt_last_error_message());
        exit(1);
    }
}

/* One customer's calibration purchases (weeks), BG/NBD with dropout after
 * each repeat purchase; amounts Gamma-Gamma. Returns the count. */
static size_t simulate(double weeks, int64_t day0, uint64_t id, uint64_t *ids, int64_t *times,
                       double *amounts, size_t room)
{
    double lambda = sampler_gamma(&rng, 0.25, 4.0), u = sampler_gamma(&rng, 0.8, 1.0);
    double p = u / (u + sampler_gamma(&rng, 2.5, 1.0)), nu = sampler_gamma(&rng, 3.7, 15.4);
    double t = sampler_uniform(&rng) * 12.0;  /* first purchase in the first 12 weeks */
    size_t n = 0;
    while (t < weeks && n < room) {
        ids[n] = id;
        times[n] = (day0 + (int64_t)(t * 7.0)) * 86400;
        amounts[n] = sampler_gamma(&rng, 6.0, nu);
        n++;
        if (n > 1 && sampler_uniform(&rng) < p)
            break;  /* dropped out after this repeat purchase */
        t += -log(sampler_uniform(&rng)) / lambda;
    }
    return n;
}

/* The naive likelihood, customer by customer (Fader, Hardie & Lee 2005, eq. 6). */
static double naive_bgnbd_ll(const double k[4], const uint64_t *x, const double *tx,
                             const double *T, size_t n)
{
    double r = k[0], alpha = k[1], a = k[2], b = k[3], ll = 0.0;
    for (size_t i = 0; i < n; i++) {
        double xi = (double)x[i];
        double common = lgamma(r + xi) - lgamma(r) + r * log(alpha);
        double beta_term = lgamma(a + b) + lgamma(b + xi) - lgamma(b) - lgamma(a + b + xi);
        double l1 = common + beta_term - (r + xi) * log(alpha + T[i]);
        double total = exp(l1);
        if (x[i] > 0) {
            double l2 = common + lgamma(a + b) + lgamma(a + 1) + lgamma(b + xi - 1) - lgamma(a) -
                        lgamma(b) - lgamma(a + b + xi) - (r + xi) * log(alpha + tx[i]);
            total += exp(l2);
        }
        ll += log(total);
    }
    return ll;
}

int main(int argc, char **argv)
{
    size_t customers = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000u;
    const double weeks = 52.0;
    const int64_t day0 = 20089;  /* 2025-01-01 */
    enum { BATCH = 1 << 20 };
    uint64_t *ids = malloc(BATCH * sizeof *ids);
    int64_t *times = malloc(BATCH * sizeof *times);
    double *amounts = malloc(BATCH * sizeof *amounts);
    rt_cohort *c;
    must(rt_cohort_new(NULL, &c), "rt_cohort_new");
    size_t filled = 0, purchases = 0;
    double ingest = 0.0;
    for (uint64_t id = 0; id < customers; id++) {
        if (filled + 4096 > BATCH) {
            double t = now();
            must(rt_cohort_add_purchases(c, ids, times, amounts, filled, NULL), "add");
            ingest += now() - t;
            purchases += filled;
            filled = 0;
        }
        filled += simulate(weeks, day0, id, ids + filled, times + filled, amounts + filled,
                           4096);
    }
    double t = now();
    must(rt_cohort_add_purchases(c, ids, times, amounts, filled, NULL), "add");
    ingest += now() - t;
    purchases += filled;

    rt_rfm_summary_options o;
    rt_rfm_summary_options_init(&o, sizeof o);
    o.calibration_end_day = (int32_t)day0 + 7 * 52;
    t = now();
    rt_rfm *rfm;
    must(rt_rfm_new(NULL, &rfm), "rt_rfm_new");
    must(rt_cohort_rfm(c, &o, rfm), "rt_cohort_rfm");
    double summary = now() - t;
    t = now();
    rt_fit_report report;
    rt_fit_report_init(&report, sizeof report);
    rt_status fit_status = rt_bgnbd_fit(rfm, NULL, &report);
    double fit = now() - t;

    size_t n;
    must(rt_cohort_rfm_customers(c, &o, NULL, NULL, NULL, NULL, NULL, NULL, 0, &n), "count");
    uint64_t *x = malloc(n * sizeof *x);
    double *tx = malloc(n * sizeof *tx), *T = malloc(n * sizeof *T);
    must(rt_cohort_rfm_customers(c, &o, NULL, x, tx, T, NULL, NULL, n, &n), "summary");
    t = now();
    double alive_sum = 0.0, expected_sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double pa, e;
        must(rt_bgnbd_p_alive(report.params, x[i], tx[i], T[i], &pa), "p_alive");
        must(rt_bgnbd_conditional_expected_purchases(report.params, x[i], tx[i], T[i], 52.0, &e),
             "expected");
        alive_sum += pa;
        expected_sum += e;
    }
    double predict = now() - t;

    double ll_hist;
    t = now();
    must(rt_bgnbd_log_likelihood(report.params, rfm, &ll_hist), "ll");
    double hist_eval = now() - t;
    t = now();
    double ll_naive = naive_bgnbd_ll(report.params, x, tx, T, n);
    double naive_eval = now() - t;

    printf("libretention %s: %zu customers, %zu purchases (52 weeks)\n", rt_version(), n,
           purchases);
    printf("ingest purchases       %8.3f s  (%.1f M purchases/s)\n", ingest,
           (double)purchases / ingest / 1e6);
    printf("summary (rt_cohort_rfm) %7.3f s  -> %zu distinct (x, t_x, T) rows\n", summary,
           rt_rfm_row_count(rfm));
    printf("BG/NBD fit             %8.3f s  (%s, %u iterations): r %.4f alpha %.4f a %.4f "
           "b %.4f (simulated from 0.25, 4, 0.8, 2.5)\n", fit, rt_strerror(fit_status),
           (unsigned)report.iterations, report.params[0], report.params[1], report.params[2],
           report.params[3]);
    printf("summary + fit          %8.3f s  (target <= 0.3 s)\n", summary + fit);
    printf("predictions, all       %8.3f s  (P(alive) + E[Y(52)] each; mean P(alive) %.3f, "
           "sum E %.0f; target <= 0.25 s)\n", predict, alive_sum / (double)n, expected_sum);
    printf("log-likelihood once: histogram %.4f s, naive per customer %.4f s (ratio %.1fx); "
           "values %.3f vs %.3f\n", hist_eval, naive_eval, naive_eval / hist_eval, ll_hist,
           ll_naive);
    rt_rfm_free(rfm);
    rt_cohort_free(c);
    free(ids);
    free(times);
    free(amounts);
    free(x);
    free(tx);
    free(T);
    return fabs(ll_hist - ll_naive) > 1e-6 * fabs(ll_naive);
}
