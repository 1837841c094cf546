/**
 * @file retention/clv_value.h
 * @brief Per-customer lifetime value from the BG/NBD and Gamma-Gamma models.
 */
#ifndef RETENTION_CLV_VALUE_H
#define RETENTION_CLV_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup clv_value Customer lifetime value
 * @brief Expected purchases x expected spend x margin, discounted; customers
 *        ranked by it.
 * @{
 */

/**
 * @brief Options of rt_clv_bgnbd_gg() (size-prefixed).
 *
 * Initialise with rt_clv_options_init(), then change what you need. Times
 * are in the unit of the summary the models were fitted on (weeks for
 * CDNOW and the @c retention command), and so are @c horizon, @c step and
 * @c discount_rate.
 * @since 1.0
 */
typedef struct rt_clv_options {
    size_t size;           /**< sizeof(rt_clv_options) as the caller compiled it. */
    double margin;         /**< Share of spend that is profit, in [0, 1]; default 1. */
    double discount_rate;  /**< Discount rate d per time unit, finite and >= 0; default 0.
                                A 10 % yearly rate in weeks is 1.1^(1/52) - 1. */
    double horizon;        /**< H, finite and > 0; default 52. */
    double step;           /**< Length of a discounting period, finite and > 0, with
                                H / step <= 2^32 - 1 periods; default 1. Purchases are
                                discounted at the end of their period: at step, 2 step,
                                ..., and the last period ends at H (shorter when H is not
                                a multiple of step). */
    double spend;          /**< Spend per purchase to value every purchase at instead of
                                the Gamma-Gamma expectation, finite and >= 0; 0 (default)
                                uses the Gamma-Gamma model. For a business with one price,
                                where the Gamma-Gamma fit has no interior optimum. */
} rt_clv_options;

/**
 * @brief Sets the default CLV options (margin 1, no discounting, horizon
 *        52, step 1, spend from the Gamma-Gamma model).
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof *options` as the caller compiled it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size is smaller
 *         than its first member.
 * @since 1.0
 */
RT_API rt_status rt_clv_options_init(rt_clv_options *options, size_t size);

/**
 * @brief Expected discounted value of one customer over a horizon.
 *
 * The horizon H is cut into periods ending at t_k = min(k s, H), s the
 * step; the purchases expected in period k, E[Y(t_k) | x, t_x, T] -
 * E[Y(t_{k-1}) | x, t_x, T] (BG/NBD), are valued at the expected spend per
 * purchase E[Z | x, m_x] (Gamma-Gamma, or the fixed @c spend of the
 * options) times the margin, and discounted at the end of their period at
 * the rate d per time unit:
 * \f[ \mathrm{CLV} = m \, E[Z] \sum_{k=1}^{K}
 *     \frac{E[Y(t_k)] - E[Y(t_{k-1})]}{(1 + d)^{t_k}} \f]
 * (the discrete scheme of the lifetimes package). With d = 0 the value is
 * m E[Z] E[Y(H)].
 *
 * Cost: with d = 0, one evaluation of E[Y(H)]. With d > 0 and
 * a + b + x <= 200 the purchases of each period are integrated from the
 * BG/NBD purchase rate, stepping the ordinary differential equation of its
 * hypergeometric function (a few terms of a Taylor series per period,
 * never a series in H); above 200, E[Y(t)] at each period's end, whose
 * series then needs few terms. Either way the sum stops once the discount
 * leaves the rest below the rounding of the total: O(min(K, 40 / (s ln(1 +
 * d)))) periods, whatever H. On CDNOW the two ways agree to 2e-14.
 *
 * @param[in]  bgnbd       BG/NBD parameters r, alpha, a, b.
 * @param[in]  gamma_gamma Gamma-Gamma parameters p, q, gamma (q > 1); may be
 *                         NULL when the options set a fixed @c spend.
 * @param[in]  x           Repeat purchases in the calibration period.
 * @param[in]  t_x         Time of the last of them since the first purchase.
 * @param[in]  T           Age at the calibration end.
 * @param[in]  mean_spend  Mean spend of the x repeat purchases (ignored if x = 0).
 * @param[in]  options     Margin, discounting, horizon and step, or NULL for
 *                         the defaults of rt_clv_options_init().
 * @param[out] clv         The expected discounted value.
 * @return #RT_OK; #RT_EINVAL if @p clv or @p bgnbd is NULL, @p gamma_gamma
 *         is NULL without a fixed spend, or an input or option is NaN,
 *         infinite or out of range; #RT_EVERSION if the options set fields
 *         this version does not know; #RT_EUNDEFINED if q <= 1 (the mean
 *         spend is undefined), the value overflows a double, or
 *         rt_bgnbd_conditional_expected_purchases() answers it (d = 0 or
 *         a + b + x > 200); #RT_ECONVERGE if that function does not
 *         converge, or a period of the stepped purchase rate needs more
 *         than 100,000 Taylor steps.
 * @since 1.0
 */
RT_API rt_status rt_clv_bgnbd_gg(const double bgnbd[4], const double gamma_gamma[3],
                                 uint64_t x, double t_x, double T, double mean_spend,
                                 const rt_clv_options *options, double *clv);

/**
 * @brief Ranks customers by value, most valuable first, and totals the base.
 *
 * Writes to @p order the indices of the min(@p k, @p count) largest of
 * @p values, in decreasing order of value; equal values keep their index
 * order, so the ranking is reproducible. The selection takes O(count log k)
 * time and allocates nothing. With the values of rt_clv_bgnbd_gg, order is
 * the list of the customers most worth keeping and @p total the expected
 * value of the whole base: the sum of the per-customer values (expectation
 * is linear), added with compensation (Neumaier) so that a large base
 * loses no small customer to rounding.
 *
 * @param[in]  values  @p count finite values (may be NULL if @p count is 0).
 * @param[in]  count   Number of values.
 * @param[out] order   Room for min(@p k, @p count) indices (may be NULL if
 *                     @p k is 0).
 * @param[in]  k       How many to rank: 0 ranks none (only the total).
 * @param[out] total   The sum of all @p count values, or NULL.
 * @return #RT_OK; #RT_EINVAL if @p values or @p order is NULL where needed,
 *         or a value is NaN or infinite (then nothing is written).
 * @since 1.0
 */
RT_API rt_status rt_clv_rank(const double *values, size_t count, size_t *order, size_t k,
                             double *total);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_CLV_VALUE_H */
