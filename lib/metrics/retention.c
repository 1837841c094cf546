/* Cohort retention tables: a first pass over the customers counts each
 * cohort's size, so that only non-empty cohorts get a row (an empty period
 * costs no cell); a second fills the rows of the tables asked for.
 * Exact kind: +1 at each distinct period offset the customer was active in.
 * On-or-after kind: +1 at every offset up to the customer's last active
 * period, done as a difference (+1 at 0, -1 after the last) summed per row. */
#include "metrics/metrics_state.h"

#include <string.h>

#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"

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

/* Points days and count at the customer's active days; 1 if their first day
 * falls in a cohort of the tables, 0 if they started before the first
 * cohort or after the end. */
static int cohort_days(const rt_metrics *m, const rti_activity_days *ad, size_t customer,
                       int32_t from, const int32_t **days, size_t *count)
{
    *days = rti_activity_days_of(ad, customer, count);
    return *count > 0 && (*days)[0] >= from && (*days)[0] <= m->last_day;
}

/* A row for each non-empty cohort, in cohort order, and the tables asked for. */
static rt_status allocate_tables(rt_metrics *m)
{
    m->row_of = rti_alloc_array(&m->alloc, m->cohort_count, sizeof *m->row_of);
    if (m->row_of == NULL)
        return RT_ENOMEM;
    m->row_count = 0;
    for (size_t k = 0; k < m->cohort_count; k++)
        m->row_of[k] = m->cohort_size[k] > 0 ? (uint32_t)m->row_count++ : RTI_NO_ROW;
    if (m->tables & RT_TABLE_EXACT)
        m->exact = rti_metrics_cells(m, m->row_count, m->offset_count);
    if (m->tables & RT_TABLE_ON_OR_AFTER)
        m->on_or_after = rti_metrics_cells(m, m->row_count, m->offset_count);
    if (m->bracket_count > 0)
        m->bracket = rti_metrics_cells(m, m->row_count, m->bracket_count);
    if (((m->tables & RT_TABLE_EXACT) && !m->exact) ||
        ((m->tables & RT_TABLE_ON_OR_AFTER) && !m->on_or_after) ||
        (m->bracket_count > 0 && !m->bracket))
        return RT_ENOMEM;
    return RT_OK;
}

/* +1 at each distinct period offset of the customer's activity (when exact
 * is not NULL); returns the offset of their last active period. */
static uint32_t add_exact(const rt_metrics *m, uint64_t *exact, const int32_t *days,
                          size_t count, const int32_t *period_of, int32_t from)
{
    int32_t cohort_period = period_of[days[0] - from];
    uint32_t last_offset = 0;
    for (size_t i = 0; i < count && days[i] <= m->last_day; i++) {
        uint32_t k = (uint32_t)(period_of[days[i] - from] - cohort_period);
        if (k == last_offset && i > 0)
            continue;  /* another day of the same period */
        last_offset = k;
        if (exact != NULL && k < m->offset_count)
            exact[k]++;
    }
    return last_offset;
}

static void fill_tables(rt_metrics *m, const rti_activity_days *ad, const int32_t *period_of,
                        int32_t from)
{
    uint32_t offsets = m->offset_count;
    for (size_t c = 0; c < ad->customer_count; c++) {
        const int32_t *days;
        size_t count;
        if (!cohort_days(m, ad, c, from, &days, &count))
            continue;
        size_t row = m->row_of[period_of[days[0] - from] - m->first_period];
        uint32_t last_offset = add_exact(m, m->exact ? m->exact + row * offsets : NULL, days,
                                         count, period_of, from);
        if (m->bracket_count > 0)
            add_brackets(m, m->bracket + row * m->bracket_count, days, count);
        if (m->on_or_after == NULL)
            continue;
        uint64_t *after = m->on_or_after + row * offsets;
        after[0]++;
        if (last_offset + 1 < offsets)
            after[last_offset + 1]--;  /* wraps; the row's prefix sum unwraps it */
    }
    for (size_t row = 0; m->on_or_after != NULL && row < m->row_count; row++) {
        uint64_t *after = m->on_or_after + row * offsets;
        for (uint32_t k = 1; k < offsets; k++)
            after[k] += after[k - 1];
    }
}

rt_status rti_retention_compute(rt_metrics *m, const rti_activity_days *ad)
{
    int32_t from = rti_period_start(m, m->first_period);
    int32_t *period_of = period_table(m, from);
    if (period_of == NULL)
        return RT_ENOMEM;
    for (size_t c = 0; c < ad->customer_count; c++) {
        const int32_t *days;
        size_t count;
        if (cohort_days(m, ad, c, from, &days, &count))
            m->cohort_size[period_of[days[0] - from] - m->first_period]++;
    }
    rt_status st = allocate_tables(m);
    if (st == RT_OK)
        fill_tables(m, ad, period_of, from);
    rti_free(&m->alloc, period_of);
    return st;
}

const uint64_t *rti_table_row(const rt_metrics *m, const uint64_t *cells, uint32_t columns,
                              size_t cohort)
{
    uint32_t row = m->row_of[cohort];
    return cells == NULL || row == RTI_NO_ROW ? NULL : cells + (size_t)row * columns;
}

uint32_t rt_metrics_bracket_count(const rt_metrics *m)
{
    return m == NULL ? 0 : m->bracket_count;
}

size_t rt_metrics_cohort_count(const rt_metrics *m)
{
    return m == NULL ? 0 : m->cohort_count;
}

uint32_t rt_metrics_offset_count(const rt_metrics *m)
{
    return m == NULL ? 0 : m->offset_count;
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
    const uint64_t *cells;  /* row_count x columns, row-major (rti_table_row) */
    uint32_t columns;       /* offsets, or brackets */
} table_view;

static rt_status view_of(const char *fn, const rt_metrics *m, rt_retention_kind kind,
                         table_view *view)
{
    switch (kind) {
    case RT_RETENTION_EXACT:
    case RT_RETENTION_ON_OR_AFTER: {
        uint32_t bit = kind == RT_RETENTION_EXACT ? RT_TABLE_EXACT : RT_TABLE_ON_OR_AFTER;
        if (!(m->tables & bit))
            return rti_fail(RT_EINVAL, "%s: the %s table was not computed (ask for it in "
                            "rt_metrics_options::tables)", fn,
                            kind == RT_RETENTION_EXACT ? "exact" : "on-or-after");
        *view = (table_view){kind, kind == RT_RETENTION_EXACT ? m->exact : m->on_or_after,
                             m->offset_count};
        return RT_OK;
    }
    case RT_RETENTION_BRACKETS:
        if (m->bracket_count == 0)
            break;
        *view = (table_view){kind, m->bracket, m->bracket_count};
        return RT_OK;
    }
    return rti_fail(RT_EINVAL, "%s: unknown retention kind %d%s", fn, (int)kind,
                    kind == RT_RETENTION_BRACKETS ? " (no brackets were requested)" : "");
}

/* A cell's count; 0 for an empty cohort, which has no row. */
static uint64_t cell(const rt_metrics *m, const table_view *view, size_t cohort,
                     uint32_t column)
{
    const uint64_t *row = rti_table_row(m, view->cells, view->columns, cohort);
    return row != NULL ? row[column] : 0;
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
                               uint32_t offset, uint64_t *active, uint32_t *observed)
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
    *active = seen ? cell(m, &view, cohort, offset) : 0;
    *observed = (uint32_t)seen;
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
        active += cell(m, &view, c, offset);
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
