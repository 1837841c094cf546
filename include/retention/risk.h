/**
 * @file retention/risk.h
 * @brief Customers at risk of leaving, with reasons, ranked by value.
 */
#ifndef RETENTION_RISK_H
#define RETENTION_RISK_H

#include <stddef.h>
#include <stdint.h>

#include "retention/cohort.h"
#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup risk Customers at risk
 * @brief Which valuable customers to call before they go.
 *
 * At an as-of day t, the candidates are the customers first active on or
 * before t and active within the last @c lost_days (t - lost_days, t]:
 * customers silent longer are gone, not at risk. A candidate is at risk
 * for each reason that holds (a bit set of #rt_risk_reason):
 * - #RT_RISK_SILENT: no activity in the last @c silent_days;
 * - #RT_RISK_USAGE_FELL: active days in the last @c window_days fell below
 *   @c usage_drop times those of the @c window_days before (which had some);
 * - #RT_RISK_LATE_PAYMENT: a late payment in the last @c late_payment_days;
 * - #RT_RISK_FORGETTABLE: in the forgettable zone at t, with the default
 *   thresholds of rt_frequency_options_init().
 *
 * They are ranked by a value the caller gives per customer (spend, CLV;
 * customers without one count 0), or else by their number of active days.
 * The top N are found by selection, in O(customers + N log N), not a sort.
 *
 * **Partitions.** Run on disjoint customer sets, the union of each
 * partition's top N holds the overall top N: merge them and keep the N
 * highest (ties broken by the smaller id, as here).
 * @{
 */

/** Why a customer is at risk: bits of the @c reasons output. @since 1.0 */
typedef enum rt_risk_reason {
    RT_RISK_SILENT = 1,        /**< Silent for silent_days or more. */
    RT_RISK_USAGE_FELL = 2,    /**< Recent activity below usage_drop of the window before. */
    RT_RISK_LATE_PAYMENT = 4,  /**< Paid late recently. */
    RT_RISK_FORGETTABLE = 8    /**< Uses the product less than once a month. */
} rt_risk_reason;

/**
 * @brief What counts as risk. Initialise with rt_risk_options_init().
 * @since 1.0
 */
typedef struct rt_risk_options {
    size_t size;                /**< sizeof(rt_risk_options) as the caller compiled it. */
    int32_t as_of_day;          /**< The day judged, -36525 .. 36525; required. */
    uint32_t lost_days;         /**< Silent this long: gone, not at risk; 1 .. 73051, default 90. */
    uint32_t silent_days;       /**< 1 .. 73051; default 14. */
    uint32_t window_days;       /**< Length of the recent and the earlier window, 1 .. 73051; default 28. */
    double usage_drop;          /**< In (0, 1]; default 0.5: at risk below half the earlier activity. */
    uint32_t late_payment_days; /**< 1 .. 73051; default 90. */
    const uint64_t *value_ids;  /**< Customers with a value, or NULL to rank by active days. */
    const double *values;       /**< Their values, finite and >= 0 (money, CLV). */
    size_t value_count;         /**< Entries of value_ids and values. */
} rt_risk_options;

/**
 * @brief Fills risk options with the defaults (as_of_day 0, no values).
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_risk_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @since 1.0
 */
RT_API rt_status rt_risk_options_init(rt_risk_options *options, size_t size);

/**
 * @brief The top @p capacity customers at risk, most valuable first.
 *
 * @param[in]  cohort   The cohort.
 * @param[in]  options  The thresholds, as-of day and values.
 * @param[out] ids      Room for @p capacity customer ids.
 * @param[out] reasons  Room for @p capacity reason sets (#rt_risk_reason bits); may be NULL.
 * @param[out] values   Room for @p capacity values used for the ranking; may be NULL.
 * @param[in]  capacity N, the most customers returned.
 * @param[out] count    Customers written, min(N, customers at risk).
 * @param[out] at_risk  All customers at risk (may be NULL).
 * @return #RT_OK; #RT_EINVAL if a required pointer is NULL, a day count is 0
 *         or above 73051 (the message names the field), usage_drop is not
 *         in (0, 1], or a value is NaN, infinite or
 *         negative; #RT_ENOTFOUND if a value names an unknown customer;
 *         #RT_ERANGE if as_of_day is more than 100 years from 1970;
 *         #RT_EVERSION; #RT_ENOMEM. Outputs are written only on #RT_OK.
 * @since 1.0
 */
RT_API rt_status rt_cohort_at_risk(const rt_cohort *cohort, const rt_risk_options *options,
                                   uint64_t *ids, uint32_t *reasons, double *values,
                                   size_t capacity, size_t *count, uint64_t *at_risk);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_RISK_H */
