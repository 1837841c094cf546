/**
 * @file retention/summary.h
 * @brief RFM (customer-by-sufficient-statistic) summaries of a cohort's purchases.
 */
#ifndef RETENTION_SUMMARY_H
#define RETENTION_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "retention/clv.h"
#include "retention/cohort.h"
#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup summary RFM summaries
 * @brief From purchases to the inputs of the lifetime-value models.
 *
 * For each customer whose first purchase is on or before the calibration
 * end, from the civil days of their purchases (several purchases on one day
 * are merged into one transaction whose amount is their sum):
 * - **x**: repeat transactions in the calibration period (the first is not
 *   counted);
 * - **t_x**: time from the first transaction to the last one of the
 *   calibration period;
 * - **T**: time from the first transaction to the calibration end;
 * - **mean spend**: mean amount of the x repeat transactions (0 if x = 0);
 * - **holdout**: transactions after the calibration end, up to the holdout end.
 *
 * Times are in units of @c unit_days days (7: weeks, as the BTYD literature
 * and its CDNOW estimates use), measured between civil days; the calibration
 * end day counts as elapsed (T = days from the first purchase day to the
 * calibration end day). On the CDNOW sample this reproduces the published
 * summary exactly.
 * @{
 */

/**
 * @brief Periods and time unit of a summary. Initialise with rt_rfm_summary_options_init().
 * @since 1.0
 */
typedef struct rt_rfm_summary_options {
    size_t size;                 /**< sizeof(rt_rfm_summary_options) as the caller compiled it. */
    int32_t calibration_end_day; /**< Last day of the calibration period (days since 1970-01-01); required. */
    int32_t holdout_end_day;     /**< Last day of the holdout period, when use_holdout is 1. */
    uint32_t use_holdout;        /**< 1: count holdout transactions; default 0. */
    double unit_days;            /**< Days per time unit, > 0; default 7 (weeks). */
    uint32_t skip_zero_age;      /**< 1: leave out the customers whose first purchase is on
                                      the calibration end day (T = 0: nothing observed yet),
                                      as a summary "as of today" needs; default 0, where
                                      rt_cohort_rfm() refuses them. */
    uint32_t reserved;           /**< Must be 0 (#RT_EINVAL otherwise). It fills what would be
                                      tail padding on 64-bit targets, so that a later field
                                      changes the size. */
} rt_rfm_summary_options;

/**
 * @brief Fills summary options with the defaults (weeks, no holdout).
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_rfm_summary_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @since 1.0
 */
RT_API rt_status rt_rfm_summary_options_init(rt_rfm_summary_options *options, size_t size);

/**
 * @brief The summary of every customer who bought by the calibration end.
 *
 * Customers come in the order they first appeared in the cohort. Writes the
 * first min(@p capacity, count) of them to each output array that is not
 * NULL, and their number to @p count: call with capacity 0 to learn it.
 *
 * @param[in]  cohort     The cohort (its purchases).
 * @param[in]  options    Periods and time unit.
 * @param[out] ids        Customer ids, or NULL.
 * @param[out] x          Repeat transactions in calibration, or NULL.
 * @param[out] t_x        Time of the last calibration transaction since the first, or NULL.
 * @param[out] T          Time from the first transaction to the calibration end, or NULL.
 * @param[out] mean_spend Mean amount of the repeat transactions (0 if none), or
 *                        NULL. Amounts that sum to more than DBL_MAX are
 *                        averaged without overflow; a mean that is itself
 *                        more than DBL_MAX (within rounding) is #RT_ERANGE.
 * @param[out] holdout    Transactions in the holdout period, or NULL.
 * @param[in]  capacity   Room in each non-NULL array.
 * @param[out] count      Customers in the summary.
 * @return #RT_OK; #RT_EINVAL if @p cohort, @p options or @p count is NULL,
 *         unit_days is not finite and positive, reserved is not 0, or the
 *         holdout ends before the calibration; #RT_ERANGE if a day is more
 *         than 100 years from
 *         1970, or if @p mean_spend is not NULL and a customer's mean repeat
 *         spend exceeds DBL_MAX (repeat purchases of one day add up to one
 *         transaction, which may); #RT_EVERSION; #RT_ENOMEM. Outputs are
 *         written only on #RT_OK.
 * @since 1.0
 */
RT_API rt_status rt_cohort_rfm_customers(const rt_cohort *cohort,
                                         const rt_rfm_summary_options *options, uint64_t *ids,
                                         uint64_t *x, double *t_x, double *T,
                                         double *mean_spend, uint64_t *holdout,
                                         size_t capacity, size_t *count);

/**
 * @brief Adds the summary of every customer to an RFM histogram.
 *
 * The (x, t_x, T) of each customer of rt_cohort_rfm_customers() go into
 * @p rfm, all or nothing: the input of every model fit.
 *
 * @param[in]     cohort  The cohort.
 * @param[in]     options Periods and time unit.
 * @param[in,out] rfm     The histogram to add to.
 * @return #RT_OK; the errors of rt_cohort_rfm_customers() and
 *         rt_rfm_add_many(); #RT_EUNDEFINED if a customer's T is 0 (a first
 *         purchase on the calibration end day, in a unit where it has no
 *         age), unless skip_zero_age leaves such customers out. @p rfm is
 *         unchanged on failure.
 * @since 1.0
 */
RT_API rt_status rt_cohort_rfm(const rt_cohort *cohort, const rt_rfm_summary_options *options,
                               rt_rfm *rfm);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_SUMMARY_H */
