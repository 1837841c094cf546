/* Cohort retention tables in one pass over each customer's active days.
 * Exact kind: +1 at each distinct period offset the customer was active in.
 * On-or-after kind: +1 at every offset up to the customer's last active
 * period, done as a difference (+1 at 0, -1 after the last) summed per row. */
#include "metrics/metrics_state.h"

#include <string.h>

#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"

int32_t rti_period_of_day(const rt_metrics *m, int32_t day)
{
    switch (m->period) {
    case RT_PERIOD_WEEK: return rti_week_of_day(day, m->first_weekday);
    case RT_PERIOD_MONTH: return rti_month_of_day(day);
    case RT_PERIOD_DAY: break;
    }
    return day;
}

int32_t rti_period_start(const rt_metrics *m, int32_t period)
{
    switch (m->period) {
    case RT_PERIOD_WEEK: return rti_week_start(period, m->first_weekday);
    case RT_PERIOD_MONTH: return rti_month_start(period);
    case RT_PERIOD_DAY: break;
    }
    return period;
}

/* Period index of every day from the first cohort's start to the last day:
 * one table lookup per active day instead of calendar arithmetic. */
static int32_t *period_table(rt_metrics *m, int32_t from)
{
    size_t n = (size_t)(m->last_day - from) + 1;
    int32_t *table = rti_alloc_array(&m->alloc, n, sizeof *table);
    if (table != NULL)
        for (size_t i = 0; i < n; i++)
            table[i] = rti_period_of_day(m, from + (int32_t)i);
    return table;
}

/* Custom brackets: +1 in each bracket [b_k, b_k+1) of days since the
 * customer's first activity in which they were active. */
static void add_brackets(rt_metrics *m, uint64_t *row, const int32_t *days, size_t count)
{
    uint32_t k = 0;
    for (size_t i = 0; i < count && days[i] <= m->last_day && k < m->bracket_count; i++) {
        int64_t since = (int64_t)days[i] - days[0];
        if (since < m->bracket_bounds[k])
            continue;
        while (k < m->bracket_count && since >= m->bracket_bounds[k + 1])
            k++;
        if (k < m->bracket_count) {
            row[k]++;
            k++;  /* counted once: move to the next bracket */
        }
    }
}

rt_status rti_retention_compute(rt_metrics *m, const rti_activity_days *ad)
{
    int32_t from = rti_period_start(m, m->first_period);
    int32_t *period_of = period_table(m, from);
    if (period_of == NULL)
        return RT_ENOMEM;
    uint32_t offsets = m->offset_count;
    for (size_t c = 0; c < ad->customer_count; c++) {
        const int32_t *days = ad->days + ad->offsets[c];
        size_t count = ad->offsets[c + 1] - ad->offsets[c];
        if (count == 0 || days[0] < from || days[0] > m->last_day)
            continue;  /* started before the first cohort, or after the end */
        int32_t cohort_period = period_of[days[0] - from];
        size_t row = (size_t)(cohort_period - m->first_period);
        uint64_t *exact = m->exact + row * offsets;
        m->cohort_size[row]++;
        uint32_t last_offset = 0;
        for (size_t i = 0; i < count && days[i] <= m->last_day; i++) {
            uint32_t k = (uint32_t)(period_of[days[i] - from] - cohort_period);
            if (k == last_offset && i > 0)
                continue;  /* another day of the same period */
            last_offset = k;
            if (k < offsets)
                exact[k]++;
        }
        if (m->bracket_count > 0)
            add_brackets(m, m->bracket + row * m->bracket_count, days, count);
        uint64_t *after = m->on_or_after + row * offsets;
        after[0]++;
        if (last_offset + 1 < offsets)
            after[last_offset + 1]--;  /* wraps; the row's prefix sum unwraps it */
    }
    for (size_t row = 0; row < m->cohort_count; row++) {
        uint64_t *after = m->on_or_after + row * offsets;
        for (uint32_t k = 1; k < offsets; k++)
            after[k] += after[k - 1];
    }
    rti_free(&m->alloc, period_of);
    return RT_OK;
}

uint32_t rt_metrics_bracket_count(const rt_metrics *m)
{
    return m->bracket_count;
}

size_t rt_metrics_cohort_count(const rt_metrics *m)
{
    return m->cohort_count;
}

uint32_t rt_metrics_offset_count(const rt_metrics *m)
{
    return m->offset_count;
}

rt_status rt_metrics_cohort(const rt_metrics *m, size_t cohort, int32_t *start_day,
                            uint64_t *size)
{
    static const char fn[] = "rt_metrics_cohort";
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    if (cohort >= m->cohort_count)
        return rti_fail(RT_ERANGE, "%s: cohort %zu is not below %zu", fn, cohort,
                        m->cohort_count);
    if (start_day != NULL)
        *start_day = rti_period_start(m, m->first_period + (int32_t)cohort);
    if (size != NULL)
        *size = m->cohort_size[cohort];
    return RT_OK;
}

/* One of the tables, as the getters see it. */
typedef struct table_view {
    rt_retention_kind kind;
    const uint64_t *cells;  /* cohort_count x columns, row-major */
    uint32_t columns;       /* offsets, or brackets */
} table_view;

static rt_status view_of(const char *fn, const rt_metrics *m, rt_retention_kind kind,
                         table_view *view)
{
    switch (kind) {
    case RT_RETENTION_EXACT:
        *view = (table_view){kind, m->exact, m->offset_count};
        return RT_OK;
    case RT_RETENTION_ON_OR_AFTER:
        *view = (table_view){kind, m->on_or_after, m->offset_count};
        return RT_OK;
    case RT_RETENTION_BRACKETS:
        if (m->bracket_count == 0)
            break;
        *view = (table_view){kind, m->bracket, m->bracket_count};
        return RT_OK;
    }
    return rti_fail(RT_EINVAL, "%s: unknown retention kind %d%s", fn, (int)kind,
                    kind == RT_RETENTION_BRACKETS ? " (no brackets were requested)" : "");
}

static rt_status check_column(const char *fn, const table_view *view, uint32_t column)
{
    if (column >= view->columns)
        return rti_fail(RT_ERANGE, "%s: offset %u is not below %u", fn, (unsigned)column,
                        (unsigned)view->columns);
    return RT_OK;
}

/* A cell is observed when its period (or, for a bracket, the bracket of the
 * cohort's last starter) has ended by the last day. */
static int cell_observed(const rt_metrics *m, const table_view *view, size_t cohort,
                         uint32_t column)
{
    int32_t cohort_period = m->first_period + (int32_t)cohort;
    if (view->kind == RT_RETENTION_BRACKETS) {
        int64_t last_starter = (int64_t)rti_period_start(m, cohort_period + 1) - 1;
        return last_starter + m->bracket_bounds[column + 1] - 1 <= m->last_day;
    }
    int32_t next = cohort_period + (int32_t)column + 1;
    return rti_period_start(m, next) - 1 <= m->last_day;
}

rt_status rt_metrics_retention(const rt_metrics *m, rt_retention_kind kind, size_t cohort,
                               uint32_t offset, uint64_t *active, int *observed)
{
    static const char fn[] = "rt_metrics_retention";
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    RTI_TRY(rti_check_out(active, fn, "active"));
    RTI_TRY(rti_check_out(observed, fn, "observed"));
    table_view view;
    RTI_TRY(view_of(fn, m, kind, &view));
    if (cohort >= m->cohort_count)
        return rti_fail(RT_ERANGE, "%s: cohort %zu is not below %zu", fn, cohort,
                        m->cohort_count);
    RTI_TRY(check_column(fn, &view, offset));
    int seen = cell_observed(m, &view, cohort, offset);
    *active = seen ? view.cells[cohort * view.columns + offset] : 0;
    *observed = seen;
    return RT_OK;
}

rt_status rt_metrics_retention_curve(const rt_metrics *m, rt_retention_kind kind,
                                     uint32_t offset, double *rate, uint64_t *customers)
{
    static const char fn[] = "rt_metrics_retention_curve";
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    RTI_TRY(rti_check_out(rate, fn, "rate"));
    table_view view;
    RTI_TRY(view_of(fn, m, kind, &view));
    RTI_TRY(check_column(fn, &view, offset));
    uint64_t active = 0, size = 0;
    for (size_t c = 0; c < m->cohort_count && cell_observed(m, &view, c, offset); c++) {
        active += view.cells[c * view.columns + offset];
        size += m->cohort_size[c];
    }
    if (size == 0)
        return rti_fail(RT_EUNDEFINED, "%s: no customer is observed at offset %u", fn,
                        (unsigned)offset);
    *rate = (double)active / (double)size;
    if (customers != NULL)
        *customers = size;
    return RT_OK;
}
