/**
 * @file retention/customer.h
 * @brief rt_customer: one customer's activity history.
 */
#ifndef RETENTION_CUSTOMER_H
#define RETENTION_CUSTOMER_H

#include <stddef.h>
#include <stdint.h>

#include "retention/cohort.h"
#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup customer Customers
 * @brief The active days of one customer, and what they say.
 *
 * An #rt_customer holds the set of civil days on which one customer was
 * active. Use it standalone, for example in a host that keeps one user's
 * state, feeding it with rt_customer_add_event(); or take a snapshot of a
 * cohort member with rt_cohort_customer().
 *
 * **Days.** Like an #rt_cohort, a customer has a fixed UTC offset that
 * turns event times (Unix seconds) into civil days: days since 1970-01-01
 * at that offset, negative before it. Times must lie within 100 years of
 * 1970, else #RT_ERANGE.
 *
 * **Events.** A customer is active on a day or not: repeated events and
 * events on an already active day change nothing, and events may arrive in
 * any order. The days are kept as a sorted array of distinct days, 4 bytes
 * a day, so a customer takes at most about 285 KiB (every day of the 200
 * supported years). Appending days in time order is O(1) amortised; an
 * earlier day is inserted in O(active days).
 *
 * **Outputs** are written only when a call returns #RT_OK. A failed call
 * changes nothing.
 *
 * @note Thread safety: distinct customers are independent; functions taking
 * a `const rt_customer *` may run concurrently on one customer; adding
 * events needs the caller's lock.
 * @{
 */

/** One customer's active days (opaque). @since 1.0 */
typedef struct rt_customer rt_customer;

/**
 * @brief Options of a standalone customer. Initialise with
 * rt_customer_options_init().
 * @since 1.0
 */
typedef struct rt_customer_options {
    size_t size;                   /**< sizeof(rt_customer_options) as the caller compiled it. */
    int32_t utc_offset_seconds;    /**< Offset of the customer's civil days from UTC, within +-18 h; default 0. */
    const rt_allocator *allocator; /**< Allocator of the customer; NULL for the default. Copied. */
} rt_customer_options;

/**
 * @brief Fills customer options with the defaults (UTC, the default allocator).
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_customer_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @since 1.0
 */
RT_API rt_status rt_customer_options_init(rt_customer_options *options, size_t size);

/**
 * @brief Creates a customer with no activity.
 *
 * @param[in]  options  Options, or NULL for the defaults (UTC, the default
 *                      allocator). The allocator is copied.
 * @param[out] customer The new customer; free it with rt_customer_free().
 * @return #RT_OK; #RT_EINVAL if @p customer is NULL, the options' size is
 *         too small or above 1024 bytes, the UTC offset is beyond +-18 h or the allocator sets
 *         only some of its hooks; #RT_EVERSION if @p options sets fields
 *         this version does not know; #RT_ENOMEM.
 * @since 1.0
 */
RT_API rt_status rt_customer_new(const rt_customer_options *options, rt_customer **customer);

/**
 * @brief Frees a customer and everything it owns.
 * @param[in] customer The customer, or NULL (nothing happens).
 * @since 1.0
 */
RT_API void rt_customer_free(rt_customer *customer);

/**
 * @brief Records that the customer was active at a time.
 * @param[in,out] customer  The customer.
 * @param[in]     unix_time Seconds since 1970-01-01T00:00Z.
 * @return #RT_OK; #RT_EINVAL if @p customer is NULL; #RT_ERANGE if the time
 *         is more than 100 years from 1970; #RT_ENOMEM. Nothing changes on
 *         failure.
 * @since 1.0
 */
RT_API rt_status rt_customer_add_event(rt_customer *customer, int64_t unix_time);

/**
 * @brief Records many activity events, all or nothing.
 *
 * The times may be in any order and may repeat. Times in non-decreasing
 * order, none before the latest active day, take an append-only path that
 * allocates only to grow the day array; other batches of more than a few
 * times use a temporary bitmap of at most 9 KiB over the batch's days.
 *
 * @param[in,out] customer   The customer.
 * @param[in]     unix_times Array of @p count times (may be NULL if count is 0).
 * @param[in]     count      Number of events.
 * @param[out]    bad_index  If not NULL, receives the index of the first
 *                           bad time when the call fails with #RT_ERANGE.
 * @return #RT_OK; #RT_EINVAL if @p customer is NULL, or @p unix_times is
 *         NULL and @p count is not 0; #RT_ERANGE if a time is more than 100
 *         years from 1970 (nothing added); #RT_ENOMEM (nothing added).
 * @since 1.0
 */
RT_API rt_status rt_customer_add_events(rt_customer *customer, const int64_t *unix_times,
                                        size_t count, size_t *bad_index);

/**
 * @brief A snapshot of one cohort member's activity.
 *
 * The new customer holds a copy of the member's active days, with the
 * cohort's UTC offset and allocator; it is independent of the cohort, which
 * may change or be freed afterwards. The cohort stores events in arrival
 * order, so this scans all of them: O(stored events) time, plus one
 * temporary bitmap of at most 9 KiB if the member's events are not in
 * time order.
 *
 * @param[in]  cohort      The cohort; not modified.
 * @param[in]  customer_id The member's id.
 * @param[out] customer    The snapshot; free it with rt_customer_free().
 * @return #RT_OK; #RT_EINVAL if @p cohort or @p customer is NULL;
 *         #RT_ENOTFOUND if the cohort has no customer with this id;
 *         #RT_ENOMEM.
 * @since 1.0
 */
RT_API rt_status rt_cohort_customer(const rt_cohort *cohort, uint64_t customer_id,
                                    rt_customer **customer);

/**
 * @brief First and last active day.
 * @param[in]  customer  The customer.
 * @param[out] first_day Days since 1970-01-01 of the earliest activity.
 * @param[out] last_day  Days since 1970-01-01 of the latest activity.
 * @return #RT_OK; #RT_EINVAL if an argument is NULL; #RT_EUNDEFINED if the
 *         customer has no activity.
 * @since 1.0
 */
RT_API rt_status rt_customer_day_range(const rt_customer *customer, int32_t *first_day,
                                       int32_t *last_day);

/**
 * @brief Number of distinct days on which the customer was active.
 * @param[in] customer The customer.
 * @return The count; 0 if @p customer is NULL.
 * @since 1.0
 */
RT_API uint64_t rt_customer_active_day_count(const rt_customer *customer);

/**
 * @brief Number of active days in an inclusive range of days.
 *
 * Any @c int32_t days are accepted; O(log active days).
 *
 * @param[in]  customer  The customer.
 * @param[in]  first_day First day of the range (days since 1970-01-01).
 * @param[in]  last_day  Last day of the range, included.
 * @param[out] count     Active days d with first_day <= d <= last_day.
 * @return #RT_OK; #RT_EINVAL if @p customer or @p count is NULL or
 *         @p last_day < @p first_day.
 * @since 1.0
 */
RT_API rt_status rt_customer_active_days(const rt_customer *customer, int32_t first_day,
                                         int32_t last_day, uint64_t *count);

/**
 * @brief Number of active days in the trailing window ending on a day.
 *
 * The window is the @p window_days days [as_of_day - window_days + 1,
 * as_of_day], for example the 28 days up to and including @p as_of_day.
 * O(log active days).
 *
 * @param[in]  customer    The customer.
 * @param[in]  as_of_day   Last day of the window (days since 1970-01-01).
 * @param[in]  window_days Length of the window in days, at least 1.
 * @param[out] count       Active days in the window.
 * @return #RT_OK; #RT_EINVAL if @p customer or @p count is NULL or
 *         @p window_days is 0.
 * @since 1.0
 */
RT_API rt_status rt_customer_active_days_trailing(const rt_customer *customer,
                                                  int32_t as_of_day, uint32_t window_days,
                                                  uint64_t *count);

/**
 * @brief Mean gap in days between consecutive active days.
 *
 * With n active days d_1 < ... < d_n the mean of the n - 1 differences
 * d_{i+1} - d_i is \f$ (d_n - d_1) / (n - 1) \f$: 1 for a daily customer, 7
 * for a weekly one.
 *
 * @param[in]  customer      The customer.
 * @param[out] mean_gap_days The mean gap, at least 1.
 * @return #RT_OK; #RT_EINVAL if an argument is NULL; #RT_EUNDEFINED if the
 *         customer has fewer than 2 active days.
 * @since 1.0
 */
RT_API rt_status rt_customer_mean_gap(const rt_customer *customer, double *mean_gap_days);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_CUSTOMER_H */
