/**
 * @file retention/economics.h
 * @brief The economics of keeping a customer: LTV:CAC, CAC payback, saving
 * against replacing a customer, and retention campaigns ranked by their
 * expected worth.
 */
#ifndef RETENTION_ECONOMICS_H
#define RETENTION_ECONOMICS_H

#include <stddef.h>
#include <stdint.h>

#include "retention/alloc.h"
#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef RT_EXPERIMENTAL  /* the experimental tier: see retention/export.h */

/**
 * @defgroup economics Economics of retention
 * @brief Is keeping a customer worth what it costs?
 *
 * Stateless formulas on money (any currency, as doubles: finite and >= 0,
 * else #RT_EINVAL; results that would divide by zero are #RT_EUNDEFINED),
 * and a campaign planner that applies rt_offer_worth() and
 * rt_offer_break_even_cost() to a list of customers at risk and ranks them
 * with rt_clv_rank().
 *
 * A campaign from a cohort: rank the customers at risk by their value with
 * rt_cohort_at_risk() (rt_risk_options::values holding each customer's CLV,
 * e.g. from rt_clv_bgnbd_gg(), or their spend), then pass the values it
 * returns to rt_campaign_plan(); its @c order indexes the ids
 * rt_cohort_at_risk() wrote.
 * @{
 */

/**
 * @brief LTV:CAC, the lifetime value of a customer over what acquiring one costs.
 *
 * \f$ \mathrm{LTV} / \mathrm{CAC} \f$; a common rule of thumb wants 3 or more.
 *
 * @param[in]  ltv   Lifetime value of a customer (e.g. rt_clv_saas()), >= 0.
 * @param[in]  cac   Customer acquisition cost, >= 0.
 * @param[out] ratio LTV / CAC.
 * @return #RT_OK; #RT_EINVAL if @p ratio is NULL or an input is NaN,
 *         infinite or negative; #RT_EUNDEFINED if @p cac is 0 or the ratio
 *         overflows.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_ltv_cac_ratio(double ltv, double cac, double *ratio);

/**
 * @brief Months of gross profit it takes to earn back the acquisition cost.
 *
 * \f$ \mathrm{CAC} / (\mathrm{ARPA} \cdot m) \f$ with m the gross margin:
 * the payback counts the profit a customer brings, not their revenue.
 *
 * @param[in]  cac          Customer acquisition cost, >= 0.
 * @param[in]  arpa         Average revenue per account per month, >= 0.
 * @param[in]  gross_margin Gross margin m, in [0, 1].
 * @param[out] months       CAC / (ARPA x m).
 * @return #RT_OK; #RT_EINVAL if @p months is NULL or an input is NaN,
 *         infinite, negative or (margin) above 1; #RT_EUNDEFINED if ARPA x m
 *         is 0 (never paid back) or the result overflows.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_cac_payback_months(double cac, double arpa, double gross_margin,
                                       double *months);

/**
 * @brief Expected cost of saving one customer with an incentive.
 *
 * Every customer offered the incentive k costs k, and a fraction p of them
 * stays: one saved customer costs \f$ k / p \f$ on average. Compare it with
 * the cost of replacing a lost customer, the acquisition cost
 * (rt_save_vs_replace()).
 *
 * @param[in]  incentive     Cost of the offer per customer offered, k >= 0.
 * @param[in]  p_save        Probability that the offer keeps a customer, p in [0, 1].
 * @param[out] cost_per_save k / p.
 * @return #RT_OK; #RT_EINVAL if @p cost_per_save is NULL or an input is
 *         NaN, infinite or out of range; #RT_EUNDEFINED if @p p_save is 0
 *         (no customer is ever saved) or the result overflows.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_save_cost(double incentive, double p_save, double *cost_per_save);

/**
 * @brief How many times cheaper saving a customer is than replacing one.
 *
 * The cost of replacing a lost customer (CAC) over the cost of saving one
 * (rt_save_cost()): \f$ \mathrm{CAC} / (k / p) = \mathrm{CAC} \cdot p / k \f$.
 * Above 1, saving is cheaper; 0 when p is 0 (saving never works).
 *
 * @param[in]  cac       Customer acquisition cost, >= 0.
 * @param[in]  incentive Cost of the offer per customer offered, k >= 0.
 * @param[in]  p_save    Probability that the offer keeps a customer, p in [0, 1].
 * @param[out] ratio     CAC p / k.
 * @return #RT_OK; #RT_EINVAL if @p ratio is NULL or an input is NaN,
 *         infinite or out of range; #RT_EUNDEFINED if @p incentive is 0
 *         (saving costs nothing: the ratio is infinite) or the result
 *         overflows.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_save_vs_replace(double cac, double incentive, double p_save,
                                    double *ratio);

/**
 * @brief A retention campaign's terms. Initialise with rt_campaign_options_init().
 * @experimental
 * @since 1.0
 */
typedef struct rt_campaign_options {
    size_t size;                    /**< sizeof(rt_campaign_options) as the caller compiled it. */
    double save_rate;               /**< p(save) of a customer offered the incentive, in [0, 1]; default 0. */
    double incentive;               /**< Cost of the offer per customer offered, >= 0; default 0. */
    const double *save_rates;       /**< Each customer's own p(save) (count entries), or NULL (default) for save_rate. */
    const rt_allocator *allocator;  /**< Allocator of the scratch memory; NULL for the default. */
} rt_campaign_options;

/**
 * @brief Fills campaign options with the defaults.
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_campaign_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_campaign_options_init(rt_campaign_options *options, size_t size);

/**
 * @brief What a campaign is expected to bring. Initialise with rt_campaign_result_init().
 *
 * The campaign offers the incentive to the customers whose expected worth
 * \f$ p_i v_i - k \f$ is positive (rt_offer_worth()).
 * @experimental
 * @since 1.0
 */
typedef struct rt_campaign_result {
    size_t size;                 /**< sizeof(rt_campaign_result) as the caller compiled it. */
    uint64_t customers;          /**< Customers considered. */
    uint64_t worth_offering;     /**< Customers whose expected worth is > 0: those to call. */
    double expected_saves;       /**< Sum of p over those worth offering. */
    double expected_saved_value; /**< Sum of p x value over those worth offering. */
    double cost;                 /**< incentive x worth_offering. */
    double expected_profit;      /**< expected_saved_value - cost: the campaign's expected profit. */
    double expected_profit_all;  /**< Sum of p x value - incentive over every customer: offering it to all. */
} rt_campaign_result;

/**
 * @brief Initialises a campaign result.
 * @param[out] result The struct to initialise (all zero, @c size set).
 * @param[in]  size   `sizeof(rt_campaign_result)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p result is NULL or @p size too small.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_campaign_result_init(rt_campaign_result *result, size_t size);

/**
 * @brief Plans a retention campaign: whom to call first, what each may be
 * offered, and the campaign's expected profit.
 *
 * Customer i has value v_i (CLV, or spend) and save rate p_i (the option's
 * @c save_rates[i], or @c save_rate). Its expected worth is
 * rt_offer_worth(p_i, v_i, incentive) = p_i v_i - k, its break-even
 * incentive rt_offer_break_even_cost(p_i, v_i) = p_i v_i (offer it anything
 * less and the offer pays on average). The customers are ranked by expected
 * worth with rt_clv_rank() (ties: the smaller index first), so a team calls
 * them in this order and stops where the worth turns negative.
 *
 * @param[in]  values       Array of @p count values v_i, finite and >= 0 (may be NULL if count is 0).
 * @param[in]  count        Number of customers.
 * @param[in]  options      The save rate(s) and the incentive (not NULL).
 * @param[out] order        Room for @p capacity indices into @p values: the
 *                          first min(@p capacity, @p count) customers by
 *                          expected worth, highest first; may be NULL if
 *                          @p capacity is 0.
 * @param[out] break_even   Room for @p capacity break-even incentives, in
 *                          the order of @p order; may be NULL.
 * @param[out] worth        Room for @p capacity expected worths, in the
 *                          order of @p order; may be NULL.
 * @param[in]  capacity     Entries of the output arrays.
 * @param[out] result       The campaign's totals; its @c size must be set
 *                          (rt_campaign_result_init()).
 * @return #RT_OK; #RT_EINVAL if @p options, @p result, @p values (count > 0)
 *         or @p order (capacity > 0) is NULL, the size of @p result is smaller
 *         than the struct of version 1.0, or a value, save rate or the
 *         incentive is NaN, infinite or out of range; #RT_EVERSION if
 *         @p options sets fields this version does not know; #RT_EUNDEFINED
 *         if the totals overflow a double; #RT_ENOMEM. Outputs are written
 *         only on #RT_OK.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_campaign_plan(const double *values, size_t count,
                                  const rt_campaign_options *options, size_t *order,
                                  double *break_even, double *worth, size_t capacity,
                                  rt_campaign_result *result);

/** @} */

#endif /* RT_EXPERIMENTAL */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_ECONOMICS_H */
