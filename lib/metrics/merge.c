/* rt_metrics_merge: metrics of disjoint customer sets add up. The tables
 * keep rows for non-empty cohorts only, so a cohort that is empty in the
 * destination but not in the source needs a new row: the tables are then
 * rebuilt with the union of the rows, all allocated before anything
 * changes. */
#include <string.h>

#include "core/error.h"
#include "metrics/metrics_state.h"

static int same_shape(const rt_metrics *a, const rt_metrics *b)
{
    return a->first_day == b->first_day && a->last_day == b->last_day &&
           a->wau_window_days == b->wau_window_days &&
           a->mau_window_days == b->mau_window_days &&
           a->first_weekday == b->first_weekday && a->period == b->period &&
           a->offset_count == b->offset_count && a->inactivity_days == b->inactivity_days &&
           a->use_segment == b->use_segment && a->segment == b->segment &&
           a->trailing_days == b->trailing_days && a->tables == b->tables &&
           a->use_starts == b->use_starts &&
           a->bracket_count == b->bracket_count &&
           (a->bracket_count == 0 ||
            memcmp(a->bracket_bounds, b->bracket_bounds,
                   ((size_t)a->bracket_count + 1) * sizeof(uint32_t)) == 0);
}

static void add_counts(uint64_t *into, const uint64_t *from, size_t n)
{
    for (size_t i = 0; from != NULL && i < n; i++)
        into[i] += from[i];
}

/* One table's rows: the ones of both, for each cohort that has a row in
 * either; rows are in cohort order. */
typedef struct table_rows {
    uint32_t *row_of;
    size_t row_count;
    uint64_t *exact, *on_or_after, *bracket;
} table_rows;

static uint64_t *zeroed_rows(const rt_metrics *m, const uint64_t *had, size_t rows,
                             uint32_t columns)
{
    if (had == NULL)
        return NULL;  /* a table that was not asked for */
    return rti_metrics_cells(m, rows, columns);
}

static void free_rows(const rt_metrics *m, table_rows *t)
{
    rti_free(&m->alloc, t->row_of);
    rti_free(&m->alloc, t->exact);
    rti_free(&m->alloc, t->on_or_after);
    rti_free(&m->alloc, t->bracket);
}

static rt_status union_rows(const rt_metrics *into, const rt_metrics *from, table_rows *t)
{
    t->row_of = rti_alloc_array(&into->alloc, into->cohort_count, sizeof *t->row_of);
    if (t->row_of == NULL)
        return RT_ENOMEM;
    t->row_count = 0;
    for (size_t k = 0; k < into->cohort_count; k++)
        t->row_of[k] = into->row_of[k] != RTI_NO_ROW || from->row_of[k] != RTI_NO_ROW
                           ? (uint32_t)t->row_count++ : RTI_NO_ROW;
    t->exact = zeroed_rows(into, into->exact, t->row_count, into->offset_count);
    t->on_or_after = zeroed_rows(into, into->on_or_after, t->row_count, into->offset_count);
    t->bracket = zeroed_rows(into, into->bracket, t->row_count, into->bracket_count);
    if ((into->exact && !t->exact) || (into->on_or_after && !t->on_or_after) ||
        (into->bracket && !t->bracket))
        return RT_ENOMEM;
    return RT_OK;
}

/* Adds a cohort's row of one table (if it has one) into the row at dst. */
static void add_row(const rt_metrics *m, uint64_t *dst, const uint64_t *cells,
                    uint32_t columns, size_t cohort)
{
    if (dst != NULL)
        add_counts(dst, rti_table_row(m, cells, columns, cohort), columns);
}

static uint64_t *row_at(uint64_t *cells, uint32_t row, uint32_t columns)
{
    return cells != NULL && row != RTI_NO_ROW ? cells + (size_t)row * columns : NULL;
}

/* Adds both metrics' rows (into's own and from's) into t, laid out by t->row_of. */
static void add_tables(table_rows *t, const rt_metrics *m)
{
    uint32_t offsets = m->offset_count, brackets = m->bracket_count;
    for (size_t k = 0; k < m->cohort_count; k++) {
        uint32_t row = t->row_of[k];
        add_row(m, row_at(t->exact, row, offsets), m->exact, offsets, k);
        add_row(m, row_at(t->on_or_after, row, offsets), m->on_or_after, offsets, k);
        add_row(m, row_at(t->bracket, row, brackets), m->bracket, brackets, k);
    }
}

static rt_status merge_tables(rt_metrics *into, const rt_metrics *from)
{
    table_rows t = {0};
    if (union_rows(into, from, &t) != RT_OK) {
        free_rows(into, &t);
        return RT_ENOMEM;
    }
    add_tables(&t, into);
    add_tables(&t, from);
    table_rows old = {into->row_of, into->row_count, into->exact, into->on_or_after,
                      into->bracket};
    free_rows(into, &old);
    into->row_of = t.row_of;
    into->row_count = t.row_count;
    into->exact = t.exact;
    into->on_or_after = t.on_or_after;
    into->bracket = t.bracket;
    return RT_OK;
}

rt_status rt_metrics_merge(rt_metrics *into, const rt_metrics *from)
{
    static const char fn[] = "rt_metrics_merge";
    if (into == NULL || from == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    if (!same_shape(into, from))
        return rti_fail(RT_EINVAL, "%s: the metrics were computed with different options "
                        "(range, period, offsets, windows, weekday, inactivity, segment, "
                        "trailing days, tables, brackets or use_starts)", fn);
    if (merge_tables(into, from) != RT_OK)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    add_counts(into->dau, from->dau, into->day_count);
    add_counts(into->wau, from->wau, into->day_count);
    add_counts(into->mau, from->mau, into->day_count);
    add_counts(into->cohort_size, from->cohort_size, into->cohort_count);
    add_counts(into->lifecycle, from->lifecycle, 4 * into->cohort_count);
    add_counts(into->trailing_histogram, from->trailing_histogram,
               (size_t)into->trailing_days + 1);
    add_counts(into->range_histogram, from->range_histogram, into->day_count + 1);
    add_counts(into->ended, from->ended, into->lifetime_count);
    add_counts(into->censored, from->censored, into->lifetime_count);
    rti_survival_curve(into);
    return RT_OK;
}
