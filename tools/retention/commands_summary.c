/* `retention summary`: key numbers at a glance, as name,value rows. Rows
 * whose number is undefined (no full month before the last day, nobody
 * judged for the frequency) are left out. */
#include <stdio.h>

#include "commands.h"
#include "timestamp.h"

static void named_uint(table *t, const char *name, uint64_t value)
{
    table_text(t, name);
    table_uint(t, value);
}

static void named_real(table *t, const char *name, double value)
{
    table_text(t, name);
    table_real(t, value, 4);
}

static void named_day(table *t, const char *name, int32_t day)
{
    table_text(t, name);
    table_day(t, day);
}

/* Counts, the days covered, and DAU, MAU and stickiness on the last day. */
static void activity_rows(const loaded *l, rt_metrics *m, table *t, int32_t *first,
                          int32_t *last)
{
    rt_metrics_day_range(m, first, last);
    uint64_t dau, mau;
    rt_metrics_active(m, *last, &dau, NULL, &mau);
    named_uint(t, "customers", rt_cohort_customer_count(l->cohort));
    named_uint(t, "events", rt_cohort_event_count(l->cohort));
    named_uint(t, "purchases", rt_cohort_purchase_count(l->cohort));
    named_day(t, "first_day", *first);
    named_day(t, "last_day", *last);
    named_uint(t, "dau", dau);
    named_uint(t, "mau", mau);
    if (mau)  /* always on the log's last day; undefined rows are left out */
        named_real(t, "stickiness", (double)dau / (double)mau);
}

/* Churn and retention of the last full calendar month before the last day. */
static void last_month_rows(const loaded *l, table *t, int32_t first, int32_t last)
{
    rt_churn_result r;
    char month[32];
    if (!last_full_month_churn(l, first, last, &r, month))
        return;
    table_text(t, "churn_month");
    table_text(t, month);
    if (r.rates_defined) {
        named_real(t, "churn_rate", r.churn_rate);
        named_real(t, "retention_rate", r.retention_rate);
    }
}

/* The share of judged customers (daily to forgettable) who are forgettable. */
static void frequency_rows(const cli *c, const loaded *l, table *t, int32_t as_of)
{
    uint64_t n[RT_FREQUENCY_BUCKETS], judged = 0;
    if (!frequency_counts(l, &c->frequency, as_of, n))
        return;
    for (int k = RT_FREQUENCY_DAILY; k <= RT_FREQUENCY_FORGETTABLE; k++)
        judged += n[k];
    if (judged)
        named_real(t, "forgettable_share", (double)n[RT_FREQUENCY_FORGETTABLE] / (double)judged);
}

static void at_risk_rows(const cli *c, const loaded *l, table *t, int32_t as_of)
{
    rt_risk_options o = c->risk;  /* the thresholds asked for; no values: only counted */
    o.as_of_day = as_of;
    size_t none;
    uint64_t at_risk;
    if (rt_cohort_at_risk(l->cohort, &o, NULL, NULL, NULL, 0, &none, &at_risk) == RT_OK)
        named_uint(t, "at_risk", at_risk);
}

int cmd_summary(const cli *c, loaded *l)
{
    static const char *const columns[] = {"name", "value"};
    int32_t first, last, as_of;
    rt_metrics *m;
    int status = as_of_day(c, l, &as_of);
    if (status || compute_metrics(l, RT_PERIOD_DAY, 0, &m))
        return status ? status : 1;
    table *t = BEGIN_TABLE(c, columns);
    activity_rows(l, m, t, &first, &last);
    rt_metrics_free(m);
    last_month_rows(l, t, first, last);
    frequency_rows(c, l, t, as_of);
    at_risk_rows(c, l, t, as_of);
    table_end(t);
    return 0;
}
