/**
 * @file retention/frequency.h
 * @brief Usage frequency buckets and the forgettable zone.
 */
#ifndef RETENTION_FREQUENCY_H
#define RETENTION_FREQUENCY_H

#include <stddef.h>
#include <stdint.h>

#include "retention/cohort.h"
#include "retention/export.h"
#include "retention/serialize.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup frequency Usage frequency
 * @brief How often each customer and each segment uses the product.
 *
 * At an as-of day t, each customer first active on or before t falls in
 * one bucket:
 * - **dormant**: no active day in the last @c dormant_days (t - dormant_days, t];
 * - **new**: first active less than @c new_days ago (too young to judge);
 * - otherwise, with L = min(@c lookback_days, days since first activity + 1)
 *   and k active days in (t - L, t], the mean interval between visits is
 *   L / k days (infinite when k = 0): **daily** up to @c daily_max_interval,
 *   **weekly** up to @c weekly_max_interval, **monthly** up to
 *   @c monthly_max_interval, and beyond it the **forgettable zone**: still
 *   a customer, but using the product less than once a month, where habits
 *   and retention die.
 *
 * The defaults (90-day lookback; 1.5, 8 and 31 days; new 14 days; dormant
 * 90 days) follow the usage-interval views of Amplitude and PostHog: a
 * customer seen every day is daily, once a week weekly (13 visits in 90
 * days: 6.9), once a month monthly (3 visits: 30), every 45 days
 * forgettable (2 visits: 45).
 *
 * An as-of day before any activity simply finds no customer, one long after
 * finds them all dormant: only days more than 100 years from 1970 are
 * refused.
 *
 * A segment is **mostly forgettable** when, of its customers who are
 * neither new nor dormant, more than @c forgettable_share are forgettable.
 * @{
 */

/** A usage-frequency bucket. @since 1.0 */
typedef enum rt_frequency_bucket {
    RT_FREQUENCY_NEW = 0,         /**< First active less than new_days ago. */
    RT_FREQUENCY_DAILY = 1,       /**< Mean interval <= daily_max_interval. */
    RT_FREQUENCY_WEEKLY = 2,      /**< Mean interval <= weekly_max_interval. */
    RT_FREQUENCY_MONTHLY = 3,     /**< Mean interval <= monthly_max_interval. */
    RT_FREQUENCY_FORGETTABLE = 4, /**< Active, but less than once a month. */
    RT_FREQUENCY_DORMANT = 5,     /**< Silent for dormant_days or more. */
    RT_FREQUENCY_NONE = 6         /**< Not yet a customer at that day (first activity later). */
} rt_frequency_bucket;

/**
 * Number of buckets a customer can be counted in (#RT_FREQUENCY_NEW .. #RT_FREQUENCY_DORMANT).
 * @since 1.0
 */
#define RT_FREQUENCY_BUCKETS 6

/**
 * @brief Thresholds of the frequency analysis. Initialise with rt_frequency_options_init().
 * @since 1.0
 */
typedef struct rt_frequency_options {
    size_t size;                  /**< sizeof(rt_frequency_options) as the caller compiled it. */
    int32_t as_of_day;            /**< The day judged (days since 1970-01-01), -36525 .. 36525; required. */
    int32_t earlier_day;          /**< An earlier day to compare with when use_earlier is 1: -36525 .. as_of_day - 1. */
    uint32_t use_earlier;         /**< 1: also bucket every customer at earlier_day; 0 (default). Nothing else is valid. */
    uint32_t lookback_days;       /**< Longest history used for the interval, 1 .. 73051; default 90. */
    uint32_t new_days;            /**< Customers first active less than this many days ago are new, 1 .. 73051; default 14. */
    uint32_t dormant_days;        /**< Silent this many days: dormant, 1 .. 73051; default 90. */
    double daily_max_interval;    /**< Finite and > 0; default 1.5 days. */
    double weekly_max_interval;   /**< Above daily_max_interval; default 8 days. */
    double monthly_max_interval;  /**< Finite and above weekly_max_interval; default 31 days. */
    double forgettable_share;     /**< A segment is mostly forgettable above this share, in [0, 1); default 0.5. */
} rt_frequency_options;

/** Frequency buckets of a cohort's customers at a day (opaque, immutable). @since 1.0 */
typedef struct rt_frequency rt_frequency;

/**
 * @brief Fills frequency options with the defaults (as_of_day 0).
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_frequency_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @since 1.0
 */
RT_API rt_status rt_frequency_options_init(rt_frequency_options *options, size_t size);

/**
 * @brief Buckets every customer of a cohort at options->as_of_day.
 * @param[in]  cohort    The cohort.
 * @param[in]  options   Thresholds and days (required: as_of_day).
 * @param[out] frequency The result; free it with rt_frequency_free().
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or a field is outside the
 *         range documented in rt_frequency_options (use_earlier not 0 or 1,
 *         a day count 0 or above 73051, the intervals NaN, not positive or
 *         not increasing, the share outside [0, 1), earlier_day not before
 *         as_of_day), the message naming the field; #RT_ERANGE if as_of_day
 *         or earlier_day is more than 100 years from 1970;
 *         #RT_EVERSION; #RT_ENOMEM.
 * @since 1.0
 */
RT_API rt_status rt_cohort_frequency(const rt_cohort *cohort,
                                     const rt_frequency_options *options,
                                     rt_frequency **frequency);

/**
 * @brief Frees a frequency result.
 * @param[in] frequency The result, or NULL (nothing happens).
 * @since 1.0
 */
RT_API void rt_frequency_free(rt_frequency *frequency);

/**
 * @brief Customers in a bucket at the as-of day (the spectrum).
 * @param[in]  frequency The result.
 * @param[in]  bucket    #RT_FREQUENCY_NEW .. #RT_FREQUENCY_DORMANT.
 * @param[out] customers How many.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or @p bucket is not one of those.
 * @since 1.0
 */
RT_API rt_status rt_frequency_count(const rt_frequency *frequency,
                                    rt_frequency_bucket bucket, uint64_t *customers);

/**
 * @brief Customers of one segment in a bucket at the as-of day.
 * @param[in]  frequency The result.
 * @param[in]  segment   A segment (0: customers without one).
 * @param[in]  bucket    #RT_FREQUENCY_NEW .. #RT_FREQUENCY_DORMANT.
 * @param[out] customers How many.
 * @return #RT_OK; #RT_EINVAL as rt_frequency_count(); #RT_ENOTFOUND if no
 *         customer of that segment was bucketed.
 * @since 1.0
 */
RT_API rt_status rt_frequency_segment_count(const rt_frequency *frequency, uint32_t segment,
                                            rt_frequency_bucket bucket, uint64_t *customers);

/**
 * @brief The segments whose customers are mostly in the forgettable zone.
 *
 * Writes up to @p capacity segments, in increasing order, and their number
 * to @p count (which may exceed @p capacity: call again with more room).
 *
 * @param[in]  frequency The result.
 * @param[out] segments  Room for @p capacity segments (may be NULL if capacity is 0).
 * @param[in]  capacity  Size of @p segments.
 * @param[out] count     Number of mostly-forgettable segments.
 * @return #RT_OK; #RT_EINVAL if @p frequency or @p count is NULL, or
 *         @p segments is NULL with a non-zero capacity.
 * @since 1.0
 */
RT_API rt_status rt_frequency_forgettable_segments(const rt_frequency *frequency,
                                                   uint32_t *segments, size_t capacity,
                                                   size_t *count);

/**
 * @brief One customer's bucket at the as-of day and at the earlier day.
 * @param[in]  frequency   The result.
 * @param[in]  customer_id The customer.
 * @param[out] now         Bucket at as_of_day.
 * @param[out] earlier     Bucket at earlier_day (#RT_FREQUENCY_NONE if not
 *                         asked, or not yet a customer then); may be NULL.
 * @return #RT_OK; #RT_EINVAL if @p frequency or @p now is NULL;
 *         #RT_ENOTFOUND if the customer is unknown or not yet one at as_of_day.
 * @since 1.0
 */
RT_API rt_status rt_frequency_customer(const rt_frequency *frequency, uint64_t customer_id,
                                       rt_frequency_bucket *now,
                                       rt_frequency_bucket *earlier);

/**
 * @brief Customers who moved from one bucket at the earlier day to another
 * at the as-of day (for instance weekly to forgettable: drifting down).
 * @param[in]  frequency The result (computed with use_earlier = 1).
 * @param[in]  earlier   Bucket at earlier_day, including #RT_FREQUENCY_NONE.
 * @param[in]  now       Bucket at as_of_day.
 * @param[out] customers How many.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL, a bucket is unknown, or
 *         no earlier day was asked for.
 * @since 1.0
 */
RT_API rt_status rt_frequency_transitions(const rt_frequency *frequency,
                                          rt_frequency_bucket earlier,
                                          rt_frequency_bucket now, uint64_t *customers);

/**
 * @brief Adds the result of a disjoint set of customers into @p into.
 *
 * Both must have been computed with equal options from cohorts with no
 * customer in common (a customer id seen in both is refused). Counts add
 * up; the mostly-forgettable segments are judged again on the sums.
 *
 * @param[in,out] into The result to add to.
 * @param[in]     from The result to add.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL, the options differ or a
 *         customer is in both; #RT_ENOMEM. Nothing changes on failure.
 * @since 1.0
 */
RT_API rt_status rt_frequency_merge(rt_frequency *into, const rt_frequency *from);

/**
 * @brief Writes a frequency result as bytes another process can read back
 * (docs/serialization.md, object kind 2).
 *
 * Size-query-then-write (see @ref serialize): call with @p buffer NULL and
 * @p capacity 0 to learn the size, then with a buffer that large. The bytes
 * hold the options a merge compares, each customer's id and buckets (10
 * bytes a customer) and each segment's counts (52 bytes a segment).
 *
 * @param[in]  frequency The result.
 * @param[out] buffer    Where to write, or NULL with @p capacity 0 (size query).
 * @param[in]  capacity  Bytes available at @p buffer.
 * @param[out] size      The object's size in bytes, written on #RT_OK and #RT_ERANGE.
 * @return #RT_OK; #RT_EINVAL if @p frequency or @p size is NULL, or
 *         @p buffer is NULL with a non-zero @p capacity; #RT_ERANGE if
 *         @p capacity is smaller than the object (the buffer is left alone);
 *         #RT_ENOMEM if the object is larger than the address space.
 * @since 1.1
 */
RT_API rt_status rt_frequency_serialize(const rt_frequency *frequency, void *buffer,
                                        size_t capacity, size_t *size);

/**
 * @brief Rebuilds a frequency result from the bytes of rt_frequency_serialize().
 *
 * The result answers every getter as the one serialized did, serializes to
 * the same bytes and merges with rt_frequency_merge() like any other.
 *
 * @param[in]  buffer    The bytes.
 * @param[in]  size      Their number: exactly the serialized object's size.
 * @param[in]  options   The allocator of the result, or NULL for the defaults.
 * @param[out] frequency The result; free it with rt_frequency_free().
 * @return #RT_OK; #RT_EINVAL if @p buffer or @p frequency is NULL or
 *         @p options is invalid; #RT_EFORMAT if the bytes are not a frequency
 *         result of this format (truncated, trailing bytes, bad or
 *         byte-swapped magic, another kind, checksum mismatch, options out of
 *         range, a customer or segment twice, an unknown bucket, segment
 *         counts that disagree with the customers'), the message saying
 *         which; #RT_EVERSION if the format version is newer than this
 *         library reads, or @p options sets a field it does not know;
 *         #RT_ENOMEM.
 * @since 1.1
 */
RT_API rt_status rt_frequency_deserialize(const void *buffer, size_t size,
                                          const rt_deserialize_options *options,
                                          rt_frequency **frequency);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_FREQUENCY_H */
