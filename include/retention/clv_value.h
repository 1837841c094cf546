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
 * @brief Expected discounted value of one customer over a horizon.
 *
 * The horizon H is cut into @p steps equal steps t_k = k H / steps; the
 * purchases expected in step k, E[Y(t_k) | x, t_x, T] - E[Y(t_{k-1}) | x,
 * t_x, T] (BG/NBD), are valued at the expected spend per purchase
 * E[Z | x, m_x] (Gamma-Gamma) times the margin, and discounted at the end
 * of the step at @p discount_rate per time unit:
 * \f[ \mathrm{CLV} = m \, E[Z] \sum_{k=1}^{K}
 *     \frac{E[Y(t_k)] - E[Y(t_{k-1})]}{(1 + d)^{t_k}} \f]
 * (the discrete scheme of the lifetimes package). Times are in the unit of
 * the summary the models were fitted on (weeks for CDNOW), and so is d: a
 * 10 % yearly rate in weeks is 1.1^(1/52) - 1. With d = 0 the value is
 * m E[Z] E[Y(H)].
 *
 * @param[in]  bgnbd         BG/NBD parameters r, alpha, a, b.
 * @param[in]  gamma_gamma   Gamma-Gamma parameters p, q, gamma (q > 1).
 * @param[in]  x             Repeat purchases in the calibration period.
 * @param[in]  t_x           Time of the last of them since the first purchase.
 * @param[in]  T             Age at the calibration end.
 * @param[in]  mean_spend    Mean spend of the x repeat purchases (ignored if x = 0).
 * @param[in]  margin        Margin as a fraction of spend, in [0, 1].
 * @param[in]  discount_rate Discount rate per time unit, >= 0.
 * @param[in]  horizon       H, > 0.
 * @param[in]  steps         K, >= 1.
 * @param[out] clv           The expected discounted value.
 * @return #RT_OK; #RT_EINVAL if @p clv or a parameter array is NULL, or an
 *         input is NaN, infinite or out of range; #RT_EUNDEFINED if q <= 1
 *         (the mean spend is undefined); the statuses of the model
 *         functions it calls.
 * @since 1.0
 */
RT_API rt_status rt_clv_bgnbd_gg(const double bgnbd[4], const double gamma_gamma[3],
                                 uint64_t x, double t_x, double T, double mean_spend,
                                 double margin, double discount_rate, double horizon,
                                 uint32_t steps, double *clv);

/**
 * @brief Ranks customers by value, most valuable first, and totals the base.
 *
 * Writes to @p order the indices of the min(@p k, @p n) largest of
 * @p values, in decreasing order of value; equal values keep their index
 * order, so the ranking is reproducible. The selection takes O(n log k)
 * time and allocates nothing. With the values of rt_clv_bgnbd_gg, order is
 * the list of the customers most worth keeping and @p total the expected
 * value of the whole base: the sum of the per-customer values (expectation
 * is linear), added with compensation (Neumaier) so that a large base
 * loses no small customer to rounding.
 *
 * @param[in]  values  @p n finite values (may be NULL if @p n is 0).
 * @param[in]  n       Number of values.
 * @param[out] order   Room for min(@p k, @p n) indices (may be NULL if
 *                     @p k is 0).
 * @param[in]  k       How many to rank: 0 ranks none (only the total).
 * @param[out] total   The sum of all @p n values, or NULL.
 * @return #RT_OK; #RT_EINVAL if @p values or @p order is NULL where needed,
 *         or a value is NaN or infinite (then nothing is written).
 * @since 1.0
 */
RT_API rt_status rt_clv_rank(const double *values, size_t n, size_t *order, size_t k,
                             double *total);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_CLV_VALUE_H */
