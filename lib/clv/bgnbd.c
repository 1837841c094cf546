/* BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
 * likelihood, fit and predictions. Params: r, alpha, a, b. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "clv/fit.h"
#include "clv/objectives.h"
#include "clv/params.h"
#include "clv/rfm.h"
#include "clv/special.h"
#include "core/check.h"
#include "core/error.h"

static const char *const names[4] = {"r", "alpha", "a", "b"};

/* The terms of a customer's likelihood and gradient that depend on the
 * parameters and x only: computed once per distinct x, not per row (a
 * histogram has thousands of rows but a few dozen values of x). */
typedef struct x_terms {
    double common;   /* ln G(r+x) - ln G(r) + r ln alpha */
    double b1, b2;   /* ln B(a, b+x) and ln B(a+1, b+x-1), less ln B(a, b) */
    double psi_rx, psi_abx, psi_bx;
    int ready;
} x_terms;

enum { CACHED_X = 128 };

static void fill_terms(const double p[4], double lbeta_ab, double x, x_terms *t)
{
    double r = p[0], alpha = p[1], a = p[2], b = p[3];
    t->common = rti_lgamma(r + x) - rti_lgamma(r) + r * log(alpha);
    t->b1 = rti_lbeta(a, b + x) - lbeta_ab;
    t->b2 = x > 0 ? rti_lbeta(a + 1.0, b + x - 1.0) - lbeta_ab : 0.0;
    t->psi_rx = rti_digamma(r + x);
    t->psi_abx = rti_digamma(a + b + x);
    t->psi_bx = rti_digamma(b + x);
    t->ready = 1;
}

/* The terms of x from the cache (filled on first use), or computed into
 * *spare for the rare x beyond it. */
static const x_terms *terms_of(const double p[4], double lbeta_ab, uint64_t x,
                               x_terms cache[CACHED_X], x_terms *spare)
{
    x_terms *t = x < CACHED_X ? &cache[x] : spare;
    if (x >= CACHED_X || !t->ready)
        fill_terms(p, lbeta_ab, (double)x, t);
    return t;
}

/* ln L of one customer (FHL 2005, eq. 6). */
static double row_log_likelihood(const double p[4], const x_terms *t, const rti_rfm_row *row)
{
    double r = p[0], alpha = p[1], x = (double)row->x;
    double t1 = t->b1 - (r + x) * log(alpha + row->T);
    if (row->x == 0)
        return t->common + t1;
    double t2 = t->b2 - (r + x) * log(alpha + row->t_x);
    return t->common + rti_log_add_exp(t1, t2);
}

static double log_likelihood(const double p[4], const rt_rfm *rfm)
{
    double lbeta_ab = rti_lbeta(p[2], p[3]);
    x_terms cache[CACHED_X] = {{0}}, spare;
    double sum = 0.0;
    for (size_t i = 0; i < rfm->n_rows; i++) {
        const rti_rfm_row *row = &rfm->rows[i];
        const x_terms *t = terms_of(p, lbeta_ab, row->x, cache, &spare);
        sum += (double)row->count * row_log_likelihood(p, t, row);
    }
    return sum;
}

double rti_bgnbd_negative_ll(const double *theta, void *ctx)
{
    double p[4];
    for (size_t i = 0; i < 4; i++) {
        p[i] = exp(theta[i]);
        if (!(p[i] > 0.0 && isfinite(p[i])))
            return HUGE_VAL;
    }
    return -log_likelihood(p, ctx);
}

/* Gradient of -LL with respect to the log-parameters: each customer's
 * ln L = A + ln(e^t1 + e^t2) differentiated with digamma functions, the two
 * terms weighted by their shares w1, w2 of L. */
void rti_bgnbd_negative_ll_gradient(const double *theta, void *ctx, double *g)
{
    const rt_rfm *rfm = ctx;
    const double p[4] = {exp(theta[0]), exp(theta[1]), exp(theta[2]), exp(theta[3])};
    double r = p[0], alpha = p[1], a = p[2], b = p[3];
    double psi_r = rti_digamma(r), psi_a = rti_digamma(a), psi_b = rti_digamma(b);
    double psi_ab = rti_digamma(a + b), log_alpha = log(alpha), lbeta_ab = rti_lbeta(a, b);
    double dr = 0.0, dalpha = 0.0, da = 0.0, db = 0.0;
    x_terms cache[CACHED_X] = {{0}}, spare;
    for (size_t i = 0; i < rfm->n_rows; i++) {
        const rti_rfm_row *row = &rfm->rows[i];
        const x_terms *t = terms_of(p, lbeta_ab, row->x, cache, &spare);
        double x = (double)row->x, c = (double)row->count;
        double l_T = log(alpha + row->T), l_tx = 0.0;
        double w1 = 1.0, w2 = 0.0, psi_bx1 = 0.0;
        if (row->x > 0) {
            l_tx = log(alpha + row->t_x);
            double t1 = t->b1 - (r + x) * l_T, t2 = t->b2 - (r + x) * l_tx;
            w1 = rti_logistic_complement(t2 - t1);
            w2 = rti_logistic_complement(t1 - t2);
            psi_bx1 = t->psi_bx - 1.0 / (b + x - 1.0);
        }
        dr += c * (t->psi_rx - psi_r + log_alpha - w1 * l_T - w2 * l_tx);
        dalpha += c * (r / alpha - (r + x) * (w1 / (alpha + row->T) + w2 / (alpha + row->t_x)));
        da += c * (w1 * (psi_a - t->psi_abx) + w2 * (psi_a + 1.0 / a - t->psi_abx) -
                   (psi_a - psi_ab));
        db += c * (w1 * (t->psi_bx - t->psi_abx) + w2 * (psi_bx1 - t->psi_abx) -
                   (psi_b - psi_ab));
    }
    g[0] = -r * dr;
    g[1] = -alpha * dalpha;
    g[2] = -a * da;
    g[3] = -b * db;
}

rt_status rt_bgnbd_log_likelihood(const double params[4], const rt_rfm *rfm, double *ll)
{
    static const char fn[] = "rt_bgnbd_log_likelihood";
    RTI_TRY(rti_check_params(params, 4, names, fn));
    if (rfm == NULL)
        return rti_fail(RT_EINVAL, "%s: rfm is NULL", fn);
    RTI_TRY(rti_check_out(ll, fn, "ll"));
    if (rfm->n_rows == 0)
        return rti_fail(RT_EUNDEFINED, "%s: the histogram rfm is empty", fn);
    *ll = log_likelihood(params, rfm);
    return RT_OK;
}

rt_status rt_bgnbd_fit(const rt_rfm *rfm, const rt_fit_options *options, rt_fit_report *report)
{
    static const char fn[] = "rt_bgnbd_fit";
    if (rfm == NULL)
        return rti_fail(RT_EINVAL, "%s: rfm is NULL", fn);
    rt_fit_options opts;
    RTI_TRY(rti_fit_begin(options, 4, report, &opts, fn));
    double mean_T;
    RTI_TRY(rti_rfm_fit_ready(rfm, fn, &mean_T));
    /* Start: unit shapes, alpha on the time scale of the data. */
    const double start[4] = {1.0, mean_T, 1.0, 1.0};
    return rti_fit_run(rti_bgnbd_negative_ll, rti_bgnbd_negative_ll_gradient, (void *)(uintptr_t)rfm, 4, &opts, start, report, fn);
}

/* ln of the x > 0 odds term of P(alive): ln(a/(b+x-1)) + (r+x) ln((alpha+T)/(alpha+t_x)). */
static double log_dropout_odds(const double p[4], uint64_t x, double t_x, double T)
{
    double xd = (double)x;
    double alpha = p[1];
    return log(p[2]) - log(p[3] + xd - 1.0) + (p[0] + xd) * (log(alpha + T) - log(alpha + t_x));
}

rt_status rt_bgnbd_p_alive(const double params[4], uint64_t x, double t_x, double T, double *p)
{
    static const char fn[] = "rt_bgnbd_p_alive";
    RTI_TRY(rti_check_params(params, 4, names, fn));
    RTI_TRY(rti_rfm_check_record(x, t_x, T, fn, ""));
    RTI_TRY(rti_check_out(p, fn, "p"));
    *p = x == 0 ? 1.0 : rti_logistic_complement(log_dropout_odds(params, x, t_x, T));
    return RT_OK;
}

rt_status rt_bgnbd_expected_purchases(const double params[4], double t, double *e)
{
    static const char fn[] = "rt_bgnbd_expected_purchases";
    RTI_TRY(rti_check_params(params, 4, names, fn));
    RTI_TRY(rti_check_horizon(t, fn, "t"));
    RTI_TRY(rti_check_out(e, fn, "e"));
    double v;
    RTI_TRY(rti_bgnbd_bracket(params, 0.0, 0.0, t, &v, fn));
    *e = v;
    return RT_OK;
}

rt_status rt_bgnbd_conditional_expected_purchases(const double params[4], uint64_t x,
                                                  double t_x, double T, double t, double *e)
{
    static const char fn[] = "rt_bgnbd_conditional_expected_purchases";
    RTI_TRY(rti_check_params(params, 4, names, fn));
    RTI_TRY(rti_rfm_check_record(x, t_x, T, fn, ""));
    RTI_TRY(rti_check_horizon(t, fn, "t"));
    RTI_TRY(rti_check_out(e, fn, "e"));
    double v;
    RTI_TRY(rti_bgnbd_bracket(params, (double)x, T, t, &v, fn));
    double alive = x == 0 ? 1.0 : rti_logistic_complement(log_dropout_odds(params, x, t_x, T));
    *e = v * alive;
    return RT_OK;
}

/* ln of the negative-binomial pmf NB(j; r, q = alpha/(alpha+t)). */
static double log_nb(double r, double j, double log_q, double log_1mq)
{
    return rti_lgamma(r + j) - rti_lgamma(r) - rti_lgamma(j + 1.0) + r * log_q + j * log_1mq;
}

/* P(N >= n) for N ~ NB(r, q), summing whichever side is small. */
static double nb_tail(double r, uint64_t n, double log_q, double log_1mq)
{
    double head = 0.0;
    for (uint64_t j = 0; j < n && head <= 0.5; j++)
        head += exp(log_nb(r, (double)j, log_q, log_1mq));
    if (head <= 0.5)
        return 1.0 - head;
    /* The tail is < 0.5: sum it upward; the terms' ratio (r+j)/(j+1) (1-q)
     * tends to 1 - q < 1. */
    double z = exp(log_1mq), sum = 0.0;
    double term = exp(log_nb(r, (double)n, log_q, log_1mq));
    for (double j = (double)n; term > 0.0; j += 1.0) {
        sum += term;
        double rho = (r + j) / (j + 1.0) * z;
        double bound = fmax(rho, z);
        if (bound < 1.0 && term * bound / (1.0 - bound) <= 1e-17 * sum)
            break;
        term *= rho;
    }
    return sum;
}

rt_status rt_bgnbd_purchase_probability(const double params[4], double t, uint64_t n, double *p)
{
    static const char fn[] = "rt_bgnbd_purchase_probability";
    RTI_TRY(rti_check_params(params, 4, names, fn));
    RTI_TRY(rti_check_horizon(t, fn, "t"));
    RTI_TRY(rti_check_out(p, fn, "p"));
    if (t == 0.0) {
        *p = n == 0 ? 1.0 : 0.0;
        return RT_OK;
    }
    double r = params[0], alpha = params[1], a = params[2], b = params[3];
    double nd = (double)n;
    double log_q = -log1p(t / alpha);          /* ln(alpha / (alpha + t)) */
    double log_1mq = -log1p(alpha / t);        /* ln(t / (alpha + t)) */
    double lbeta_ab = rti_lbeta(a, b);
    double l1 = rti_lbeta(a, b + nd) - lbeta_ab + log_nb(r, nd, log_q, log_1mq);
    double lp = l1;
    if (n > 0) {
        double tail = nb_tail(r, n, log_q, log_1mq);
        double l2 = rti_lbeta(a + 1.0, b + nd - 1.0) - lbeta_ab + (tail > 0.0 ? log(tail) : -HUGE_VAL);
        lp = rti_log_add_exp(l1, l2);
    }
    double v = exp(lp);
    *p = v > 1.0 ? 1.0 : v;
    return RT_OK;
}
