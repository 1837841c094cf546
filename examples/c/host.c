/* A minimal host: feed a few days of activity, print stickiness and the
 * first cohort's retention row.
 *   cc host.c $(pkg-config --cflags --libs retention) -o host */
#include <stdio.h>

#include <retention.h>

static int check(rt_status st, const char *what)
{
    if (st != RT_OK)
        fprintf(stderr, "%s: %s (%s)\n", what, rt_strerror(st), rt_last_error_message());
    return st != RT_OK;
}

int main(void)
{
    /* Three customers over the first week of March 2025 (day 20148 = 2025-03-01). */
    const int64_t day = 86400, start = (int64_t)20148 * day;
    const uint64_t ids[] = {1, 2, 3, 1, 2, 1, 1, 3};
    const int64_t times[] = {start, start, start + 3600, start + day, start + 2 * day,
                             start + 3 * day, start + 6 * day, start + 6 * day};
    rt_cohort *cohort;
    rt_metrics *metrics;
    if (check(rt_cohort_new(NULL, &cohort), "rt_cohort_new"))
        return 1;
    if (check(rt_cohort_add_events(cohort, ids, times, 8, NULL), "add events") ||
        check(rt_cohort_metrics(cohort, NULL, &metrics), "compute")) {
        rt_cohort_free(cohort);
        return 1;
    }
    double mean, ratio;
    rt_metrics_stickiness(metrics, 20148, 20154, &mean, &ratio);
    printf("stickiness (DAU/MAU) over the week: mean of days %.3f, sum ratio %.3f\n", mean, ratio);

    uint64_t size, active;
    uint32_t observed;
    rt_metrics_cohort(metrics, 0, NULL, &size);
    printf("cohort of 2025-03-01 (%llu customers), share active k days later:",
           (unsigned long long)size);
    for (uint32_t k = 0; k < rt_metrics_offset_count(metrics); k++) {
        rt_metrics_retention(metrics, RT_RETENTION_EXACT, 0, k, &active, &observed);
        printf(" %.0f%%", 100.0 * (double)active / (double)size);
    }
    printf("\n");
    rt_metrics_free(metrics);
    rt_cohort_free(cohort);
    return 0;
}
