/* Pareto/NBD (Schmittlein, Morrison & Colombo 1987), in the form of Fader &
 * Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related
 * Expressions". Params: r, alpha, s, beta. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "clv/fit.h"
#include "clv/params.h"
#include "clv/rfm.h"
#include "clv/special.h"
#include "core/check.h"
#include "core/error.h"

static const char *const names[4] = {"r", "alpha", "s", "beta"};

/* ln of 2F1(r+s+x, b; r+s+x+1; z) / (max(alpha, beta) + t)^(r+s+x), the
 * terms of A0, after Euler's transformation to a 2F1(1, .; r+s+x+1; z)
 * whose series terms never grow (a plain series overflows for large x):
 *   alpha >= beta: ln H(r+x) - s ln(beta+t) - (r+x) ln(alpha+t),
 *   alpha <  beta: ln H(s+1) + (1-r-x) ln(alpha+t) - (s+1) ln(beta+t).
 * 1 - z is passed as its own ratio: near z = 1 (t small against alpha and
 * beta far apart) it is where the digits are. */
/* ln(u + v) for u, v >= 0 whose sum may pass DBL_MAX: from the halves,
 * which are exact, so that nothing else changes. */
static double log_of_sum(double u, double v)
{
    return log(0.5 * u + 0.5 * v) + 0.69314718055994530942;
}

static rt_status log_a0_term(const double p[4], double x, double t, double *out, const char *fn)
{
    double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    double c = r + s + x + 1.0, h;
    /* Ratios of the halves: alpha + t may overflow where its half does not. */
    double ah = 0.5 * alpha, bh = 0.5 * beta, th = 0.5 * t;
    double log_at = log_of_sum(alpha, t), log_bt = log_of_sum(beta, t);
    if (alpha >= beta) {
        RTI_TRY(rti_log_hyp2f1_one(r + x, c, (ah - bh) / (ah + th), (bh + th) / (ah + th), &h,
                                   fn));
        *out = h - s * log_bt - (r + x) * log_at;
    } else {
        RTI_TRY(rti_log_hyp2f1_one(s + 1.0, c, (bh - ah) / (bh + th), (ah + th) / (bh + th), &h,
                                   fn));
        *out = h + (1.0 - r - x) * log_at - (s + 1.0) * log_bt;
    }
    return RT_OK;
}

/* ln A0 = ln(term(t_x) - term(T)); -inf when they are equal (t_x = T). */
static rt_status log_a0(const double p[4], double x, double t_x, double T, double *out,
                        const char *fn)
{
    double l1, l2;
    RTI_TRY(log_a0_term(p, x, t_x, &l1, fn));
    RTI_TRY(log_a0_term(p, x, T, &l2, fn));
    *out = l2 < l1 ? l1 + log(-expm1(l2 - l1)) : -HUGE_VAL;
    return RT_OK;
}

/* ln of the P(alive) odds (s/(r+s+x)) (alpha+T)^(r+x) (beta+T)^s A0. */
static rt_status log_death_odds(const double p[4], uint64_t x, double t_x, double T,
                                double *out, const char *fn)
{
    double xd = (double)x, la0;
    RTI_TRY(log_a0(p, xd, t_x, T, &la0, fn));
    if (la0 == -HUGE_VAL) {  /* t_x = T: no time to have died in, P(alive) = 1 */
        *out = -HUGE_VAL;
        return RT_OK;
    }
    double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    *out = log(s / (r + s + xd)) + (r + xd) * log_of_sum(alpha, T) + s * log_of_sum(beta, T)
           + la0;
    return RT_OK;
}

static rt_status row_log_likelihood(const double p[4], const rti_rfm_row *row, double *out,
                                    const char *fn)
{
    double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    double x = (double)row->x, la0;
    RTI_TRY(log_a0(p, x, row->t_x, row->T, &la0, fn));
    double alive = -(r + x) * log_of_sum(alpha, row->T) - s * log_of_sum(beta, row->T);
    double died = log(s / (r + s + x)) + la0;
    *out = rti_lgamma_ratio(r, x) + r * log(alpha) + s * log(beta)
           + rti_log_add_exp(alive, died);
    return RT_OK;
}

static rt_status log_likelihood(const double p[4], const rt_rfm *rfm, double *out, const char *fn)
{
    double sum = 0.0;
    for (size_t i = 0; i < rfm->n_rows; i++) {
        double l;
        RTI_TRY(row_log_likelihood(p, &rfm->rows[i], &l, fn));
        sum += (double)rfm->rows[i].count * l;
    }
    *out = sum;
    return RT_OK;
}

static double negative_ll(const double *theta, void *ctx, double *no_gradient)
{
    (void)no_gradient;
    double p[4], ll;
    if (!rti_params_from_log(theta, 4, p))
        return HUGE_VAL;
    /* A point where the series does not converge is treated as infeasible. */
    if (log_likelihood(p, ctx, &ll, "rt_pareto_nbd_fit") != RT_OK)
        return HUGE_VAL;
    return -ll;
}

rt_status rt_pareto_nbd_log_likelihood(const double params[4], const rt_rfm *rfm, double *ll)
{
    static const char fn[] = "rt_pareto_nbd_log_likelihood";
    RTI_TRY(rti_rfm_ll_begin(params, 4, names, rfm, ll, fn));
    double v;
    RTI_TRY(log_likelihood(params, rfm, &v, fn));
    *ll = v;
    return RT_OK;
}

rt_status rt_pareto_nbd_fit(const rt_rfm *rfm, const rt_fit_options *options,
                            rt_fit_report *report)
{
    static const char fn[] = "rt_pareto_nbd_fit";
    rt_fit_options opts;
    double mean_T;
    RTI_TRY(rti_rfm_fit_begin(rfm, options, 4, report, &opts, &mean_T, fn));
    const double start[4] = {1.0, mean_T, 1.0, mean_T};
    /* Numerical gradient: the derivatives of A0's 2F1 terms have no cheap form. */
    const rti_problem problem = {negative_ll, (void *)(uintptr_t)rfm, 4, 0};
    return rti_fit_run(&problem, &opts, start, report, fn);
}

rt_status rt_pareto_nbd_p_alive(const double params[4], uint64_t x, double t_x, double T,
                                double *p)
{
    static const char fn[] = "rt_pareto_nbd_p_alive";
    RTI_TRY(rti_check_params(params, 4, names, fn));
    RTI_TRY(rti_rfm_check_record(x, t_x, T, fn, ""));
    RTI_TRY(rti_check_out(p, fn, "p"));
    double u;
    RTI_TRY(log_death_odds(params, x, t_x, T, &u, fn));
    *p = rti_logistic_complement(u);
    return RT_OK;
}

/* (1 - (b/(b+t))^(s-1)) / (s-1), with the limit ln((b+t)/b) at s = 1. */
static double survival_integral(double s, double b, double t)
{
    double l = log1p(t / b);
    double e = s - 1.0;
    return e != 0.0 ? -expm1(-e * l) / e : l;
}

/* b times survival_integral(s, b, t), at most t. Its parts overflow where
 * it does not: t / b for a subnormal b (then the log is taken apart), and
 * b e^x for x past 709 (then summed as logs). */
static double scaled_survival_integral(double s, double b, double t)
{
    double l = log1p(t / b);
    if (isinf(l))
        l = log(t) - log(b);
    double e = s - 1.0;
    if (e == 0.0)
        return b * l;
    double x = -e * l;
    if (x < 700.0)
        return b * expm1(x) / -e;
    return (exp(log(b) + x) - b) / -e;
}

rt_status rt_pareto_nbd_expected_purchases(const double params[4], double t, double *e)
{
    static const char fn[] = "rt_pareto_nbd_expected_purchases";
    RTI_TRY(rti_check_params(params, 4, names, fn));
    RTI_TRY(rti_check_horizon(t, fn, "t"));
    RTI_TRY(rti_check_out(e, fn, "e"));
    double r = params[0], alpha = params[1], s = params[2], beta = params[3];
    /* beta * integral <= t: formed first, it cannot overflow where
     * r * beta would (beta = DBL_MAX gave infinity, not r t / alpha). */
    *e = r / alpha * scaled_survival_integral(s, beta, t);
    return RT_OK;
}

rt_status rt_pareto_nbd_conditional_expected_purchases(const double params[4], uint64_t x,
                                                       double t_x, double T, double t,
                                                       double *e)
{
    static const char fn[] = "rt_pareto_nbd_conditional_expected_purchases";
    RTI_TRY(rti_check_params(params, 4, names, fn));
    RTI_TRY(rti_rfm_check_record(x, t_x, T, fn, ""));
    RTI_TRY(rti_check_horizon(t, fn, "t"));
    RTI_TRY(rti_check_out(e, fn, "e"));
    double u;
    RTI_TRY(log_death_odds(params, x, t_x, T, &u, fn));
    double r = params[0], alpha = params[1], s = params[2], beta = params[3];
    double xd = (double)x;
    /* Halves of alpha + T and beta + T, which may pass DBL_MAX (then inf / inf
     * gave NaN); the survival integral depends on t / (beta + T) alone. */
    double ah = 0.5 * alpha + 0.5 * T, bh = 0.5 * beta + 0.5 * T;
    double v = (r + xd) * (bh / ah) * survival_integral(s, bh, 0.5 * t);
    *e = v * rti_logistic_complement(u);
    return RT_OK;
}
