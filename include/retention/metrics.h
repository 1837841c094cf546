/**
 * @file retention/metrics.h
 * @brief rt_metrics: activity and cohort retention computed from a cohort.
 */
#ifndef RETENTION_METRICS_H
#define RETENTION_METRICS_H

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
 * @defgroup metrics Metrics
 * @brief An immutable snapshot of what a cohort's activity says.
 *
 * rt_cohort_metrics() sorts the cohort's events once and computes, over a
 * range of days [first_day, last_day]:
 * - **activity**: for each day d, DAU(d) = customers active on d, and
 *   WAU(d), MAU(d) = customers active on some day of the trailing window
 *   (7 and 30 days by default) that ends on and includes d;
 * - **cohort retention**: customers grouped by the period (day, week or
 *   month) of their first activity ever; for cohort c and offset k, the
 *   customers active in period c + k (#RT_RETENTION_EXACT) or in any period
 *   from c + k on (#RT_RETENTION_ON_OR_AFTER), out of the cohort's size;
 *   and, if asked, for custom brackets of days since each customer's own
 *   first activity (#RT_RETENTION_BRACKETS: day 1, days 2-7, 8-30...);
 * - **survival**: the Kaplan-Meier curve of customer lifetimes, for the
 *   customers of the retention tables (see rt_metrics_survival());
 * - **lifecycle**: new, returning, resurrecting and dormant customers per
 *   period (see rt_metrics_lifecycle()).
 *
 * **Range.** last_day is the end of observation: later events are ignored,
 * and a retention cell whose period does not end by last_day is
 * **censored**: unknown, never zero, and left out of averaged curves. A
 * bracket cell is observed once the bracket has ended for the cohort's
 * latest possible starter (the last day of its period). The
 * cohorts are the periods that contain a day of the range: the first one is
 * widened to its whole period, so a month cohort holds every customer who
 * started in that month. Activity before first_day still decides who is new.
 *
 * **Merging.** Metrics computed with the same options from cohorts with
 * disjoint customers add up: see rt_metrics_merge().
 *
 * **Cohorts by start event** (rt_metrics_options::use_starts = 1, since
 * 1.1). "Of those who first did X, who came back to do Y?": record X with
 * rt_cohort_add_starts() and Y as activity (rt_cohort_add_events(),
 * rt_cohort_add_purchases()). The results that follow a customer from a
 * beginning then begin at the **start day**, the day of the customer's
 * earliest start event, instead of the first activity:
 * - the retention tables of every kind, their cohorts' sizes and the
 *   averaged curves (rt_metrics_cohort(), rt_metrics_retention(),
 *   rt_metrics_retention_curve()): a customer is in the cohort of the
 *   period of their start day and counts at offset k > 0 when they are
 *   active in period c + k (#RT_RETENTION_EXACT) or in some period from
 *   c + k on (#RT_RETENTION_ON_OR_AFTER). Offset 0 counts the start itself,
 *   so it holds the whole cohort (100 %, as PostHog shows it); brackets
 *   count days since the start day, the start day itself active;
 * - survival (rt_metrics_survival() and the functions after it): a
 *   lifetime begins on the start day and the start is its first active day.
 *
 * In these results customers without a start event are left out, and
 * activity before a customer's start day is ignored. The activity results
 * stay those of the activity, start events aside: DAU, WAU, MAU,
 * stickiness, the two histograms, and the lifecycle counts, whose "new" is
 * still the first activity (the customers who first did X in a period are
 * that period's cohort size). Without a range (use_range 0) the range spans
 * the days of the activity and of the start events. use_starts = 0 (the
 * default, and every 1.0 caller) ignores start events.
 *
 * For example, with day periods and the range days 0 to 4:
 *
 * | customer | start events | activity     |
 * |----------|--------------|--------------|
 * | A        | day 1        | days 0, 2, 4 |
 * | B        | days 1, 3    | day 3        |
 * | C        | none         | days 0, 1, 2 |
 * | D        | day 2        | days 2, 3    |
 *
 * By start, cohort day 1 is {A, B} (B's second start changes nothing) and
 * cohort day 2 is {D}; C is left out, and A's activity on day 0 is ignored.
 * The exact table is 2, 1, 1, 1 for day 1 (A on day 2, B on day 3, A on
 * day 4) and 1, 1, 0 for day 2 (D on day 3); on-or-after it is 2, 2, 2, 1
 * and 1, 1, 0. The same cohort by first activity has the cohorts day 0
 * {A, C}, day 2 {D} and day 3 {B}.
 *
 * @note Thread safety: an rt_metrics is immutable once computed except by
 * rt_metrics_merge() (its destination); all getters may run concurrently.
 * @{
 */

/** Computed metrics (opaque). @since 1.0 */
typedef struct rt_metrics rt_metrics;

/** Calendar period of a retention table. @since 1.0 */
typedef enum rt_period {
    RT_PERIOD_DAY = 0,   /**< Civil days at the cohort's UTC offset. */
    RT_PERIOD_WEEK = 1,  /**< Weeks starting on the cohort's first weekday (ISO weeks by default). */
    RT_PERIOD_MONTH = 2  /**< Calendar months. */
} rt_period;

/** What a retention cell counts. @since 1.0 */
typedef enum rt_retention_kind {
    RT_RETENTION_EXACT = 0,       /**< Active in period c + k ("N-period" retention). */
    RT_RETENTION_ON_OR_AFTER = 1, /**< Active in some period from c + k on ("unbounded" retention). */
    RT_RETENTION_BRACKETS = 2     /**< Active in custom bracket k of days since the first activity (see rt_metrics_options::bracket_bounds). */
} rt_retention_kind;

/**
 * @brief Which retention tables rt_cohort_metrics() fills: bits of
 * rt_metrics_options::tables. The bracket table is filled when brackets are
 * given (rt_metrics_options::bracket_count > 0).
 * @since 1.0
 */
typedef enum rt_retention_table {
    RT_TABLE_EXACT = 1,       /**< The #RT_RETENTION_EXACT table. */
    RT_TABLE_ON_OR_AFTER = 2  /**< The #RT_RETENTION_ON_OR_AFTER table. */
} rt_retention_table;

/** Default of rt_metrics_options::max_offset: 1000 days (2.7 years), weeks or months. @since 1.0 */
#define RT_METRICS_DEFAULT_MAX_OFFSET 1000

/**
 * Longest span of days rt_cohort_metrics() accepts in a window or bracket: 200 years + 1 day.
 * @since 1.0
 */
#define RT_METRICS_MAX_DAYS 73051

/**
 * @brief What to compute. Initialise with rt_metrics_options_init().
 *
 * Every field has a valid range; rt_cohort_metrics() answers #RT_EINVAL
 * (#RT_ERANGE for days beyond 100 years from 1970) naming the first field
 * outside it.
 * @since 1.0
 */
typedef struct rt_metrics_options {
    size_t size;          /**< sizeof(rt_metrics_options) as the caller compiled it. */
    int32_t first_day;    /**< First day of the range (days since 1970-01-01), -36525 .. last_day; read only when use_range is 1. */
    int32_t last_day;     /**< Last day, the end of observation, first_day .. 36525; read only when use_range is 1. */
    uint32_t use_range;   /**< 0 (default): use the cohort's activity range; 1: use first_day, last_day. Nothing else is valid. */
    rt_period period;     /**< Period of the retention tables and lifecycle: one of #rt_period; default #RT_PERIOD_DAY. */
    uint32_t max_offset;  /**< Largest offset kept in the tables, any value (offsets beyond the range are never kept; UINT32_MAX keeps all); default #RT_METRICS_DEFAULT_MAX_OFFSET. */
    uint32_t use_segment; /**< 0 (default): every customer; 1: only the customers of @c segment. Nothing else is valid. */
    uint32_t segment;     /**< The segment to restrict to when @c use_segment is 1, any value (see rt_cohort_set_segment()). */
    uint32_t trailing_days; /**< Window of rt_metrics_trailing_histogram(), ending on last_day: 1 .. #RT_METRICS_MAX_DAYS days, or 0 for 28 (L28, default). */
    const uint32_t *bracket_bounds; /**< Custom day brackets, read only when bracket_count > 0: bracket k holds the days b[k] .. b[k+1] - 1 since a customer's first activity; bracket_count + 1 strictly increasing values, the last at most #RT_METRICS_MAX_DAYS. Copied. */
    uint32_t bracket_count;         /**< Number of brackets, 0 (default: none) .. #RT_METRICS_MAX_DAYS. */
    uint32_t tables;      /**< Retention tables to fill: a combination of #rt_retention_table bits, 0 .. 3; default both (#RT_TABLE_EXACT | #RT_TABLE_ON_OR_AFTER). 0 saves their memory when only activity, survival or lifecycle is needed. @since 1.0 */
    uint32_t use_starts;  /**< 0 (default): cohorts and lifetimes begin at a customer's first activity; 1: at their start day (rt_cohort_add_starts()), customers without one left out, as "Cohorts by start event" above says. Nothing else is valid. @since 1.1 */
    uint32_t reserved;    /**< Must be 0 (#RT_EINVAL otherwise). It fills what would be tail padding on 64-bit targets, so that a later field changes the size. @since 1.1 */
} rt_metrics_options;

/**
 * @brief Fills metrics options with the defaults.
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_metrics_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @since 1.0
 */
RT_API rt_status rt_metrics_options_init(rt_metrics_options *options, size_t size);

/**
 * @brief Computes metrics from a cohort.
 *
 * **Time and memory are bounded by what is asked and what exists**, not by
 * the square of the range. With D the days from the first cohort's start to
 * last_day, P the periods of the range (rt_metrics_cohort_count()), R the
 * non-empty cohorts (R <= min(customers, P)), K = min(max_offset + 1, P) the
 * offsets kept, T the tables asked for (0, 1 or 2, rt_metrics_options::tables),
 * B = bracket_count and W the trailing window, the result holds about
 * \f$ 8\,(9D + 6P + W) + 8\,R\,(T K + B) \f$ bytes; computing needs
 * 4 bytes per stored event, 8 per customer and 20 per day more while it runs
 * (with use_starts, 4 more per stored event and 12 more per customer),
 * and takes O(events + customers + D + R (T K + B)) time. An empty cohort
 * costs no cell. With the defaults (K <= 1001, T = 2) the tables take at most
 * 16 KB per non-empty cohort; two events 200 years apart need about 9 MB.
 * Uses the cohort's allocator.
 *
 * @param[in]  cohort  The cohort; not modified.
 * @param[in]  options What to compute, or NULL for the defaults.
 * @param[out] metrics The result; free it with rt_metrics_free().
 * @return #RT_OK; #RT_EINVAL if @p cohort or @p metrics is NULL or an option
 *         is outside its documented range (use_range or use_segment not 0 or
 *         1, unknown period, trailing_days or bracket_count above
 *         #RT_METRICS_MAX_DAYS, unknown tables bits, last_day < first_day,
 *         bracket bounds missing, not strictly increasing or beyond
 *         #RT_METRICS_MAX_DAYS, use_starts not 0 or 1, reserved not 0);
 *         #RT_ERANGE if a day of the range is more
 *         than 100 years from 1970; #RT_EUNDEFINED if no range is given and
 *         the cohort has no activity (nor, with use_starts, start events); #RT_EVERSION if @p options is a newer,
 *         larger struct with a field this library does not know set;
 *         #RT_ENOMEM.
 * @since 1.0
 */
RT_API rt_status rt_cohort_metrics(const rt_cohort *cohort,
                                   const rt_metrics_options *options,
                                   rt_metrics **metrics);

/**
 * @brief Frees metrics.
 * @param[in] metrics The metrics, or NULL (nothing happens).
 * @since 1.0
 */
RT_API void rt_metrics_free(rt_metrics *metrics);

/**
 * @brief The range of days the metrics cover.
 * @param[in]  metrics   The metrics.
 * @param[out] first_day First day of the activity series.
 * @param[out] last_day  Last day, the end of observation.
 * @return #RT_OK; #RT_EINVAL if an argument is NULL.
 * @since 1.0
 */
RT_API rt_status rt_metrics_day_range(const rt_metrics *metrics, int32_t *first_day,
                                      int32_t *last_day);

/**
 * @brief DAU, WAU and MAU of one day.
 * @param[in]  metrics The metrics.
 * @param[in]  day     A day of the range.
 * @param[out] dau     Customers active on @p day (may be NULL).
 * @param[out] wau     Customers active in the weekly window ending on @p day (may be NULL).
 * @param[out] mau     Customers active in the monthly window ending on @p day (may be NULL).
 * @return #RT_OK; #RT_EINVAL if @p metrics is NULL; #RT_ERANGE if @p day is
 *         outside the range.
 * @since 1.0
 */
RT_API rt_status rt_metrics_active(const rt_metrics *metrics, int32_t day, uint64_t *dau,
                                   uint64_t *wau, uint64_t *mau);

/**
 * @brief Average stickiness over days [first_day, last_day], two ways.
 *
 * @p mean_of_ratios is the mean over the days of DAU(d) / MAU(d) (days with
 * MAU = 0 are skipped); @p ratio_of_sums is \f$ \sum DAU / \sum MAU \f$,
 * which weights busy days more. Dashboards differ in which they show.
 *
 * @param[in]  metrics        The metrics.
 * @param[in]  first_day      First day to average, inside the range.
 * @param[in]  last_day       Last day to average, inside the range.
 * @param[out] mean_of_ratios Mean of daily DAU / MAU.
 * @param[out] ratio_of_sums  Sum of DAU over sum of MAU.
 * @return #RT_OK; #RT_EINVAL if an argument is NULL or last_day < first_day;
 *         #RT_ERANGE if a day is outside the range; #RT_EUNDEFINED if MAU is 0
 *         on every day.
 * @since 1.0
 */
RT_API rt_status rt_metrics_stickiness(const rt_metrics *metrics, int32_t first_day,
                                       int32_t last_day, double *mean_of_ratios,
                                       double *ratio_of_sums);

/**
 * @brief L28-style histogram: customers active on exactly n days of the
 * trailing window.
 *
 * The window is the rt_metrics_options::trailing_days days (28 by default)
 * ending on last_day. Customers counted are those whose first activity is on
 * or before last_day; n = 0 counts the ones silent in the whole window.
 *
 * @param[in]  metrics     The metrics.
 * @param[in]  active_days Active days, 0 .. the window length.
 * @param[out] customers   Customers active on exactly @p active_days days of the window.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL; #RT_ERANGE if @p active_days
 *         exceeds the window.
 * @since 1.0
 */
RT_API rt_status rt_metrics_trailing_histogram(const rt_metrics *metrics, uint32_t active_days,
                                               uint64_t *customers);

/**
 * @brief Stickiness distribution: customers active on exactly n days of the
 * whole range [first_day, last_day] (PostHog's "stickiness").
 *
 * Customers counted are those whose first activity is on or before
 * last_day; n = 0 counts the ones silent in the whole range.
 *
 * @param[in]  metrics     The metrics.
 * @param[in]  active_days Active days, 0 .. the number of days in the range.
 * @param[out] customers   Customers active on exactly @p active_days days of the range.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL; #RT_ERANGE if @p active_days
 *         exceeds the range's length.
 * @since 1.0
 */
RT_API rt_status rt_metrics_range_histogram(const rt_metrics *metrics, uint32_t active_days,
                                            uint64_t *customers);

/**
 * @brief Number of cohorts (periods) in the retention tables.
 * @param[in] metrics The metrics (not NULL).
 * @return The number of periods that contain a day of the range; 0 if
 *         @p metrics is NULL.
 * @since 1.0
 */
RT_API size_t rt_metrics_cohort_count(const rt_metrics *metrics);

/**
 * @brief Number of offsets (columns) in the retention tables.
 * @param[in] metrics The metrics (not NULL).
 * @return Offsets 0 .. count - 1 are kept; 0 if @p metrics is NULL.
 * @since 1.0
 */
RT_API uint32_t rt_metrics_offset_count(const rt_metrics *metrics);

/**
 * @brief Number of custom brackets (columns of the #RT_RETENTION_BRACKETS table).
 * @param[in] metrics The metrics (not NULL).
 * @return rt_metrics_options::bracket_count, 0 if none were asked for or
 *         @p metrics is NULL.
 * @since 1.0
 */
RT_API uint32_t rt_metrics_bracket_count(const rt_metrics *metrics);

/**
 * @brief One cohort: its first day and its size.
 * @param[in]  metrics   The metrics.
 * @param[in]  cohort    Cohort index, 0 .. rt_metrics_cohort_count() - 1, oldest first.
 * @param[out] start_day First day of the cohort's period (may be NULL).
 * @param[out] size      Customers whose first activity (start day, with
 *                       rt_metrics_options::use_starts) is in that period (may be NULL).
 * @return #RT_OK; #RT_EINVAL if @p metrics is NULL; #RT_ERANGE if @p cohort
 *         is not an index.
 * @since 1.0
 */
RT_API rt_status rt_metrics_cohort(const rt_metrics *metrics, size_t cohort,
                                   int32_t *start_day, uint64_t *size);

/**
 * @brief One retention cell.
 * @param[in]  metrics  The metrics.
 * @param[in]  kind     #RT_RETENTION_EXACT or #RT_RETENTION_ON_OR_AFTER.
 * @param[in]  cohort   Cohort index.
 * @param[in]  offset   Periods after the cohort's, 0 .. rt_metrics_offset_count() - 1;
 *                      for #RT_RETENTION_BRACKETS the bracket, 0 .. rt_metrics_bracket_count() - 1.
 * @param[out] active   Customers of the cohort counted in the cell; 0 when censored.
 * @param[out] observed 1 if the cell's period ended by the end of observation,
 *                      0 if it is censored (unknown).
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL, @p kind is unknown, or
 *         its table was not computed (not in rt_metrics_options::tables, or
 *         brackets without any); #RT_ERANGE if @p cohort or @p offset is not
 *         an index.
 * @since 1.0
 */
RT_API rt_status rt_metrics_retention(const rt_metrics *metrics, rt_retention_kind kind,
                                      size_t cohort, uint32_t offset, uint64_t *active,
                                      uint32_t *observed);

/**
 * @brief The averaged retention curve at one offset.
 *
 * \f$ \sum_c \mathrm{active}_{c,k} / \sum_c \mathrm{size}_c \f$ over the
 * cohorts whose cell at offset k is observed: weighted by cohort size,
 * censored cells left out (not counted as zero).
 *
 * @param[in]  metrics   The metrics.
 * @param[in]  kind      #RT_RETENTION_EXACT or #RT_RETENTION_ON_OR_AFTER.
 * @param[in]  offset    Offset k (the bracket for #RT_RETENTION_BRACKETS).
 * @param[out] rate      The retained share in [0, 1].
 * @param[out] customers Customers in the cohorts averaged, the denominator (may be NULL).
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL, @p kind unknown or its
 *         table not computed; #RT_ERANGE if @p offset is not an index;
 *         #RT_EUNDEFINED if no non-empty cohort is observed at @p offset.
 * @since 1.0
 */
RT_API rt_status rt_metrics_retention_curve(const rt_metrics *metrics,
                                            rt_retention_kind kind, uint32_t offset,
                                            double *rate, uint64_t *customers);

/**
 * @brief Kaplan-Meier survival of customer lifetime, with 95 % bounds.
 *
 * A customer's lifetime starts on their first active day (their start day
 * with rt_metrics_options::use_starts, see @ref metrics). For a customer
 * without subscriptions (non-contractual), it has **ended** on the last
 * active day if, at the end of observation (last_day), they have been
 * silent for more than the cohort's inactivity threshold
 * (rt_cohort_options::inactivity_days). For a customer with subscriptions
 * starting by last_day (contractual), it has ended on the last subscribed
 * day if every subscription had closed by last_day; silence does not count.
 * Otherwise it is **censored** at last_day - first day: still running,
 * length unknown. The customers are those of the retention tables (first
 * activity in a cohort period).
 *
 * \f$ S(t) = \prod_{u \le t} (1 - d_u / n_u) \f$ estimates the share of
 * customers whose lifetime exceeds t days, with d_u lifetimes ending at u
 * days and n_u lifetimes of at least u days (ended or censored). The bounds
 * are Greenwood's variance on the log-log scale (Kalbfleisch & Prentice):
 * \f$ S^{\exp(\pm 1.96\,\sigma)} \f$ with
 * \f$ \sigma^2 = \sum_{u \le t} \frac{d_u}{n_u (n_u - d_u)} / (\ln S)^2 \f$;
 * they are [S, S] where S is 1 or 0.
 *
 * @param[in]  metrics  The metrics.
 * @param[in]  day      Lifetime t in days, 0 .. last_day minus the first cohort's start.
 * @param[out] survival S(t).
 * @param[out] lower    Lower 95 % bound (may be NULL).
 * @param[out] upper    Upper 95 % bound (may be NULL).
 * @return #RT_OK; #RT_EINVAL if @p metrics or @p survival is NULL;
 *         #RT_ERANGE if @p day is beyond the longest observable lifetime;
 *         #RT_EUNDEFINED if there are no customers.
 * @since 1.0
 */
RT_API rt_status rt_metrics_survival(const rt_metrics *metrics, uint32_t day,
                                     double *survival, double *lower, double *upper);

/**
 * @brief The numbers behind one step of the Kaplan-Meier curve.
 * @param[in]  metrics The metrics.
 * @param[in]  day     Lifetime t in days.
 * @param[out] at_risk Lifetimes of at least t days, n_t (may be NULL).
 * @param[out] ended   Lifetimes that ended at exactly t days, d_t (may be NULL).
 * @return #RT_OK; #RT_EINVAL if @p metrics is NULL; #RT_ERANGE if @p day is
 *         beyond the longest observable lifetime.
 * @since 1.0
 */
RT_API rt_status rt_metrics_survival_counts(const rt_metrics *metrics, uint32_t day,
                                            uint64_t *at_risk, uint64_t *ended);

/**
 * @brief Median customer lifetime: the first t with S(t) <= 0.5.
 * @param[in]  metrics The metrics.
 * @param[out] days    The median in days; INFINITY if the curve stays above
 *                     0.5 for every observable lifetime.
 * @return #RT_OK; #RT_EINVAL if an argument is NULL; #RT_EUNDEFINED if there
 *         are no customers.
 * @since 1.0
 */
RT_API rt_status rt_metrics_survival_median(const rt_metrics *metrics, double *days);

/**
 * @brief Restricted mean lifetime: the area under S up to a horizon.
 *
 * \f$ \int_0^\tau S(t)\,dt = \sum_{t=0}^{\tau-1} S(t) \f$ days, S being
 * constant between whole days: the mean lifetime counted up to @p horizon
 * days (a lifetime's first day counts fully, so it is at most @p horizon).
 *
 * @param[in]  metrics The metrics.
 * @param[in]  horizon Horizon tau in days, 1 .. the longest observable lifetime + 1.
 * @param[out] days    The restricted mean in days.
 * @return #RT_OK; #RT_EINVAL if an argument is NULL or @p horizon is 0;
 *         #RT_ERANGE if @p horizon is beyond the data; #RT_EUNDEFINED if there
 *         are no customers.
 * @since 1.0
 */
RT_API rt_status rt_metrics_survival_rmst(const rt_metrics *metrics, uint32_t horizon,
                                          double *days);

/** A customer's state in a period, as lifecycle charts show it. @since 1.0 */
typedef enum rt_lifecycle_state {
    RT_LIFECYCLE_NEW = 0,          /**< First activity ever in this period. */
    RT_LIFECYCLE_RETURNING = 1,    /**< Active in this period and the one before. */
    RT_LIFECYCLE_RESURRECTING = 2, /**< Active in this period, not the one before, but earlier. */
    RT_LIFECYCLE_DORMANT = 3       /**< Active in the period before, not in this one. */
} rt_lifecycle_state;

/**
 * @brief Lifecycle counts of one period of the tables.
 *
 * "New" is decided by the customer's first activity in the data, not by
 * when a record was created. Activity before first_day decides whether a
 * customer is new, returning or resurrecting in the first periods. The last
 * period may be partial: its dormant count includes customers who may still
 * come back before it ends.
 *
 * @param[in]  metrics   The metrics.
 * @param[in]  period    Period index, 0 .. rt_metrics_cohort_count() - 1 (as the cohorts).
 * @param[in]  state     The lifecycle state.
 * @param[out] customers Customers in that state in that period.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or @p state is unknown;
 *         #RT_ERANGE if @p period is not an index.
 * @since 1.0
 */
RT_API rt_status rt_metrics_lifecycle(const rt_metrics *metrics, size_t period,
                                      rt_lifecycle_state state, uint64_t *customers);

/**
 * @brief Adds metrics of a disjoint set of customers into @p into.
 *
 * Both must have been computed with equal options (range, period, offsets,
 * windows, weekday, inactivity threshold, segment, trailing days, tables,
 * brackets, use_starts) from cohorts with no customer in common; every count then adds
 * up to what one cohort of all the customers would give. The tables are
 * rebuilt with a row for each cohort non-empty in either, so the call
 * allocates (the bound of rt_cohort_metrics() holds for the sum).
 *
 * @param[in,out] into The metrics to add to.
 * @param[in]      from The metrics to add.
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL or the two were computed
 *         with different options; #RT_ENOMEM. Nothing is changed on failure.
 * @since 1.0
 */
RT_API rt_status rt_metrics_merge(rt_metrics *into, const rt_metrics *from);

/**
 * @brief Writes metrics as bytes another process can read back
 * (docs/serialization.md, object kind 1).
 *
 * Size-query-then-write (see @ref serialize): call with @p buffer NULL and
 * @p capacity 0 to learn the size, then with a buffer that large. The bytes
 * hold the options a merge compares and every count; they are the same on
 * every host and for equal metrics. About 8 bytes per count: the bound of
 * rt_cohort_metrics() on the result's memory bounds them too.
 *
 * @param[in]  metrics  The metrics.
 * @param[out] buffer   Where to write, or NULL with @p capacity 0 (size query).
 * @param[in]  capacity Bytes available at @p buffer.
 * @param[out] size     The object's size in bytes, written on #RT_OK and #RT_ERANGE.
 * @return #RT_OK; #RT_EINVAL if @p metrics or @p size is NULL, or @p buffer
 *         is NULL with a non-zero @p capacity; #RT_ERANGE if @p capacity is
 *         smaller than the object (the buffer is left alone); #RT_ENOMEM if
 *         the object is larger than the address space.
 * @since 1.1
 */
RT_API rt_status rt_metrics_serialize(const rt_metrics *metrics, void *buffer, size_t capacity,
                                      size_t *size);

/**
 * @brief Rebuilds metrics from the bytes of rt_metrics_serialize().
 *
 * The result is the metrics that were serialized: every getter answers the
 * same, it serializes to the same bytes, and it merges with
 * rt_metrics_merge() like any other (metrics computed with other options
 * are refused there).
 *
 * @param[in]  buffer  The bytes.
 * @param[in]  size    Their number: exactly the serialized object's size.
 * @param[in]  options The allocator of the result, or NULL for the defaults.
 * @param[out] metrics The result; free it with rt_metrics_free().
 * @return #RT_OK; #RT_EINVAL if @p buffer or @p metrics is NULL or
 *         @p options is invalid; #RT_EFORMAT if the bytes are not metrics
 *         of this format (truncated, trailing bytes, bad or byte-swapped
 *         magic, another kind, checksum mismatch, options out of range,
 *         lengths that disagree with them), the message saying which;
 *         #RT_EVERSION if the format version is newer than this library
 *         reads, or @p options sets a field it does not know; #RT_ENOMEM.
 * @since 1.1
 */
RT_API rt_status rt_metrics_deserialize(const void *buffer, size_t size,
                                        const rt_deserialize_options *options,
                                        rt_metrics **metrics);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_METRICS_H */
