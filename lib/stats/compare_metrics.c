/* Comparisons of groups of customers from their rt_metrics, through the
 * public getters only (the metrics' internals are not this layer's). */
#include "core/check.h"
#include "core/error.h"
#include "core/memory.h"
#include "stats/logrank.h"
#include "stats/proportions.h"
#include "core/sized_struct.h"

/* The columns of a table kind, or 0 if the kind is unknown. */
static uint32_t column_count(const rt_metrics *m, rt_retention_kind kind)
{
    switch (kind) {
    case RT_RETENTION_EXACT:
    case RT_RETENTION_ON_OR_AFTER:
        return rt_metrics_offset_count(m);
    case RT_RETENTION_BRACKETS:
        return rt_metrics_bracket_count(m);
    }
    return 0;
}

static rt_status check_column(const rt_metrics *m, rt_retention_kind kind, uint32_t offset,
                              const char *fn, const char *which)
{
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics %s is NULL", fn, which);
    if ((unsigned)kind > RT_RETENTION_BRACKETS ||
        (kind == RT_RETENTION_BRACKETS && rt_metrics_bracket_count(m) == 0))
        return rti_fail(RT_EINVAL, "%s: kind %d is unknown or %s has no brackets", fn,
                        (int)kind, which);
    if (offset >= column_count(m, kind))
        return rti_fail(RT_ERANGE, "%s: offset %u is beyond the %u columns of %s", fn,
                        (unsigned)offset, (unsigned)column_count(m, kind), which);
    return RT_OK;
}

/* Active customers and sizes summed over the cohorts observed at offset,
 * the numerator and denominator of rt_metrics_retention_curve(). */
static void pool_observed(const rt_metrics *m, rt_retention_kind kind, uint32_t offset,
                          uint64_t *active_sum, uint64_t *size_sum)
{
    uint64_t active_total = 0, size_total = 0;
    size_t cohorts = rt_metrics_cohort_count(m);
    for (size_t c = 0; c < cohorts; c++) {
        uint64_t active = 0, size = 0;
        uint32_t observed = 0;
        /* Cannot fail: the metrics, kind and offset were checked. */
        rt_metrics_retention(m, kind, c, offset, &active, &observed);
        rt_metrics_cohort(m, c, NULL, &size);
        if (observed) {
            active_total += active;
            size_total += size;
        }
    }
    *active_sum = active_total;
    *size_sum = size_total;
}

rt_status rt_metrics_retention_test(const rt_metrics *a, const rt_metrics *b,
                                    rt_retention_kind kind, uint32_t offset,
                                    double confidence, rt_proportion_test_result *result)
{
    static const char fn[] = "rt_metrics_retention_test";
    RTI_TRY(rti_sized_result_check(result, RTI_PROPORTION_TEST_MIN_SIZE, fn));
    RTI_TRY(check_column(a, kind, offset, fn, "a"));
    RTI_TRY(check_column(b, kind, offset, fn, "b"));
    uint64_t retained_a, customers_a, retained_b, customers_b;
    pool_observed(a, kind, offset, &retained_a, &customers_a);
    pool_observed(b, kind, offset, &retained_b, &customers_b);
    return rti_proportion_test(retained_a, customers_a, retained_b, customers_b, confidence,
                               result, fn);
}

/* Lifetimes 0 .. count - 1 days have Kaplan-Meier counts: the range from
 * the first cohort's start to the end of observation. */
static uint32_t lifetime_count(const rt_metrics *m)
{
    int32_t first_day, last_day, start_day;
    if (rt_metrics_cohort_count(m) == 0 || rt_metrics_day_range(m, &first_day, &last_day) ||
        rt_metrics_cohort(m, 0, &start_day, NULL) || last_day < start_day)
        return 0;
    return (uint32_t)(last_day - start_day) + 1;
}

static rt_status check_groups(rt_metrics *const *groups, uint32_t group_count,
                              const char *fn)
{
    if (groups == NULL)
        return rti_fail(RT_EINVAL, "%s: groups is NULL", fn);
    for (uint32_t j = 0; j < group_count; j++) {
        if (groups[j] == NULL)
            return rti_fail(RT_EINVAL, "%s: groups[%u] is NULL", fn, (unsigned)j);
    }
    if (group_count < 2)
        return rti_fail(RT_EUNDEFINED, "%s: group_count %u; the test compares two or more",
                        fn, (unsigned)group_count);
    return RT_OK;
}

/* Feeds each day's at-risk and ended counts of every group to the sums. */
static void add_lifetimes(rt_metrics *const *groups, const uint32_t *lengths,
                          uint32_t longest, double *at_risk, double *ended, rti_logrank *lr)
{
    uint32_t k = lr->group_count;
    for (uint32_t t = 0; t < longest; t++) {
        for (uint32_t j = 0; j < k; j++) {
            uint64_t n = 0, d = 0;
            if (t < lengths[j])  /* cannot fail inside the range */
                rt_metrics_survival_counts(groups[j], t, &n, &d);
            at_risk[j] = (double)n;
            ended[j] = (double)d;
        }
        rti_logrank_add(lr, at_risk, ended);
    }
}

rt_status rt_metrics_logrank_test(rt_metrics *const *groups, uint32_t group_count,
                                  const rt_logrank_options *options, rt_logrank_result *result,
                                  double *observed, double *expected)
{
    static const char fn[] = "rt_metrics_logrank_test";
    RTI_TRY(rti_sized_result_check(result, RTI_LOGRANK_MIN_SIZE, fn));
    RTI_TRY(check_groups(groups, group_count, fn));
    rti_allocator a;
    RTI_TRY(rti_logrank_allocator(options, &a, fn));
    rti_logrank lr = {0};
    /* Per group: its lifetime range, at risk and ended at one day. */
    uint32_t *lengths = rti_alloc_array(&a, group_count, sizeof *lengths);
    double *counts = rti_alloc_array(&a, group_count, 2 * sizeof *counts);
    rt_status st = lengths && counts ? rti_logrank_init(&lr, &a, group_count) : RT_ENOMEM;
    if (st == RT_OK) {
        uint32_t longest = 0;
        for (uint32_t j = 0; j < group_count; j++) {
            lengths[j] = lifetime_count(groups[j]);
            longest = lengths[j] > longest ? lengths[j] : longest;
        }
        add_lifetimes(groups, lengths, longest, counts, counts + group_count, &lr);
        st = rti_logrank_finish(&lr, fn, result, observed, expected);
    } else {
        st = rti_fail(st, "%s: out of memory", fn);
    }
    rti_logrank_free(&lr, &a);
    rti_free(&a, lengths);
    rti_free(&a, counts);
    return st;
}
