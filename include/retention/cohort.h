/**
 * @file retention/cohort.h
 * @brief rt_cohort: a population of customers and what they did.
 */
#ifndef RETENTION_COHORT_H
#define RETENTION_COHORT_H

#include <stddef.h>
#include <stdint.h>

#include "retention/alloc.h"
#include "retention/export.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup cohort Cohorts
 * @brief Ingest activity events of a population of customers.
 *
 * An #rt_cohort maps customer ids (any @c uint64_t) to the civil days on
 * which they were active. Events carry Unix seconds; the cohort's fixed UTC
 * offset turns them into days (days since 1970-01-01, negative before it).
 * Times must lie within 100 years of 1970, else #RT_ERANGE.
 *
 * Events need not arrive sorted, and repeating an event changes nothing
 * that is computed from the cohort: a customer is active on a day or not.
 * A bulk call either adds every record or, on a bad record, adds nothing
 * and reports the index of the first bad one.
 *
 * Memory: the cohort stores at most 8 bytes per event, and drops most
 * events on a day already stored for their customer (one of the 16 days up
 * to its latest). The first computation after an add (rt_cohort_metrics(),
 * rt_cohort_churn(), rt_cohort_frequency(), rt_cohort_at_risk()...) sorts
 * each customer's days into lists of 4 bytes per stored event and 8 per
 * customer, which the cohort keeps for the next computations and frees at
 * the next add of events: several results of one cohort cost one sort. A
 * bulk add stages its records 2^20 at a time: beyond what it keeps, a call
 * of any size needs at most 8 MiB (and 2 MiB per thread with threads).
 *
 * Threads (rt_cohort_options.threads, 1.2): with more than one, a bulk add
 * of at least 65,536 events converts the times, looks up the known
 * customers and drops the repeats in parts, one per thread (new customers
 * are still added in order on the calling thread), and rt_cohort_metrics()
 * computes the lifecycle beside the other results. Each call starts its
 * threads and joins them before it returns, and only the calling thread
 * calls the allocator; the results are the same for every number of
 * threads.
 *
 * @note Thread safety: functions taking a `const rt_cohort *` may run
 * concurrently on one cohort (the first computations to need the sorted
 * days may each sort them; one result is kept, the others freed); adding
 * needs the caller's lock.
 * @{
 */

/** A population of customers and their activity (opaque). @since 1.0 */
typedef struct rt_cohort rt_cohort;

/**
 * @brief Options of a new cohort. Initialise with rt_cohort_options_init().
 * @since 1.0
 */
typedef struct rt_cohort_options {
    size_t size;                   /**< sizeof(rt_cohort_options) as the caller compiled it. */
    int32_t utc_offset_seconds;    /**< Offset of the cohort's civil days from UTC, within +-18 h; default 0. */
    uint32_t first_weekday;        /**< First day of a week, 1 = Monday (ISO 8601, default) to 7 = Sunday. */
    uint32_t wau_window_days;      /**< Days in the trailing weekly-active window, 1 .. 36525; default 7. */
    uint32_t mau_window_days;      /**< Days in the trailing monthly-active window, 1 .. 36525; default 30. */
    uint32_t inactivity_days;      /**< A customer silent this many days is no longer one, 1 .. 36525; default 30. */
    const rt_allocator *allocator; /**< Allocator of the cohort and of what is computed from it; NULL for the default. Copied. */
    uint32_t threads;              /**< The most threads one call on this cohort may use, 1 (default: the calling thread only) .. 64; 0 means 1. With more, the bulk adds of events and the computations from the cohort cut their work over threads they start and join within the call; the results are the same for every value. The allocator is still called from the calling thread only. @since 1.2 */
    uint32_t reserved;             /**< Must be 0 (#RT_EINVAL otherwise). It fills what would be tail padding on 64-bit targets, so that a later field changes the size. @since 1.2 */
} rt_cohort_options;

/**
 * @brief Fills cohort options with the defaults.
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_cohort_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @since 1.0
 */
RT_API rt_status rt_cohort_options_init(rt_cohort_options *options, size_t size);

/**
 * @brief Creates an empty cohort.
 * @param[in]  options Options, or NULL for the defaults.
 * @param[out] cohort  The new cohort; free it with rt_cohort_free().
 * @return #RT_OK; #RT_EINVAL if @p cohort is NULL, the options' size is
 *         below sizeof(size_t) or above 1024 bytes, or an option is out of
 *         its documented range (UTC offset beyond +-18 h, weekday not 1-7,
 *         a window or the inactivity threshold 0 or above 36525,
 *         threads above 64, reserved not 0), the message naming the field;
 *         #RT_EVERSION if @p options sets fields this version does not know;
 *         #RT_ENOMEM.
 * @since 1.0
 */
RT_API rt_status rt_cohort_new(const rt_cohort_options *options, rt_cohort **cohort);

/**
 * @brief Frees a cohort and everything it owns.
 * @param[in] cohort The cohort, or NULL (nothing happens).
 * @since 1.0
 */
RT_API void rt_cohort_free(rt_cohort *cohort);

/**
 * @brief Records that a customer was active at a time.
 * @param[in,out] cohort      The cohort.
 * @param[in]     customer_id Any id; a new one adds a customer.
 * @param[in]     unix_time   Seconds since 1970-01-01T00:00Z.
 * @return #RT_OK; #RT_EINVAL if @p cohort is NULL; #RT_ERANGE if the time is
 *         more than 100 years from 1970; #RT_ENOMEM. Nothing changes on failure.
 * @since 1.0
 */
RT_API rt_status rt_cohort_add_event(rt_cohort *cohort, uint64_t customer_id,
                                     int64_t unix_time);

/**
 * @brief Records many activity events, all or nothing.
 *
 * Event i says customer @p customer_ids[i] was active at @p unix_times[i].
 *
 * @param[in,out] cohort       The cohort.
 * @param[in]     customer_ids Array of @p count ids (may be NULL if count is 0).
 * @param[in]     unix_times   Array of @p count times (may be NULL if count is 0).
 * @param[in]     count        Number of events.
 * @param[out]    bad_index    If not NULL, receives the index of the first
 *                             bad record when the call fails with #RT_ERANGE.
 * @return #RT_OK; #RT_EINVAL if @p cohort or an array is NULL; #RT_ERANGE if
 *         a time is out of range (nothing added); #RT_ENOMEM (nothing added).
 * @since 1.0
 */
RT_API rt_status rt_cohort_add_events(rt_cohort *cohort, const uint64_t *customer_ids,
                                      const int64_t *unix_times, size_t count,
                                      size_t *bad_index);

/**
 * @brief Number of distinct customers in the cohort.
 * @param[in] cohort The cohort (not NULL).
 * @return The count; 0 if @p cohort is NULL.
 * @since 1.0
 */
RT_API uint64_t rt_cohort_customer_count(const rt_cohort *cohort);

/**
 * @brief Number of activity events recorded, duplicates included.
 * @param[in] cohort The cohort (not NULL).
 * @return The count; 0 if @p cohort is NULL.
 * @since 1.0
 */
RT_API uint64_t rt_cohort_event_count(const rt_cohort *cohort);

/**
 * @brief First and last day with any activity.
 * @param[in]  cohort    The cohort.
 * @param[out] first_day Days since 1970-01-01 of the earliest activity.
 * @param[out] last_day  Days since 1970-01-01 of the latest activity.
 * @return #RT_OK; #RT_EINVAL if an argument is NULL; #RT_EUNDEFINED if the
 *         cohort has no activity.
 * @since 1.0
 */
RT_API rt_status rt_cohort_day_range(const rt_cohort *cohort, int32_t *first_day,
                                     int32_t *last_day);

/**
 * @brief Records a purchase (also an activity on its day).
 *
 * Purchases feed the lifetime-value models; the cohort keeps their civil day
 * and amount. A purchase also counts as activity, as rt_cohort_add_event().
 *
 * @param[in,out] cohort      The cohort.
 * @param[in]     customer_id Any id; a new one adds a customer.
 * @param[in]     unix_time   Seconds since 1970-01-01T00:00Z.
 * @param[in]     amount      Amount of money, finite and >= 0.
 * @return #RT_OK; #RT_EINVAL if @p cohort is NULL or @p amount is NaN,
 *         infinite or negative; #RT_ERANGE if the time is out of range;
 *         #RT_ENOMEM. Nothing changes on failure.
 * @since 1.0
 */
RT_API rt_status rt_cohort_add_purchase(rt_cohort *cohort, uint64_t customer_id,
                                        int64_t unix_time, double amount);

/**
 * @brief Records many purchases, all or nothing.
 * @param[in,out] cohort       The cohort.
 * @param[in]     customer_ids Array of @p count ids (may be NULL if count is 0).
 * @param[in]     unix_times   Array of @p count times (may be NULL if count is 0).
 * @param[in]     amounts      Array of @p count amounts (may be NULL if count is 0).
 * @param[in]     count        Number of purchases.
 * @param[out]    bad_index    If not NULL, receives the index of the first bad
 *                             record on #RT_EINVAL (amount) or #RT_ERANGE (time).
 * @return #RT_OK; #RT_EINVAL if @p cohort or an array is NULL or an amount is
 *         NaN, infinite or negative; #RT_ERANGE; #RT_ENOMEM. Nothing is added
 *         on failure.
 * @since 1.0
 */
RT_API rt_status rt_cohort_add_purchases(rt_cohort *cohort, const uint64_t *customer_ids,
                                         const int64_t *unix_times, const double *amounts,
                                         size_t count, size_t *bad_index);

/**
 * @brief Number of purchases recorded.
 * @param[in] cohort The cohort (not NULL).
 * @return The count; 0 if @p cohort is NULL.
 * @since 1.0
 */
RT_API uint64_t rt_cohort_purchase_count(const rt_cohort *cohort);

/**
 * @brief Records that a customer did the cohort-defining start event.
 *
 * As rt_cohort_add_starts() for one record.
 *
 * @param[in,out] cohort      The cohort.
 * @param[in]     customer_id Any id; a new one adds a customer.
 * @param[in]     unix_time   Seconds since 1970-01-01T00:00Z.
 * @return #RT_OK; #RT_EINVAL if @p cohort is NULL; #RT_ERANGE if the time is
 *         more than 100 years from 1970; #RT_ENOMEM. Nothing changes on failure.
 * @since 1.1
 */
RT_API rt_status rt_cohort_add_start(rt_cohort *cohort, uint64_t customer_id,
                                     int64_t unix_time);

/**
 * @brief Records many start events, all or nothing.
 *
 * A start event is what puts a customer in a cohort, distinct from the
 * activity that counts as coming back: "of those who first did X, who came
 * back to do Y?" (the start and returning events of PostHog's and
 * Amplitude's retention). Record the X events here and the Y events as
 * activity (rt_cohort_add_events(), rt_cohort_add_purchases()), then ask for
 * cohorts by start with rt_metrics_options::use_starts (see @ref metrics for
 * which results change and a worked example).
 *
 * A customer's **start day** is the civil day of their earliest start
 * event: later ones, and repeats, change nothing. A start is not activity:
 * it counts in no DAU, WAU or MAU and in no result computed by first
 * activity. Event i says customer @p customer_ids[i] did the start event at
 * @p unix_times[i]; the cohort keeps 4 bytes per customer once it has any
 * start, and the call needs 8 bytes per record while it runs.
 *
 * @param[in,out] cohort       The cohort.
 * @param[in]     customer_ids Array of @p count ids (may be NULL if count is 0).
 * @param[in]     unix_times   Array of @p count times (may be NULL if count is 0).
 * @param[in]     count        Number of start events.
 * @param[out]    bad_index    If not NULL, receives the index of the first
 *                             bad record when the call fails with #RT_ERANGE.
 * @return #RT_OK; #RT_EINVAL if @p cohort or an array is NULL; #RT_ERANGE if
 *         a time is more than 100 years from 1970 (nothing added); #RT_ENOMEM
 *         (nothing added).
 * @since 1.1
 */
RT_API rt_status rt_cohort_add_starts(rt_cohort *cohort, const uint64_t *customer_ids,
                                      const int64_t *unix_times, size_t count,
                                      size_t *bad_index);

/**
 * @brief Number of start events recorded, duplicates included.
 * @param[in] cohort The cohort (not NULL).
 * @return The count; 0 if @p cohort is NULL.
 * @since 1.1
 */
RT_API uint64_t rt_cohort_start_count(const rt_cohort *cohort);

/**
 * @brief A customer's start day: the day of their earliest start event.
 * @param[in]  cohort      The cohort.
 * @param[in]  customer_id The customer.
 * @param[out] day         Days since 1970-01-01 of the customer's earliest
 *                         start event, at the cohort's UTC offset.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL; #RT_ENOTFOUND if the
 *         customer is unknown or has no start event.
 * @since 1.1
 */
RT_API rt_status rt_cohort_start_day(const rt_cohort *cohort, uint64_t customer_id,
                                     int32_t *day);

/** End time of a subscription that has not ended (open). @since 1.0 */
#define RT_SUBSCRIPTION_OPEN INT64_MAX

/**
 * @brief Records a subscription interval.
 *
 * The customer is subscribed on the civil days from the day of
 * @p start_time up to, not including, the day of @p end_time; pass
 * #RT_SUBSCRIPTION_OPEN as @p end_time for a subscription still running. A
 * customer may have several (closed and reopened). Subscriptions are not
 * activity: a subscriber who never uses the product has no active day.
 * Its monthly recurring revenue is 0: rt_cohort_add_revenue_subscription()
 * records a paid one.
 *
 * @param[in,out] cohort      The cohort.
 * @param[in]     customer_id Any id; a new one adds a customer.
 * @param[in]     start_time  Start, Unix seconds.
 * @param[in]     end_time    End, Unix seconds, >= @p start_time, or #RT_SUBSCRIPTION_OPEN.
 * @return #RT_OK; #RT_EINVAL if @p cohort is NULL or the end precedes the
 *         start; #RT_ERANGE if a time is out of range; #RT_ENOMEM. Nothing
 *         changes on failure.
 * @since 1.0
 */
RT_API rt_status rt_cohort_add_subscription(rt_cohort *cohort, uint64_t customer_id,
                                            int64_t start_time, int64_t end_time);

/**
 * @brief Records many subscription intervals, all or nothing.
 * @param[in,out] cohort       The cohort.
 * @param[in]     customer_ids Array of @p count ids (may be NULL if count is 0).
 * @param[in]     start_times  Array of @p count start times (may be NULL if count is 0).
 * @param[in]     end_times    Array of @p count end times or #RT_SUBSCRIPTION_OPEN (may be NULL if count is 0).
 * @param[in]     count        Number of subscriptions.
 * @param[out]    bad_index    If not NULL, receives the index of the first bad
 *                             record on #RT_EINVAL (end before start) or #RT_ERANGE.
 * @return #RT_OK; #RT_EINVAL; #RT_ERANGE; #RT_ENOMEM. Nothing is added on failure.
 * @since 1.0
 */
RT_API rt_status rt_cohort_add_subscriptions(rt_cohort *cohort, const uint64_t *customer_ids,
                                             const int64_t *start_times,
                                             const int64_t *end_times, size_t count,
                                             size_t *bad_index);

/**
 * @brief Number of subscription intervals recorded.
 * @param[in] cohort The cohort (not NULL).
 * @return The count; 0 if @p cohort is NULL.
 * @since 1.0
 */
RT_API uint64_t rt_cohort_subscription_count(const rt_cohort *cohort);

#ifdef RT_EXPERIMENTAL  /* the experimental tier: see retention/export.h */

/** Largest monthly recurring revenue of one subscription interval, in
 *  cents (10 billion currency units a month). @experimental @since 1.0 */
#define RT_MRR_MAX_CENTS 1000000000000

/**
 * @brief Records a paid subscription interval with its monthly recurring
 * revenue (MRR).
 *
 * As rt_cohort_add_subscription(), and the interval pays @p mrr_cents a
 * month, in the currency's minor unit (cents), normalised to a month by the
 * caller (a yearly plan of 1,200.00 is 10000 cents), after discounts and
 * without taxes, as Stripe and ChartMogul count MRR. Amounts are integers
 * so that the revenue movements add up exactly (rt_cohort_revenue()).
 * A plan change is two consecutive intervals of one customer (the first
 * ending at the time the second starts); overlapping intervals of one
 * customer are several subscriptions and their MRR adds up. An interval
 * with MRR 0 (a free plan), like every subscription recorded by
 * rt_cohort_add_subscription(), is no revenue: it moves no MRR and does not
 * make its customer a paying one.
 *
 * @param[in,out] cohort      The cohort.
 * @param[in]     customer_id Any id; a new one adds a customer.
 * @param[in]     start_time  Start, Unix seconds.
 * @param[in]     end_time    End, Unix seconds, >= @p start_time, or #RT_SUBSCRIPTION_OPEN.
 * @param[in]     mrr_cents   MRR in cents, 0 to #RT_MRR_MAX_CENTS.
 * @return #RT_OK; #RT_EINVAL if @p cohort is NULL, the end precedes the
 *         start or the MRR is negative or above #RT_MRR_MAX_CENTS;
 *         #RT_ERANGE if a time is out of range; #RT_ENOMEM. Nothing changes
 *         on failure.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_cohort_add_revenue_subscription(rt_cohort *cohort, uint64_t customer_id,
                                                    int64_t start_time, int64_t end_time,
                                                    int64_t mrr_cents);

/**
 * @brief Records many paid subscription intervals, all or nothing.
 *
 * Record i is as rt_cohort_add_revenue_subscription() of element i of each array.
 *
 * @param[in,out] cohort       The cohort.
 * @param[in]     customer_ids Array of @p count ids (may be NULL if count is 0).
 * @param[in]     start_times  Array of @p count start times (may be NULL if count is 0).
 * @param[in]     end_times    Array of @p count end times or #RT_SUBSCRIPTION_OPEN (may be NULL if count is 0).
 * @param[in]     mrr_cents    Array of @p count MRRs in cents, 0 to #RT_MRR_MAX_CENTS (may be NULL if count is 0).
 * @param[in]     count        Number of subscriptions.
 * @param[out]    bad_index    If not NULL, receives the index of the first bad
 *                             record on #RT_EINVAL (end before start, MRR out
 *                             of range) or #RT_ERANGE.
 * @return #RT_OK; #RT_EINVAL if @p cohort or an array is NULL or a record is
 *         bad; #RT_ERANGE if a time is out of range; #RT_ENOMEM. Nothing is
 *         added on failure.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_cohort_add_revenue_subscriptions(rt_cohort *cohort,
                                                     const uint64_t *customer_ids,
                                                     const int64_t *start_times,
                                                     const int64_t *end_times,
                                                     const int64_t *mrr_cents, size_t count,
                                                     size_t *bad_index);

#endif /* RT_EXPERIMENTAL */

/**
 * @brief Records that a customer paid late (a churn risk signal).
 * @param[in,out] cohort      The cohort.
 * @param[in]     customer_id Any id; a new one adds a customer.
 * @param[in]     unix_time   When the payment fell due, Unix seconds.
 * @return #RT_OK; #RT_EINVAL if @p cohort is NULL; #RT_ERANGE; #RT_ENOMEM.
 *         Nothing changes on failure.
 * @since 1.0
 */
RT_API rt_status rt_cohort_add_late_payment(rt_cohort *cohort, uint64_t customer_id,
                                            int64_t unix_time);

/**
 * @brief Number of late payments recorded.
 * @param[in] cohort The cohort (not NULL).
 * @return The count; 0 if @p cohort is NULL.
 * @since 1.0
 */
RT_API uint64_t rt_cohort_late_payment_count(const rt_cohort *cohort);

/**
 * @brief Puts a customer in a segment (a persona, plan, channel...).
 *
 * Segments are numbers chosen by the caller; 0 means "no segment" and is
 * every customer's segment until set. Metrics can be restricted to one
 * segment (rt_metrics_options::segment).
 *
 * @param[in,out] cohort      The cohort.
 * @param[in]     customer_id A customer with recorded activity.
 * @param[in]     segment     The segment; 0 clears it.
 * @return #RT_OK; #RT_EINVAL if @p cohort is NULL; #RT_ENOTFOUND if the
 *         customer has no activity in the cohort (add it first).
 * @since 1.0
 */
RT_API rt_status rt_cohort_set_segment(rt_cohort *cohort, uint64_t customer_id,
                                       uint32_t segment);

/**
 * @brief Sets the segments of many customers, all or nothing.
 * @param[in,out] cohort       The cohort.
 * @param[in]     customer_ids Array of @p count ids (may be NULL if count is 0).
 * @param[in]     segments     Array of @p count segments (may be NULL if count is 0).
 * @param[in]     count        Number of assignments; a later one for the same
 *                             customer wins.
 * @param[out]    bad_index    If not NULL, receives the index of the first
 *                             unknown customer on #RT_ENOTFOUND.
 * @return #RT_OK; #RT_EINVAL if @p cohort or an array is NULL;
 *         #RT_ENOTFOUND if a customer is unknown (nothing set).
 * @since 1.0
 */
RT_API rt_status rt_cohort_set_segments(rt_cohort *cohort, const uint64_t *customer_ids,
                                        const uint32_t *segments, size_t count,
                                        size_t *bad_index);

/**
 * @brief The segment of a customer.
 * @param[in]  cohort      The cohort.
 * @param[in]  customer_id The customer.
 * @param[out] segment     Its segment, 0 if none was set.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL; #RT_ENOTFOUND if the
 *         customer is unknown.
 * @since 1.0
 */
RT_API rt_status rt_cohort_segment(const rt_cohort *cohort, uint64_t customer_id,
                                   uint32_t *segment);

/**
 * @brief Days since 1970-01-01 of a civil date (proleptic Gregorian).
 *
 * A helper for the day arguments of the metrics functions.
 *
 * @param[in]  year  Year, 1870 to 2070.
 * @param[in]  month Month, 1 to 12.
 * @param[in]  mday  Day of the month, 1 to its length.
 * @param[out] day   The day number, negative before 1970.
 * @return #RT_OK; #RT_EINVAL if @p day is NULL or the date does not exist;
 *         #RT_ERANGE if it is more than 100 years from 1970.
 * @since 1.0
 */
RT_API rt_status rt_day_from_date(int32_t year, uint32_t month, uint32_t mday,
                                  int32_t *day);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_COHORT_H */
