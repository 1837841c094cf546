/**
 * @file retention/compare.h
 * @brief A/B comparison of retention: proportion tests, sample sizes and
 * the log-rank test, on raw data or on the metrics of groups of customers.
 */
#ifndef RETENTION_COMPARE_H
#define RETENTION_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "retention/alloc.h"
#include "retention/export.h"
#include "retention/metrics.h"
#include "retention/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef RT_EXPERIMENTAL  /* the experimental tier: see retention/export.h */

/**
 * @defgroup compare A/B comparison
 * @brief Did a retention tactic work? Compare groups of customers.
 *
 * Two levels:
 * - **on any data**: the Wilson score interval of a proportion
 *   (rt_proportion_wilson()), the two-proportion z test
 *   (rt_proportion_test()), the customers per arm an experiment needs
 *   (rt_proportion_sample_size()) and the smallest effect a given sample
 *   detects (rt_proportion_detectable_rate()), and the log-rank test of two
 *   or more survival curves (rt_logrank_test());
 * - **on the library's metrics**, one rt_metrics per group (compute each
 *   with rt_metrics_options::use_segment and its segment, otherwise the same
 *   options): the retention of two groups at one offset of the averaged
 *   curve (rt_metrics_retention_test()) and the log-rank test on the groups'
 *   Kaplan-Meier lifetimes (rt_metrics_logrank_test()).
 *
 * The statistics are those of R: `prop.test(x, n, correct = FALSE)`,
 * `power.prop.test()` (two-sided, `strict = FALSE`) and
 * `survival::survdiff()` (rho = 0); the tests of the library check them
 * against R's values.
 * @{
 */

/**
 * @brief Two proportions compared. Initialise with
 * rt_proportion_test_result_init().
 *
 * Group a is the baseline (control), group b the variant (treatment); the
 * difference is b - a.
 * @experimental
 * @since 1.0
 */
typedef struct rt_proportion_test_result {
    size_t size;              /**< sizeof(rt_proportion_test_result) as the caller compiled it. */
    uint64_t successes_a;     /**< Retained customers of group a (x_a). */
    uint64_t trials_a;        /**< Customers of group a (n_a). */
    uint64_t successes_b;     /**< Retained customers of group b (x_b). */
    uint64_t trials_b;        /**< Customers of group b (n_b). */
    double rate_a;            /**< x_a / n_a. */
    double rate_a_lower;      /**< Lower end of the Wilson interval of rate_a. */
    double rate_a_upper;      /**< Upper end of the Wilson interval of rate_a. */
    double rate_b;            /**< x_b / n_b. */
    double rate_b_lower;      /**< Lower end of the Wilson interval of rate_b. */
    double rate_b_upper;      /**< Upper end of the Wilson interval of rate_b. */
    double difference;        /**< rate_b - rate_a. */
    double difference_lower;  /**< Lower end of the Wald interval of the difference, at least -1. */
    double difference_upper;  /**< Upper end of the Wald interval of the difference, at most 1. */
    double z;                 /**< (rate_b - rate_a) / sqrt(p (1 - p) (1/n_a + 1/n_b)), p the pooled rate. */
    double chi_square;        /**< z squared: Pearson's chi-square of the 2x2 table, 1 degree of freedom. */
    double p_value;           /**< Two-sided p-value, P(chi-square_1 >= chi_square). */
} rt_proportion_test_result;

/**
 * @brief Initialises a proportion test result.
 * @param[out] result The struct to initialise (all zero, @c size set).
 * @param[in]  size   `sizeof(rt_proportion_test_result)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p result is NULL or @p size too small.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_proportion_test_result_init(rt_proportion_test_result *result,
                                                size_t size);

/**
 * @brief Wilson score interval of a proportion.
 *
 * With \f$ \hat p = x / n \f$ and z the standard normal quantile of
 * (1 + confidence) / 2, the interval is
 * \f$ \frac{\hat p + z^2/(2n) \pm z \sqrt{\hat p (1 - \hat p)/n + z^2/(4n^2)}}{1 + z^2/n} \f$
 * (Wilson 1927), with the lower end exactly 0 when x = 0 and the upper
 * exactly 1 when x = n; R's `prop.test(x, n, correct = FALSE)$conf.int`.
 * Unlike the Wald interval it stays inside [0, 1] and keeps its coverage for
 * small samples and rates near 0 or 1.
 *
 * @param[in]  successes  x, at most @p trials.
 * @param[in]  trials     n.
 * @param[in]  confidence Confidence level, in (0, 1), e.g. 0.95.
 * @param[out] lower      Lower end.
 * @param[out] upper      Upper end.
 * @return #RT_OK; #RT_EINVAL if an output is NULL, @p successes exceeds
 *         @p trials or @p confidence is not in (0, 1); #RT_EUNDEFINED if
 *         @p trials is 0.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_proportion_wilson(uint64_t successes, uint64_t trials, double confidence,
                                      double *lower, double *upper);

/**
 * @brief Two-proportion z test: is group b's rate different from group a's?
 *
 * The statistic uses the pooled rate \f$ p = (x_a + x_b) / (n_a + n_b) \f$:
 * \f$ z = (\hat p_b - \hat p_a) / \sqrt{p (1 - p) (1/n_a + 1/n_b)} \f$; z²
 * is Pearson's chi-square of the 2x2 table, and the p-value two-sided. The
 * interval of the difference is Wald's,
 * \f$ \hat p_b - \hat p_a \pm z_{(1+c)/2} \sqrt{\hat p_a (1 - \hat p_a)/n_a + \hat p_b (1 - \hat p_b)/n_b} \f$,
 * clipped to [-1, 1]; each rate gets its Wilson interval. This is R's
 * `prop.test(c(x_b, x_a), c(n_b, n_a), correct = FALSE)`.
 *
 * @param[in]  successes_a x_a, at most @p trials_a.
 * @param[in]  trials_a    n_a.
 * @param[in]  successes_b x_b, at most @p trials_b.
 * @param[in]  trials_b    n_b.
 * @param[in]  confidence  Confidence level of the intervals, in (0, 1).
 * @param[out] result      The test; its @c size must be set
 *                         (rt_proportion_test_result_init()).
 * @return #RT_OK; #RT_EINVAL if @p result is NULL or its size smaller than
 *         the struct of version 1.0, a count of successes exceeds its trials
 *         or @p confidence is not in (0, 1); #RT_EUNDEFINED if a group has
 *         no trials, or the pooled rate is 0 or 1 (no variation: z is 0/0).
 *         @p result is written only on #RT_OK, and only its first
 *         result->size bytes.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_proportion_test(uint64_t successes_a, uint64_t trials_a,
                                    uint64_t successes_b, uint64_t trials_b,
                                    double confidence, rt_proportion_test_result *result);

/**
 * @brief Customers per arm needed to detect a change of rate, two-sided.
 *
 * Solves the power equation of R's `power.prop.test()` (two-sided,
 * `strict = FALSE`) for n:
 * \f$ \mathrm{power} = \Phi\left( \frac{\sqrt{n}\,|p_b - p_a| - z_{1-\alpha/2} \sqrt{(p_a + p_b)(q_a + q_b)/2}}{\sqrt{p_a q_a + p_b q_b}} \right) \f$
 * with q = 1 - p. The equation is linear in sqrt(n), so the solution is
 * exact (R finds the same root numerically, to its @c tol). Round it up to
 * enrol whole customers.
 *
 * @param[in]  rate_a            Baseline rate p_a, in [0, 1] (e.g. k-period retention today).
 * @param[in]  rate_b            Rate to detect p_b, in [0, 1], different from @p rate_a.
 * @param[in]  alpha             Significance level, in (0, 1), e.g. 0.05.
 * @param[in]  power             Probability of detecting it, in (0, 1), e.g. 0.8.
 * @param[out] customers_per_arm n, customers in each of the two groups (not rounded).
 * @return #RT_OK; #RT_EINVAL if @p customers_per_arm is NULL or a number is
 *         outside its range (NaN included); #RT_EUNDEFINED if the rates are
 *         equal (no sample is enough) or @p power is so low that no
 *         positive n solves the equation.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_proportion_sample_size(double rate_a, double rate_b, double alpha,
                                           double power, double *customers_per_arm);

/**
 * @brief Minimum detectable effect: the smallest rate above a baseline that a
 * sample detects, two-sided.
 *
 * Solves the equation of rt_proportion_sample_size() for p_b in
 * (p_a, 1] by bisection (as R's `power.prop.test(n =, p1 =, power =)`,
 * which uses `uniroot` on [p1, 1]); the detectable lift is
 * @p rate_b - @p rate_a.
 *
 * @param[in]  rate_a            Baseline rate p_a, in [0, 1).
 * @param[in]  customers_per_arm n, customers in each group, finite and > 0.
 * @param[in]  alpha             Significance level, in (0, 1).
 * @param[in]  power             Probability of detection, in (0, 1).
 * @param[out] rate_b            The smallest p_b > p_a detected with @p power.
 * @return #RT_OK; #RT_EINVAL if @p rate_b is NULL or a number is outside
 *         its range; #RT_EUNDEFINED if even p_b = 1 is not detected with
 *         @p power (the sample is too small), or @p power is already
 *         reached at p_b = p_a; #RT_ECONVERGE if the bisection does not
 *         narrow to 1e-13 within 200 steps (it halves the bracket each
 *         step, so it always does).
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_proportion_detectable_rate(double rate_a, double customers_per_arm,
                                               double alpha, double power, double *rate_b);

/**
 * @brief A log-rank test. Initialise with rt_logrank_result_init().
 * @experimental
 * @since 1.0
 */
typedef struct rt_logrank_result {
    size_t size;                 /**< sizeof(rt_logrank_result) as the caller compiled it. */
    double chi_square;           /**< \f$ (O - E)^T V^{-1} (O - E) \f$ over all groups used but the first. */
    double p_value;              /**< P(chi-square with degrees_of_freedom >= chi_square). */
    uint32_t degrees_of_freedom; /**< groups_used - 1. */
    uint32_t groups_used;        /**< Groups with someone at risk at some event time (expected events > 0). */
} rt_logrank_result;

/**
 * @brief Initialises a log-rank result.
 * @param[out] result The struct to initialise (all zero, @c size set).
 * @param[in]  size   `sizeof(rt_logrank_result)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p result is NULL or @p size too small.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_logrank_result_init(rt_logrank_result *result, size_t size);

/**
 * @brief How a log-rank test runs. Initialise with rt_logrank_options_init().
 * @experimental
 * @since 1.1
 */
typedef struct rt_logrank_options {
    size_t size;                   /**< sizeof(rt_logrank_options) as the caller compiled it. */
    const rt_allocator *allocator; /**< Hooks of the scratch memory; NULL (default): rt_allocator_set_default()'s. */
} rt_logrank_options;

/**
 * @brief Fills log-rank options with the defaults.
 * @param[out] options The struct to initialise.
 * @param[in]  size    `sizeof(rt_logrank_options)` as the caller sees it.
 * @return #RT_OK; #RT_EINVAL if @p options is NULL or @p size too small.
 * @experimental
 * @since 1.1
 */
RT_API rt_status rt_logrank_options_init(rt_logrank_options *options, size_t size);

/**
 * @brief Log-rank test: do two or more groups have the same survival curve?
 *
 * At each distinct time t with d_t events among n_t subjects at risk
 * (subjects whose time is at least t), group j expects
 * \f$ d_t n_{jt} / n_t \f$ of the events; O_j and E_j sum the observed and
 * expected events, and V the hypergeometric covariances
 * \f$ d_t (n_t - d_t) / (n_t - 1) \cdot (n_{jt}/n_t)(\delta_{jl} - n_{lt}/n_t) \f$.
 * As R's `survival::survdiff()` (rho = 0) does, groups with E_j = 0 (nobody
 * at risk when an event happens) are left out, then the first group used;
 * the statistic is \f$ (O - E)^T V^{-1} (O - E) \f$ on the rest, with
 * groups_used - 1 degrees of freedom (V is solved by Cholesky). A censored
 * time equal to an event time counts as at risk at it.
 *
 * Runs in O(count log count + distinct times x groups²) time and
 * O(count + groups²) memory, from the options' allocator.
 *
 * @param[in]  times       @p count survival or censoring times, finite and >= 0.
 * @param[in]  events      @p count flags: 1 if the time is an event (an end), 0 if censored.
 * @param[in]  groups      @p count group indices, each below @p group_count.
 * @param[in]  count       Number of subjects.
 * @param[in]  group_count Number of groups, at least 2.
 * @param[in]  options     NULL for the defaults, or options of rt_logrank_options_init().
 * @param[out] result      The test; its @c size must be set (rt_logrank_result_init()).
 * @param[out] observed    @p group_count observed events O_j, or NULL.
 * @param[out] expected    @p group_count expected events E_j, or NULL.
 * @return #RT_OK; #RT_EINVAL if @p result is NULL or too small, an input
 *         array is NULL while @p count > 0, a time is negative, NaN or
 *         infinite, an event flag is not 0 or 1, a group is not below
 *         @p group_count, or the options' allocator is invalid;
 *         #RT_EVERSION if the options or allocator struct set fields this
 *         version does not know;
 *         #RT_EUNDEFINED if @p group_count is below 2, fewer than two groups
 *         have subjects at risk at an event time (no event at all
 *         included), or V is singular; #RT_ENOMEM. Outputs are written only
 *         on #RT_OK.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_logrank_test(const double *times, const uint32_t *events,
                                 const uint32_t *groups, size_t count, uint32_t group_count,
                                 const rt_logrank_options *options, rt_logrank_result *result,
                                 double *observed, double *expected);

/**
 * @brief Retention of two groups at one offset, with intervals and a
 * two-proportion test.
 *
 * Each group's retention is pooled over its cohorts as the averaged curve
 * is (rt_metrics_retention_curve()): the sum of the cohorts' active
 * customers over the sum of their sizes, over the cohorts whose cell at
 * @p offset is observed (censored cells left out). The counts then go to
 * rt_proportion_test() with @p a as the baseline.
 *
 * Compute @p a and @p b with the same options except the segment (same
 * period, range and brackets), so that their offsets mean the same.
 *
 * @param[in]  a          Metrics of group a (the baseline).
 * @param[in]  b          Metrics of group b (the variant).
 * @param[in]  kind       #RT_RETENTION_EXACT, #RT_RETENTION_ON_OR_AFTER or #RT_RETENTION_BRACKETS.
 * @param[in]  offset     Offset k (the bracket for #RT_RETENTION_BRACKETS),
 *                        an index of both metrics' tables.
 * @param[in]  confidence Confidence level of the intervals, in (0, 1).
 * @param[out] result     The test; its @c size must be set
 *                        (rt_proportion_test_result_init()).
 * @return #RT_OK; #RT_EINVAL if a pointer is NULL, @p result is too small,
 *         @p kind is unknown (or brackets without any) or @p confidence is
 *         not in (0, 1); #RT_ERANGE if @p offset is not an index of both
 *         tables; #RT_EUNDEFINED if a group has no customer in the cohorts
 *         observed at @p offset, or the pooled rate is 0 or 1. @p result is
 *         written only on #RT_OK.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_metrics_retention_test(const rt_metrics *a, const rt_metrics *b,
                                           rt_retention_kind kind, uint32_t offset,
                                           double confidence,
                                           rt_proportion_test_result *result);

/**
 * @brief Log-rank test on the Kaplan-Meier lifetimes of two or more groups.
 *
 * Group j's customers at risk and lifetimes ended at each length t days are
 * those of its Kaplan-Meier curve (rt_metrics_survival_counts()); the test
 * is then rt_logrank_test() on them, with lifetimes in whole days. Compute
 * the groups' metrics with the same options except the segment.
 *
 * Runs in O(groups x L² + L x groups²) time for lifetimes of up to L days
 * (the public getter walks the curve from its start at each length).
 *
 * @param[in]  groups      @p group_count metrics, one per group (not modified).
 * @param[in]  group_count Number of groups, at least 2.
 * @param[in]  options     NULL for the defaults, or options of rt_logrank_options_init().
 * @param[out] result      The test; its @c size must be set (rt_logrank_result_init()).
 * @param[out] observed    @p group_count ended lifetimes O_j, or NULL.
 * @param[out] expected    @p group_count expected ends E_j, or NULL.
 * @return #RT_OK; #RT_EINVAL if @p groups, one of its metrics or @p result
 *         is NULL, @p result is too small or the options' allocator
 *         invalid; #RT_EVERSION if the options or allocator struct set
 *         fields this version does not know; #RT_EUNDEFINED if @p group_count is below 2, fewer than
 *         two groups have customers at risk when a lifetime ends, or V is
 *         singular; #RT_ENOMEM. Outputs are written only on #RT_OK.
 * @experimental
 * @since 1.0
 */
RT_API rt_status rt_metrics_logrank_test(rt_metrics *const *groups,
                                         uint32_t group_count,
                                         const rt_logrank_options *options,
                                         rt_logrank_result *result, double *observed,
                                         double *expected);

/** @} */

#endif /* RT_EXPERIMENTAL */

#ifdef __cplusplus
}
#endif

#endif /* RETENTION_COMPARE_H */
