/* The subcommands over rt_metrics: activity, cohorts, survival, lifecycle. */
#include "commands.h"

int cmd_activity(const cli *c, loaded *l)
{
    static const char *const columns[] = {"day", "dau", "wau", "mau", "stickiness"};
    rt_metrics *m;
    if (compute_metrics(l, c->period, 0, &m))
        return 1;
    int32_t first, last;
    rt_metrics_day_range(m, &first, &last);
    table *t = BEGIN_TABLE(c, columns);
    for (int32_t d = first; d <= last; d++) {
        uint64_t dau, wau, mau;
        rt_metrics_active(m, d, &dau, &wau, &mau);
        table_day(t, d);
        table_uint(t, dau);
        table_uint(t, wau);
        table_uint(t, mau);
        table_share(t, dau, mau);
    }
    table_end(t);
    rt_metrics_free(m);
    return 0;
}

/* One row per cohort and offset; cells not yet observable are unknown. */
static void cohort_rows(const cli *c, rt_metrics *m, size_t k, table *t)
{
    int32_t start;
    uint64_t size;
    rt_metrics_cohort(m, k, &start, &size);
    for (uint32_t off = 0; off < rt_metrics_offset_count(m); off++) {
        uint64_t active;
        uint32_t observed;
        rt_metrics_retention(m, c->kind, k, off, &active, &observed);
        table_day(t, start);
        table_uint(t, off);
        table_uint(t, size);
        if (observed) {
            table_uint(t, active);
            table_share(t, active, size);
        } else {
            table_unknown(t);
            table_unknown(t);
        }
    }
}

/* Rows for the cohorts that have customers only: a long range of mostly
 * empty periods would otherwise print periods x offsets rows. */
int cmd_cohorts(const cli *c, loaded *l)
{
    static const char *const columns[] = {"cohort", "offset", "size", "active", "rate"};
    rt_metrics *m;
    uint32_t wanted = c->kind == RT_RETENTION_EXACT ? RT_TABLE_EXACT : RT_TABLE_ON_OR_AFTER;
    if (compute_metrics(l, c->period, wanted, &m))
        return 1;
    table *t = BEGIN_TABLE(c, columns);
    for (size_t k = 0; k < rt_metrics_cohort_count(m); k++) {
        uint64_t size;
        rt_metrics_cohort(m, k, NULL, &size);
        if (size > 0)
            cohort_rows(c, m, k, t);
    }
    table_end(t);
    rt_metrics_free(m);
    return 0;
}

/* Kaplan-Meier by day since first activity, until the library has no more. */
int cmd_survival(const cli *c, loaded *l)
{
    static const char *const columns[] = {"day", "at_risk", "ended", "survival", "lower",
                                          "upper"};
    rt_metrics *m;
    if (compute_metrics(l, RT_PERIOD_DAY, 0, &m))
        return 1;
    table *t = BEGIN_TABLE(c, columns);
    for (uint32_t day = 0;; day++) {
        uint64_t at_risk, ended;
        double s, lo, hi;
        if (rt_metrics_survival_counts(m, day, &at_risk, &ended) != RT_OK ||
            rt_metrics_survival(m, day, &s, &lo, &hi) != RT_OK)
            break;
        table_uint(t, day);
        table_uint(t, at_risk);
        table_uint(t, ended);
        table_real(t, s, 4);
        table_real(t, lo, 4);
        table_real(t, hi, 4);
    }
    table_end(t);
    rt_metrics_free(m);
    return 0;
}

int cmd_lifecycle(const cli *c, loaded *l)
{
    static const char *const columns[] = {"period", "new", "returning", "resurrecting",
                                          "dormant"};
    rt_metrics *m;
    if (compute_metrics(l, c->period, 0, &m))
        return 1;
    table *t = BEGIN_TABLE(c, columns);
    for (size_t k = 0; k < rt_metrics_cohort_count(m); k++) {
        int32_t start;
        rt_metrics_cohort(m, k, &start, NULL);
        table_day(t, start);
        for (int s = RT_LIFECYCLE_NEW; s <= RT_LIFECYCLE_DORMANT; s++) {
            uint64_t n;
            rt_metrics_lifecycle(m, k, (rt_lifecycle_state)s, &n);
            table_uint(t, n);
        }
    }
    table_end(t);
    rt_metrics_free(m);
    return 0;
}
