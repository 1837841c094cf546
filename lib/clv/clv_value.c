/* Per-customer lifetime value: BG/NBD purchases per period, Gamma-Gamma
 * (or fixed) spend, margin, discounting at the end of each period. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clv/purchase_rate.h"
#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"
#include "retention/clv.h"
#include "retention/clv_value.h"

static void defaults(rt_clv_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->margin = 1.0;
    o->horizon = 52.0;
    o->step = 1.0;
}

rt_status rt_clv_options_init(rt_clv_options *options, size_t size)
{
    rt_clv_options d;
    defaults(&d);
    return rti_sized_struct_init(options, size, &d, sizeof d, "rt_clv_options_init");
}

/* The caller's options (NULL: defaults) into o, checked; the number of
 * periods into periods. */
static rt_status read_options(const rt_clv_options *in, rt_clv_options *o, uint32_t *periods,
                              const char *fn)
{
    defaults(o);
    if (in != NULL)
        RTI_TRY(rti_sized_struct_read(o, sizeof *o, in, in->size, "rt_clv_options"));
    RTI_TRY(rti_check_probability(o->margin, fn, "margin"));
    RTI_TRY(rti_check_nonnegative(o->discount_rate, fn, "discount_rate"));
    RTI_TRY(rti_check_nonnegative(o->spend, fn, "spend"));
    if (!(o->horizon > 0.0 && isfinite(o->horizon)) || !(o->step > 0.0 && isfinite(o->step)))
        return rti_fail(RT_EINVAL, "%s: horizon %g and step %g must be finite and > 0", fn,
                        o->horizon, o->step);
    double count = ceil(o->horizon / o->step);
    if (!(count <= (double)UINT32_MAX))
        return rti_fail(RT_EINVAL, "%s: horizon / step = %g periods; at most 2^32 - 1", fn,
                        count);
    *periods = (uint32_t)count;
    return RT_OK;
}

/* A model function's failure told in the name of the function the caller
 * called, the model's own message after it. */
static rt_status as_called(rt_status st, const char *fn)
{
    if (st == RT_OK)
        return st;
    char cause[512];
    snprintf(cause, sizeof cause, "%s", rt_last_error_message());
    return rti_fail(st, "%s: %s", fn, cause);
}

/* The end of period k of n: k step, the last one at the horizon. */
static double period_end(const rt_clv_options *o, uint32_t k, uint32_t n)
{
    return k >= n ? o->horizon : fmin((double)k * o->step, o->horizon);
}

/* The discounted purchases of a customer alive at T, period by period from
 * the purchase rate; stops when even undiscounted at the next period's
 * end, the purchases still to come (bounded by the falling rate) would not
 * change the sum. */
static rt_status discounted_purchases(const double bgnbd[4], uint64_t x, double T,
                                      const rt_clv_options *o, uint32_t periods, double *sum,
                                      const char *fn)
{
    rti_rate_walk w;
    rti_rate_walk_init(&w, bgnbd, x, T);
    double log_discount = log1p(o->discount_rate), value = 0.0;
    for (uint32_t k = 1; k <= periods; k++) {
        double t = period_end(o, k, periods), bought;
        RTI_TRY(rti_rate_walk_to(&w, t, &bought, fn));
        value += bought * exp(-t * log_discount);
        if (k == periods)
            break;
        double to_come = rti_rate_walk_rate(&w) * (o->horizon - t);
        if (to_come * exp(-period_end(o, k + 1, periods) * log_discount) <= 0x1p-54 * value)
            break;
    }
    *sum = value;
    return RT_OK;
}

/* The same sum from the closed form of E[Y(t)] (alive or not), by parts:
 *   sum_k D_k (E_k - E_(k-1)) = sum_(k<K) E_k (D_k - D_(k+1)) + D_K E_K,
 * every term >= 0 (no differences of nearly equal E), stopping when
 * E(H) D_(k+1) bounds the rest below the rounding of the sum. */
static rt_status discounted_by_closed_form(const double bgnbd[4], uint64_t x, double t_x,
                                           double T, const rt_clv_options *o, uint32_t periods,
                                           double *sum, const char *fn)
{
    double log_discount = log1p(o->discount_rate), e_h, value = 0.0;
    RTI_TRY(as_called(rt_bgnbd_conditional_expected_purchases(bgnbd, x, t_x, T, o->horizon,
                                                              &e_h), fn));
    for (uint32_t k = 1; k < periods; k++) {
        double t = period_end(o, k, periods), next = period_end(o, k + 1, periods), e;
        RTI_TRY(as_called(rt_bgnbd_conditional_expected_purchases(bgnbd, x, t_x, T, t, &e), fn));
        double d_k = exp(-t * log_discount);
        value += e * d_k * -expm1(-(next - t) * log_discount);
        if (e_h * exp(-next * log_discount) <= 0x1p-54 * value)
            break;
    }
    *sum = value + e_h * exp(-o->horizon * log_discount);
    return RT_OK;
}

/* Beyond this a + b + x the equation's other solution, y^(1-a-b-x), is so
 * steep near 0 that Taylor steps must shrink as 1 / (a + b + x); but then
 * the closed form's series (ratio ~ z / (a + b + x)) needs few terms. */
#define WALK_MAX_SHAPE 200.0

/* Expected purchases over the horizon, each discounted at the end of its
 * period, of the customer (x, t_x, T). */
static rt_status purchases(const double bgnbd[4], uint64_t x, double t_x, double T,
                           const rt_clv_options *o, uint32_t periods, double *e, const char *fn)
{
    if (o->discount_rate == 0.0)  /* the periods telescope */
        return as_called(rt_bgnbd_conditional_expected_purchases(bgnbd, x, t_x, T, o->horizon,
                                                                 e), fn);
    if (bgnbd[2] + bgnbd[3] + (double)x > WALK_MAX_SHAPE)
        return discounted_by_closed_form(bgnbd, x, t_x, T, o, periods, e, fn);
    double alive, sum;
    RTI_TRY(as_called(rt_bgnbd_p_alive(bgnbd, x, t_x, T, &alive), fn));
    RTI_TRY(discounted_purchases(bgnbd, x, T, o, periods, &sum, fn));
    *e = alive * sum;
    return RT_OK;
}

rt_status rt_clv_bgnbd_gg(const double bgnbd[4], const double gamma_gamma[3], uint64_t x,
                          double t_x, double T, double mean_spend, const rt_clv_options *options,
                          double *clv)
{
    static const char fn[] = "rt_clv_bgnbd_gg";
    RTI_TRY(rti_check_out(clv, fn, "clv"));
    rt_clv_options o;
    uint32_t periods = 0;
    RTI_TRY(read_options(options, &o, &periods, fn));
    if (bgnbd == NULL || (gamma_gamma == NULL && o.spend == 0.0))
        return rti_fail(RT_EINVAL, "%s: %s is NULL", fn, bgnbd == NULL ? "bgnbd" : "gamma_gamma");
    double spend = o.spend, e;
    if (spend == 0.0)
        RTI_TRY(as_called(rt_gamma_gamma_expected_spend(gamma_gamma, x, x ? mean_spend : 0.0,
                                                        &spend), fn));
    RTI_TRY(purchases(bgnbd, x, t_x, T, &o, periods, &e, fn));
    double value = o.margin * spend * e;
    if (!isfinite(value))
        return rti_fail(RT_EUNDEFINED, "%s: the value overflows a double", fn);
    *clv = value;
    return RT_OK;
}
