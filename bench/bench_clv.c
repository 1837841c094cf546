/* The CLV fits on CDNOW: BG/NBD on the compressed RFM histogram and
 * Gamma-Gamma on the repeat buyers' spends. For each model, one likelihood
 * evaluation by the library against the same likelihood summed customer by
 * customer (the naive baseline, written here), and the whole fit. Times are
 * the best of several batches: the least disturbed by other processes.
 * usage: bench_clv [repetitions]   (data from RT_TEST_DATA, as the tests) */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "retention.h"
#include "testdata.h"

enum { BATCHES = 20 };

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

/* BG/NBD: FHL 2005 eq. 6, one term per customer. */
static double bgnbd_per_customer(const double p[4])
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

/* Gamma-Gamma: the density of a repeat buyer's mean spend m over x
 * purchases (FHL 2005, "RFM and CLV"), one term per customer. */
static double gamma_gamma_per_customer(const double p[3])
{
    double sum = 0.0;
    for (size_t i = 0; i < cdnow.n; i++) {
        if (cdnow.x[i] == 0)
            continue;
        double x = (double)cdnow.x[i], m = cdnow.m_x[i], px = p[0] * x;
        sum += lgamma(px + p[1]) - lgamma(px) - lgamma(p[1]) + p[1] * log(p[2])
               + (px - 1.0) * log(m) + px * log(x) - (px + p[1]) * log(p[2] + m * x);
    }
    return sum;
}

/* The best time per call of run(state) over BATCHES batches of reps calls. */
typedef void (*job)(void *state);

static double best_time(job run, void *state, int reps)
{
    double best = HUGE_VAL;
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now();
        for (int i = 0; i < reps; i++)
            run(state);
        double t = (now() - t0) / reps;
        best = t < best ? t : best;
    }
    return best;
}

typedef struct bgnbd_job {
    rt_rfm *rfm;
    double params[4], ll;
    rt_fit_report report;
    rt_status status;
} bgnbd_job;

static void bgnbd_ll(void *s)
{
    bgnbd_job *j = s;
    rt_bgnbd_log_likelihood(j->params, j->rfm, &j->ll);
}

static void bgnbd_naive_ll(void *s)
{
    bgnbd_job *j = s;
    j->ll = bgnbd_per_customer(j->params);
}

static void bgnbd_fit(void *s)
{
    bgnbd_job *j = s;
    j->status = rt_bgnbd_fit(j->rfm, NULL, &j->report);
}

typedef struct gg_job {
    double params[3], ll;
    rt_fit_report report;
    rt_status status;
} gg_job;

static void gg_ll(void *s)
{
    gg_job *j = s;
    rt_gamma_gamma_log_likelihood(j->params, cdnow.x, cdnow.m_x, cdnow.n, &j->ll);
}

static void gg_naive_ll(void *s)
{
    gg_job *j = s;
    j->ll = gamma_gamma_per_customer(j->params);
}

static void gg_fit(void *s)
{
    gg_job *j = s;
    j->status = rt_gamma_gamma_fit(cdnow.x, cdnow.m_x, cdnow.n, NULL, &j->report);
}

static void print_ll(const char *model, double t, double t_naive, double ll, double ll_naive)
{
    printf("%-12s log-likelihood: %8.1f us, per customer %8.1f us (%.2fx)  LL %.6f / %.6f\n",
           model, 1e6 * t, 1e6 * t_naive, t_naive / t, ll, ll_naive);
}

static void print_fit(const char *model, double t, rt_status st, const rt_fit_report *r)
{
    printf("%-12s fit:            %8.3f ms  (%s, %u iterations, LL %.4f)\n", model, 1e3 * t,
           rt_strerror(st), (unsigned)r->iterations, r->log_likelihood);
}

/* Returns 1 when the two likelihoods disagree. */
static int bench_bgnbd(int reps)
{
    bgnbd_job j = {.params = {0.243, 4.414, 0.793, 2.426}};
    if (rt_rfm_new(NULL, &j.rfm) != RT_OK ||
        rt_rfm_add_many(j.rfm, cdnow.x, cdnow.t_x, cdnow.T, cdnow.n, NULL) != RT_OK)
        return 1;
    rt_fit_report_init(&j.report, sizeof j.report);
    printf("CDNOW: %zu customers, %zu distinct (x, t_x, T) rows\n", cdnow.n,
           rt_rfm_row_count(j.rfm));
    double t = best_time(bgnbd_ll, &j, reps);
    double ll = j.ll;
    double t_naive = best_time(bgnbd_naive_ll, &j, reps);
    print_ll("BG/NBD", t, t_naive, ll, j.ll);
    double t_fit = best_time(bgnbd_fit, &j, reps / 10 > 0 ? reps / 10 : 1);
    print_fit("BG/NBD", t_fit, j.status, &j.report);
    rt_rfm_free(j.rfm);
    return fabs(ll - j.ll) > 1e-9 * fabs(j.ll);
}

static int bench_gamma_gamma(int reps)
{
    gg_job j = {.params = {6.25, 3.74, 15.44}};
    rt_fit_report_init(&j.report, sizeof j.report);
    double t = best_time(gg_ll, &j, reps);
    double ll = j.ll;
    double t_naive = best_time(gg_naive_ll, &j, reps);
    print_ll("Gamma-Gamma", t, t_naive, ll, j.ll);
    double t_fit = best_time(gg_fit, &j, reps / 10 > 0 ? reps / 10 : 1);
    print_fit("Gamma-Gamma", t_fit, j.status, &j.report);
    return fabs(ll - j.ll) > 1e-9 * fabs(j.ll);
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 200;
    if (reps < 1 || cdnow_load(&cdnow) != 0) {
        fprintf(stderr, "bench_clv: cannot load cdnow_cbs.csv (set RT_TEST_DATA)\n");
        return 1;
    }
    int bad = bench_bgnbd(reps);
    bad |= bench_gamma_gamma(reps);
    return bad;
}
