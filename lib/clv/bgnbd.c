/* BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
 * likelihood, fit and predictions. Params: r, alpha, a, b. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "clv/bgnbd_data.h"
#include "clv/fit.h"
#include "clv/objectives.h"
#include "clv/params.h"
#include "clv/quadrature.h"
#include "clv/rfm.h"
#include "clv/special.h"
#include "core/check.h"
#include "core/error.h"

static const char *const names[4] = {"r", "alpha", "a", "b"};

/* The terms of a customer's likelihood and gradient that depend on the
 * parameters and x only: computed once per distinct x, not per row (a
 * histogram has thousands of rows but a few dozen values of x), and added
 * once per x, weighted by its customers. */
typedef struct x_terms {
    double common;          /* ln G(r+x) - ln G(r) - x ln alpha */
    double b1, b2;          /* ln B(a, b+x) and ln B(a+1, b+x-1), less ln B(a, b) */
    double d_r, d_a, d_b;   /* the row-independent parts of dLL/dr, da, db */
    double inv_bx1;         /* 1 / (b + x - 1) */
    double customers;       /* of the rows seen with this x */
    int ready;
} x_terms;

enum { CACHED_X = 128 };

/* One evaluation at the parameters p: what every row shares, and the sums
 * it accumulates (ln L, and dLL/d(r, alpha, a, b) with_gradient). */
typedef struct pass {
    double p[4], log_alpha;
    int with_gradient;
    double psi_r, psi_b, psi_ab;
    x_terms cache[CACHED_X], spare;
    double ll, dr, dalpha, da, db, customers;
    double product;  /* of single customers' factors 1 + e, not yet in ll */
} pass;

static void pass_init(pass *ps, const double p[4], int with_gradient)
{
    memset(ps, 0, sizeof *ps);
    memcpy(ps->p, p, sizeof ps->p);
    ps->log_alpha = log(p[1]);
    ps->with_gradient = with_gradient;
    ps->product = 1.0;
    if (with_gradient) {
        ps->psi_r = rti_digamma(p[0]);
        ps->psi_b = rti_digamma(p[3]);
        ps->psi_ab = rti_digamma(p[2] + p[3]);
    }
}

static void fill_terms(const pass *ps, uint64_t x, x_terms *t)
{
    double r = ps->p[0], a = ps->p[2], b = ps->p[3], xd = (double)x;
    /* Ratios of gamma functions taken whole: their logarithms, differenced,
     * lose all digits when r or b is 1e15. */
    t->common = rti_lgamma_ratio(r, xd) - xd * ps->log_alpha;
    t->b1 = rti_lbeta_ratio(a, b, xd);
    /* B(a+1, b+x-1) / B(a, b) = a/(a+b) B(a+1, b+(x-1)) / B(a+1, b): b + x - 1
     * would round b away at x = 1. */
    t->b2 = x > 0 ? log(a) - log(a + b) + rti_lbeta_ratio(a + 1.0, b, xd - 1.0) : 0.0;
    if (ps->with_gradient) {
        double psi_abx = rti_digamma(a + b + xd);
        t->d_r = rti_digamma(r + xd) - ps->psi_r;
        t->d_a = ps->psi_ab - psi_abx;
        t->d_b = rti_digamma(b + xd) - psi_abx - ps->psi_b + ps->psi_ab;
        t->inv_bx1 = x > 0 ? 1.0 / (b + (xd - 1.0)) : 0.0;
    }
    t->customers = 0.0;
    t->ready = 1;
}

/* Adds the row-independent terms of x for `customers` customers. */
static void add_x_terms(pass *ps, const x_terms *t, double customers)
{
    ps->ll += customers * t->common;
    ps->dr += customers * t->d_r;
    ps->da += customers * t->d_a;
    ps->db += customers * t->d_b;
}

/* Adds c ln(1 + e), 0 <= e <= 1, to ln L. The logarithm is most of the
 * cost of a row, and most rows are one customer: their factors 1 + e <= 2
 * are multiplied, and the product's logarithm taken only before it could
 * overflow (and at the end); the rounding of a thousand products is
 * ~1e-13 in ln L. */
static void add_log_1p(pass *ps, double e, double c)
{
    if (c != 1.0) {
        ps->ll += c * log(1.0 + e);
        return;
    }
    ps->product *= 1.0 + e;
    if (ps->product > 0x1p900) {
        ps->ll += log(ps->product);
        ps->product = 1.0;
    }
}

/* Adds one row (FHL 2005, eq. 6): ln L = A + ln(e^t1 + e^t2), the second
 * term for x > 0 only, A being x's common term; l_T = ln(1 + T/alpha),
 * l_tx = ln(1 + t_x/alpha) (r ln alpha - (r+x) ln(alpha+T) =
 * -x ln alpha - (r+x) l_T, without the cancellation of the left side at
 * large r), i_T and i_tx are 1 / (alpha + .). The gradient
 * weighs the two terms by their shares w1 = 1 - w2, w2 of L. */
static void add_row(pass *ps, const rti_rfm_row *row, double l_T, double l_tx, double i_T,
                    double i_tx)
{
    x_terms *t = row->x < CACHED_X ? &ps->cache[row->x] : &ps->spare;
    if (row->x >= CACHED_X || !t->ready)
        fill_terms(ps, row->x, t);
    double r = ps->p[0], x = (double)row->x, c = (double)row->count;
    double t1 = t->b1 - (r + x) * l_T, w2 = 0.0;
    if (row->x == 0) {
        ps->ll += c * t1;
    } else {
        /* ln(e^t1 + e^t2) = max + ln(1 + e^-|t1 - t2|); the same exponential
         * gives the shares. */
        double t2 = t->b2 - (r + x) * l_tx, e = exp(-fabs(t1 - t2)), share = 1.0 / (1.0 + e);
        ps->ll += c * fmax(t1, t2);
        add_log_1p(ps, e, c);
        w2 = t2 > t1 ? share : e * share;
    }
    if (row->x >= CACHED_X)
        add_x_terms(ps, t, c);
    else
        t->customers += c;
    ps->customers += c;
    if (!ps->with_gradient)
        return;
    ps->dr -= c * (l_T + w2 * (l_tx - l_T));
    ps->dalpha -= c * (r + x) * (i_T + w2 * (i_tx - i_T));
    ps->da += c * w2 / ps->p[2];
    ps->db -= c * w2 * t->inv_bx1;
}

/* Adds the terms of the cached values of x, once each. */
static void finish(pass *ps)
{
    for (size_t x = 0; x < CACHED_X; x++)
        if (ps->cache[x].ready)
            add_x_terms(ps, &ps->cache[x], ps->cache[x].customers);
    ps->dalpha += ps->customers * ps->p[0] / ps->p[1];
    ps->ll += log(ps->product);
}

/* ln L of a histogram, each row's logarithms computed as it comes. */
static double log_likelihood(const double p[4], const rt_rfm *rfm)
{
    pass ps;
    pass_init(&ps, p, 0);
    for (size_t i = 0; i < rfm->n_rows; i++) {
        const rti_rfm_row *row = &rfm->rows[i];
        add_row(&ps, row, log1p(row->T / p[1]), row->x > 0 ? log1p(row->t_x / p[1]) : 0.0,
                0.0, 0.0);
    }
    finish(&ps);
    return ps.ll;
}

/* ln L from the table of distinct times: one logarithm per time. */
static void table_pass(pass *ps, rti_bgnbd_data *d)
{
    double alpha = ps->p[1];
    for (size_t k = 0; k < d->n_times; k++)
        d->log_times[k] = log1p(d->times[k] / alpha);
    for (size_t k = 0; ps->with_gradient && k < d->n_times; k++)
        d->inverse_times[k] = 1.0 / (alpha + d->times[k]);
    const rti_rfm_row *rows = d->rfm->rows;
    for (size_t i = 0; i < d->rfm->n_rows; i++) {
        uint32_t iT = d->T_at[i], itx = d->t_x_at[i];
        add_row(ps, &rows[i], d->log_times[iT], d->log_times[itx],
                ps->with_gradient ? d->inverse_times[iT] : 0.0,
                ps->with_gradient ? d->inverse_times[itx] : 0.0);
    }
}

double rti_bgnbd_negative_ll(const double *theta, void *ctx, double *g)
{
    double p[4];
    if (!rti_params_from_log(theta, 4, p))
        return HUGE_VAL;
    pass ps;
    pass_init(&ps, p, g != NULL);
    table_pass(&ps, ctx);
    finish(&ps);
    if (g != NULL) {  /* chain rule: d/d ln r = r d/dr */
        g[0] = -p[0] * ps.dr;
        g[1] = -p[1] * ps.dalpha;
        g[2] = -p[2] * ps.da;
        g[3] = -p[3] * ps.db;
    }
    return -ps.ll;
}

rt_status rt_bgnbd_log_likelihood(const double params[4], const rt_rfm *rfm, double *ll)
{
    RTI_TRY(rti_rfm_ll_begin(params, 4, names, rfm, ll, "rt_bgnbd_log_likelihood"));
    *ll = log_likelihood(params, rfm);
    return RT_OK;
}

rt_status rt_bgnbd_fit(const rt_rfm *rfm, const rt_fit_options *options, rt_fit_report *report)
{
    static const char fn[] = "rt_bgnbd_fit";
    rt_fit_options opts;
    double mean_T;
    RTI_TRY(rti_rfm_fit_begin(rfm, options, 4, report, &opts, &mean_T, fn));
    rti_bgnbd_data d;
    RTI_TRY(rti_bgnbd_data_init(&d, rfm, fn));
    /* Start: unit shapes, alpha on the time scale of the data. */
    const double start[4] = {1.0, mean_T, 1.0, 1.0};
    const rti_problem problem = {rti_bgnbd_negative_ll, &d, 4, 1};
    rt_status st = rti_fit_run(&problem, &opts, start, report, fn);
    rti_bgnbd_data_free(&d);
    return st;
}

/* ln of the x > 0 odds term of P(alive): ln(a/(b+x-1)) + (r+x) ln((alpha+T)/(alpha+t_x)). */
static double log_dropout_odds(const double p[4], uint64_t x, double t_x, double T)
{
    double xd = (double)x;
    double alpha = p[1];
    /* b + (x - 1): b + x - 1 would round a tiny b away at x = 1. */
    return log(p[2]) - log(p[3] + (xd - 1.0)) + (p[0] + xd) * (log1p((T - t_x) / (alpha + t_x)));
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
    return rti_lgamma_ratio(r, j) - rti_lgamma(j + 1.0) + r * log_q + j * log_1mq;
}

/* The sums below run to n head terms, or to about (r + 40) / q tail terms
 * (their ratio (r+j)/(j+1) (1-q) stays near 1 that long); beyond these
 * bounds the integral is faster. */
#define NB_SUM_MAX_HEAD 1000
#define NB_SUM_MAX_TAIL 100000.0

/* ln s^n (1-s)^r at s = logistic(y); p = {n, r}. */
static double log_beta_integrand(const void *ctx, double y)
{
    const double *p = ctx;
    return p[0] * rti_log_logistic(y) + p[1] * rti_log_logistic(-y);
}

/* ln P(N >= n), n >= 1: the regularised incomplete beta I_{1-q}(n, r)
 * (A&S 26.5.24), int_0^{1-q} s^(n-1) (1-s)^(r-1) ds / B(n, r), in y = logit s
 * up to ln(t / alpha), where the integrand s^n (1-s)^r is log-concave; below
 * 1000 / n + 50 under its maximum it is under e^-50 of it. */
static rt_status log_nb_tail_integral(double r, double n, double log_odds, double *out,
                                      const char *fn)
{
    const double p[2] = {n, r};
    double top = fmin(log_odds, log(n) - log(r));
    double v;
    RTI_TRY(rti_log_integral(log_beta_integrand, p, top - 1000.0 / n - 50.0, log_odds, &v, fn));
    *out = v - rti_lbeta(n, r);
    return RT_OK;
}

/* ln P(N >= n) for N ~ NB(r, q), n >= 1: summing whichever side is small
 * where few terms do, else the integral. */
static rt_status log_nb_tail(double r, uint64_t n, double log_q, double log_1mq,
                             double log_odds, double *out, const char *fn)
{
    double q = exp(log_q);
    if (n > NB_SUM_MAX_HEAD || (r + 40.0) / q > NB_SUM_MAX_TAIL)
        return log_nb_tail_integral(r, (double)n, log_odds, out, fn);
    double head = 0.0;
    for (uint64_t j = 0; j < n && head <= 0.5; j++)
        head += exp(log_nb(r, (double)j, log_q, log_1mq));
    if (head <= 0.5) {
        *out = log1p(-head);
        return RT_OK;
    }
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
        if (j - (double)n > NB_SUM_MAX_TAIL)  /* not reached: (r + 40) / q bounds it */
            return rti_fail(RT_ECONVERGE, "%s: the negative binomial tail needs more than "
                            "%.0f terms", fn, NB_SUM_MAX_TAIL);
        term *= rho;
    }
    *out = sum > 0.0 ? log(sum) : -HUGE_VAL;
    return RT_OK;
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
    /* B(a, b + n) / B(a, b): still active after n purchases */
    double l1 = rti_lbeta_ratio(a, b, nd) + log_nb(r, nd, log_q, log_1mq);
    double lp = l1;
    if (n > 0) {
        double log_tail = 0.0;
        RTI_TRY(log_nb_tail(r, n, log_q, log_1mq, log(t) - log(alpha), &log_tail, fn));
        /* B(a+1, b+n-1) / B(a, b) = a/(a+b) B(a+1, b+(n-1)) / B(a+1, b): the
         * sum b + n - 1 would lose b's digits at n = 1. */
        double l2 = log(a) - log(a + b) + rti_lbeta_ratio(a + 1.0, b, nd - 1.0) + log_tail;
        lp = rti_log_add_exp(l1, l2);
    }
    double v = exp(lp);
    *p = v > 1.0 ? 1.0 : v;
    return RT_OK;
}
