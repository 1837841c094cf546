/**
 * @file retention/churn.h
 * @brief Churn and retention over a window, computed from a cohort's data.
 */
#ifndef RETENTION_CHURN_H
#define RETENTION_CHURN_H

#include <stddef.h>
#include <stdint.h>

#include "retention/cohort.h"
#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup churn Churn over a window
 * @brief Who was a customer at the start and end of a window, who left.
 *
 * **A customer at a day d.** A customer with a subscription that started
 * on or before d is *contractual* at d: a customer if a subscription covers
 * d (start <= d < end). Otherwise (*non-contractual*) a customer if first
 * active on or before d and active on some day of the inactivity window
 * (d - inactivity_days, d] (rt_cohort_options::inactivity_days).
 *
 * **Over a window [start_day, end_day]**, each customer falls in at most one
 * group: *retained* (a customer at both ends), *lost* (at the start, not at
 * the end), *acquired* (first a customer inside the window, still one at the
 * end), *joined and left* (first a customer inside the window, gone by the
 * end: reported apart and counted nowhere else, as ChartMogul does),
 * *resurrected* (a customer before the window, not at its start, again at
 * its end).
 * Then S = retained + lost, E = retained + acquired + resurrected, N =
 * acquired, churn = lost / S, and the customer retention rate
 * CRR = (E - N - resurrected) / S = retained / S: the textbook (E - N) / S
 * with returning customers kept out of the survivors.
 *
 * **Repeat purchases**: of the customers who bought before start_day, the
 * share who bought again in [start_day, end_day]; new buyers do not count.
 *
 * **Partitions.** Every count of disjoint customer sets adds up; compute
 * the rates again from the sums (rt_churn_rate(), rt_retention_rate(),
 * rt_repeat_purchase_rate()).
 * @{
 */

/**
 * @brief Counts and rates of one window. Initialise with rt_churn_result_init().
 *
 * A rate whose denominator is zero is reported as 0 with its @c _defined
 * flag 0.
 * @since 1.0
 */
typedef struct rt_churn_result {
    size_t size;                 /**< sizeof(rt_churn_result) as the caller compiled it. */
    uint64_t at_start;           /**< S: customers at start_day. */
    uint64_t at_end;             /**< E: customers at end_day. */
    uint64_t retained;           /**< Customers at both ends. */
    uint64_t lost;               /**< Customers at the start, not at the end. */
    uint64_t acquired;           /**< N: first a customer inside the window, still one at the end. */
    uint64_t joined_and_left;    /**< First a customer inside the window, gone by the end. */
    uint64_t resurrected;        /**< A customer before the window, not at its start, again at its end. */
    double churn_rate;           /**< lost / S. */
    double retention_rate;       /**< CRR = retained / S. */
    uint32_t rates_defined;      /**< 1 if S > 0, else 0 and both rates are 0. */
    uint64_t repeat_base;        /**< Customers who bought before start_day. */
    uint64_t repeat_buyers;      /**< Of those, the ones who bought in the window. */
    double repeat_rate;          /**< repeat_buyers / repeat_base. */
    uint32_t repeat_defined;     /**< 1 if repeat_base > 0, else 0 and repeat_rate is 0. */
    uint32_t reserved;           /**< Always written as 0. It fills what would be tail padding on
                                      64-bit targets, so that a later field changes the size. */
} rt_churn_result;

/**
 * @brief Initialises a churn result.
 * @param[out] result The struct to initialise (all zero, @c size set).
 * @param[in]  size   `sizeof(rt_churn_result)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p result is NULL or @p size too small.
 * @since 1.0
 */
RT_API rt_status rt_churn_result_init(rt_churn_result *result, size_t size);

/**
 * @brief Which customers rt_cohort_churn() and rt_cohort_churn_monthly()
 * count. Initialise with rt_churn_options_init().
 * @since 1.0
 */
typedef struct rt_churn_options {
    size_t size;          /**< sizeof(rt_churn_options) as the caller compiled it. */
    uint32_t use_segment; /**< 0 (default): every customer; 1: only the customers of @c segment. Nothing else is valid. */
    uint32_t segment;     /**< The segment counted when @c use_segment is 1, any value (see rt_cohort_set_segment()). */
} rt_churn_options;

/**
 * @brief Fills churn options with the defaults (every customer).
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_churn_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @since 1.0
 */
RT_API rt_status rt_churn_options_init(rt_churn_options *options, size_t size);

/**
 * @brief Churn, retention and repeat purchases over a window of days.
 *
 * Runs in O(events + purchases + subscriptions + customers); uses the
 * cohort's allocator for its scratch memory.
 *
 * @param[in]  cohort      The cohort.
 * @param[in]  start_day   First day of the window (days since 1970-01-01).
 * @param[in]  end_day     Last day of the window, >= @p start_day.
 * @param[in]  options     Which customers to count, or NULL for every one.
 * @param[out] result      The counts and rates; its @c size must be set
 *                         (rt_churn_result_init()).
 * @return #RT_OK; #RT_EINVAL if @p cohort or @p result is NULL, end_day <
 *         start_day, @p result's size is smaller than any version of the
 *         struct, or options->use_segment is not 0 or 1; #RT_EVERSION if
 *         @p options is a newer, larger struct with a field this library
 *         does not know set; #RT_ERANGE if a day is more than 100 years from
 *         1970; #RT_ENOMEM. @p result is written only on #RT_OK, and only
 *         its first result->size bytes.
 * @since 1.0 (the options replace the segment, use_segment arguments)
 */
RT_API rt_status rt_cohort_churn(const rt_cohort *cohort, int32_t start_day,
                                 int32_t end_day, const rt_churn_options *options,
                                 rt_churn_result *result);

/**
 * @brief Churn month by month: rt_cohort_churn() over consecutive calendar
 * months, sorting the activity once.
 *
 * Window i is the calendar month i months after the one containing
 * @p first_day, from its first day to its last. A month is allowed whole
 * when it starts within 100 years from 1970, so December 1869 and January
 * 2070, which hold the range's first and last days, are the widest.
 *
 * @param[in]  cohort      The cohort.
 * @param[in]  first_day   A day of the first month.
 * @param[in]  months      Number of months, at most 2402 (December 1869 .. January 2070).
 * @param[in]  options     Which customers to count, or NULL for every one.
 * @param[out] results     @p months results, each initialised with rt_churn_result_init().
 * @return #RT_OK (nothing to do when @p months is 0); #RT_EINVAL if @p cohort
 *         is NULL, @p results is NULL with @p months > 0, or as
 *         rt_cohort_churn() for the results' sizes and the options;
 *         #RT_EVERSION as rt_cohort_churn(); #RT_ERANGE if @p months is above
 *         2402, @p first_day is more than 100 years from 1970 or the last
 *         month starts after day 36525 (2070-01-01); #RT_ENOMEM.
 *         Nothing is written unless every month succeeds.
 * @since 1.0 (the options replace the segment, use_segment arguments)
 */
RT_API rt_status rt_cohort_churn_monthly(const rt_cohort *cohort, int32_t first_day,
                                         uint32_t months, const rt_churn_options *options,
                                         rt_churn_result *results);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_CHURN_H */
