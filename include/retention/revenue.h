/**
 * @file retention/revenue.h
 * @brief Revenue retention: monthly MRR movements, NRR, GRR, quick ratio,
 * ARPA and the revenue-weighted cohort table of a cohort's paid subscriptions.
 */
#ifndef RETENTION_REVENUE_H
#define RETENTION_REVENUE_H

#include <stddef.h>
#include <stdint.h>

#include "retention/cohort.h"
#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef RT_EXPERIMENTAL  /* the experimental tier: see retention/export.h */

/**
 * @defgroup revenue Revenue retention
 * @brief How much recurring revenue the base keeps, month by month.
 *
 * Computed from the paid subscription intervals of a cohort
 * (rt_cohort_add_revenue_subscriptions()). A customer's MRR on a day is the
 * sum of the MRR of their intervals covering that day (an interval covers
 * the days from its start day up to, not including, its end day); a customer
 * with MRR > 0 is a *paying customer*. Amounts are integer cents, so every
 * sum is exact.
 *
 * **Movements** (as ChartMogul and Stripe define them). Each day on which
 * a customer's MRR changes, from b the day before to a, is one movement of
 * that customer:
 * - *new*: b = 0, a > 0, and the customer never paid before: + a;
 * - *reactivation*: b = 0, a > 0, and the customer paid before: + a;
 * - *expansion*: 0 < b < a: + (a - b);
 * - *contraction*: 0 < a < b: - (b - a);
 * - *churned*: b > 0, a = 0: - b.
 * Ending one of two subscriptions is a contraction, adding a second an
 * expansion, as in ChartMogul ("a customer only counts towards Churn MRR if
 * they don't have any other active subscriptions").
 * A month's movements are those on its days, and its MRR reconciles
 * exactly: opening + new + expansion - contraction - churned + reactivation
 * = closing, where opening is the MRR on the last day of the month before
 * and closing the MRR on the month's last day (on the as-of day for the
 * month that holds it). The months run from the month of the first paid
 * day to the month of the as-of day; changes after the as-of day are not
 * seen.
 *
 * **Rates** of month m, with S the customers paying at the close of an
 * earlier month (m - 1 for the monthly rates, m - 12 for the trailing
 * twelve months, as ChartMogul and Stripe report NRR and GRR) and
 * \f$ s_c \f$, \f$ e_c \f$ a customer's MRR then and at the close of m:
 * - NRR = \f$ \sum_S e_c / \sum_S s_c \f$: the revenue of the customers of
 *   then, now (new customers left out, expansion, contraction, churn and
 *   reactivation of S counted);
 * - GRR = \f$ \sum_S \min(e_c, s_c) / \sum_S s_c \f$: the same without any
 *   growth, at most 1;
 * - quick ratio = (new + expansion + reactivation) / (contraction + churned)
 *   of the month (SaaS quick ratio, Mamoon Hamid);
 * - ARPA = closing MRR / paying customers at the close (ChartMogul's
 *   average revenue per account).
 * A rate whose denominator is 0 is NaN (no customer at the start, nothing
 * lost): check with isnan().
 *
 * **Cohort table**: a customer's cohort is the month of their first paid
 * day and their starting MRR their new-business MRR (ChartMogul's cohort
 * value). Cell (c, k) is the MRR of cohort c's customers at the close of
 * month c + k divided by the cohort's starting MRR (net: expansion and
 * reactivation count, so a cell may exceed 1). A cell whose month has not
 * ended by the as-of day is censored (unknown), as in the activity tables.
 *
 * **Differences from ChartMogul and Stripe, named:**
 * - Movements are per civil day: several changes of one customer on one day
 *   are one movement of the net change (ChartMogul merges changes within a
 *   configurable time, 60 minutes by default, "Smart Activity
 *   Classification"; Stripe logs each change).
 * - The MRR of each interval is the caller's: trials, free plans, taxes,
 *   discounts, currency conversion and past-due handling are decided
 *   before (Stripe leaves out trials, free plans, taxes and metered
 *   prices; ChartMogul's churn date follows its churn-recognition setting).
 *   Here a churn happens on the interval's end day as given.
 * - NRR and GRR compare each customer's MRR at two month closes; a
 *   customer who contracted and expanded back within the window has lost
 *   nothing (a movement-sum formula, start + expansion - contraction -
 *   churn, would count both movements).
 * - Stripe's "MRR growth" also adjusts for exchange-rate changes; there is
 *   one currency here.
 *
 * @note Thread safety: an #rt_revenue does not change after
 * rt_cohort_revenue(); its getters may run concurrently.
 * @{
 */

/** The revenue retention of a cohort (opaque); rt_cohort_revenue() makes one. @since 1.0 */
typedef struct rt_revenue rt_revenue;

/**
 * @brief Options of rt_cohort_revenue(). Initialise with rt_revenue_options_init().
 * @experimental
 * @since 1.0
 */
typedef struct rt_revenue_options {
    size_t size;             /**< sizeof(rt_revenue_options) as the caller compiled it. */
    uint32_t use_as_of_day;  /**< 1: as_of_day is the last day seen; 0 (default): the latest start or end day of a paid interval. */
    int32_t as_of_day;       /**< The last day seen (days since 1970-01-01), when use_as_of_day is 1. */
} rt_revenue_options;

/**
 * @brief Fills revenue options with the defaults.
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_revenue_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_revenue_options_init(rt_revenue_options *options, size_t size);

/**
 * @brief One calendar month of revenue. Initialise with rt_mrr_month_init().
 *
 * Money in cents; rates as fractions (1.05 is 105 %), NaN when undefined.
 * @experimental
 * @since 1.0
 */
typedef struct rt_mrr_month {
    size_t size;                 /**< sizeof(rt_mrr_month) as the caller compiled it. */
    int32_t first_day;           /**< First day of the month (days since 1970-01-01). */
    int32_t last_day;            /**< Its last day, or the as-of day in the as-of month. */
    uint64_t customers_opening;  /**< Paying customers on the day before first_day. */
    uint64_t customers_closing;  /**< Paying customers on last_day. */
    int64_t opening;             /**< MRR on the day before first_day. */
    int64_t new_mrr;             /**< New business. */
    int64_t expansion;           /**< Expansion (positive). */
    int64_t contraction;         /**< Contraction (positive; subtract it). */
    int64_t churned;             /**< Churned (positive; subtract it). */
    int64_t reactivation;        /**< Reactivation. */
    int64_t closing;             /**< MRR on last_day: opening + new + expansion - contraction - churned + reactivation. */
    double nrr;                  /**< Net revenue retention over the month. */
    double grr;                  /**< Gross revenue retention over the month. */
    double nrr_12;               /**< Net revenue retention over the trailing 12 months. */
    double grr_12;               /**< Gross revenue retention over the trailing 12 months. */
    double quick_ratio;          /**< (new + expansion + reactivation) / (contraction + churned). */
    double arpa;                 /**< closing / customers_closing, in cents. */
} rt_mrr_month;

/**
 * @brief Initialises a month of revenue.
 * @param[out] month The struct to initialise (all zero, @c size set).
 * @param[in]  size  `sizeof(rt_mrr_month)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p month is NULL or @p size too small.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_mrr_month_init(rt_mrr_month *month, size_t size);

/**
 * @brief Computes the revenue retention of a cohort's paid subscriptions.
 *
 * Time and memory O(I + D + N + C M + M²) for I paid intervals spanning D
 * days, N customers in the cohort, C paying customers and M months (M² for
 * the cohort table).
 *
 * @param[in]  cohort  The cohort.
 * @param[in]  options Options, or NULL for the defaults.
 * @param[out] revenue The result; free it with rt_revenue_free(). It holds
 *                     no month if no interval pays by the as-of day.
 * @return #RT_OK; #RT_EINVAL if @p cohort or @p revenue is NULL or
 *         use_as_of_day is not 0 or 1; #RT_ERANGE if the as-of day is more
 *         than 100 years from 1970 or the MRR of all paid intervals together
 *         exceeds 2^61 cents; #RT_EVERSION if @p options sets fields this
 *         version does not know; #RT_ENOMEM. @p revenue is written only on
 *         #RT_OK.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_cohort_revenue(const rt_cohort *cohort, const rt_revenue_options *options,
                                   rt_revenue **revenue);

/**
 * @brief Frees a revenue result.
 * @param[in] revenue The result, or NULL (nothing happens).
 * @experimental
 * @since 1.0
 */
RT_API void rt_revenue_free(rt_revenue *revenue);

/**
 * @brief Number of months computed (month 0 holds the first paid day).
 * @param[in] revenue The result (not NULL).
 * @return The count.
 * @experimental
 * @since 1.0
 */
RT_API size_t rt_revenue_month_count(const rt_revenue *revenue);

/**
 * @brief The movements and rates of one month.
 * @param[in]  revenue The result.
 * @param[in]  index   Month index, below rt_revenue_month_count().
 * @param[out] month   The month; its @c size must be set (rt_mrr_month_init()).
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or the size of @p month is
 *         smaller than the struct of version 1.0; #RT_ERANGE if @p index is
 *         out of range. @p month is written only on #RT_OK, and only its
 *         first month->size bytes.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_revenue_month(const rt_revenue *revenue, size_t index,
                                  rt_mrr_month *month);

/**
 * @brief A cohort's size and starting MRR.
 * @param[in]  revenue    The result.
 * @param[in]  cohort     Cohort index, the month index of its first paid month.
 * @param[out] customers  Customers whose first paid day is in that month.
 * @param[out] start_mrr  Their new-business MRR, in cents.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL; #RT_ERANGE if @p cohort
 *         is not below rt_revenue_month_count().
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_revenue_cohort_size(const rt_revenue *revenue, size_t cohort,
                                        uint64_t *customers, int64_t *start_mrr);

/**
 * @brief One cell of the revenue-weighted cohort table.
 * @param[in]  revenue  The result.
 * @param[in]  cohort   Cohort index (a month index).
 * @param[in]  offset   k, months after the cohort's month.
 * @param[out] share    MRR of the cohort at the close of month cohort + k
 *                      over its starting MRR; written only when observed.
 * @param[out] observed 1 if month cohort + k ended by the as-of day, 0 if
 *                      censored (unknown).
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL; #RT_ERANGE if
 *         cohort + offset is not below rt_revenue_month_count();
 *         #RT_EUNDEFINED if the cohort has no customer (starting MRR 0).
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_revenue_cohort_share(const rt_revenue *revenue, size_t cohort,
                                         size_t offset, double *share, uint32_t *observed);

/** @} */

#endif /* RT_EXPERIMENTAL */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_REVENUE_H */
