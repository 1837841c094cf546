/* The inside of rt_metrics and the passes that fill it. */
#ifndef RTI_METRICS_STATE_H
#define RTI_METRICS_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "cohort/activity_days.h"
#include "core/calendar.h"
#include "core/memory.h"
#include "retention/cohort.h"
#include "retention/metrics.h"

struct rt_metrics {
    rti_allocator alloc;
    /* What was asked: merge requires these to be equal. */
    int32_t first_day, last_day;
    uint32_t wau_window_days, mau_window_days, first_weekday;
    rt_period period;
    int32_t first_period;     /* period index of cohort 0 */
    size_t cohort_count;
    uint32_t offset_count;

    size_t day_count;
    uint64_t *dau, *wau, *mau;          /* day_count each */
    uint32_t trailing_days;
    uint64_t *trailing_histogram;       /* trailing_days + 1 */
    uint64_t *range_histogram;          /* day_count + 1 */
    uint64_t *cohort_size;              /* cohort_count */
    /* The tables keep a row for each non-empty cohort only, so their memory
     * grows with the cohorts that exist, not with the range's periods. */
    uint32_t tables;                    /* rt_retention_table bits filled */
    uint32_t *row_of;                   /* cohort_count: its row, or RTI_NO_ROW if empty */
    size_t row_count;                   /* non-empty cohorts */
    uint64_t *exact, *on_or_after;      /* row_count x offset_count, row-major, or NULL */
    uint32_t bracket_count;
    uint32_t *bracket_bounds;           /* bracket_count + 1, or NULL */
    uint64_t *bracket;                  /* row_count x bracket_count, or NULL */
    uint64_t *lifecycle;                /* 4 states x cohort_count periods */
    uint32_t inactivity_days;
    uint32_t use_segment, segment;
    uint32_t use_starts;                /* cohorts and lifetimes begin at the start day */
    size_t lifetime_count;              /* lifetimes 0 .. lifetime_count - 1 days */
    uint64_t *ended, *censored;         /* lifetimes by length, lifetime_count each */
    /* The Kaplan-Meier curve built from ended and censored, so that each
     * getter is O(1) (lifetime_count each). */
    uint64_t *km_at_risk;               /* n_t */
    double *km_survival, *km_greenwood; /* S(t) and Greenwood's sum up to t */
};

#define RTI_NO_ROW UINT32_MAX

/* count (at least 1) zeroed elements from the metrics' allocator, or NULL. */
void *rti_metrics_zeroed(const rt_metrics *m, size_t count, size_t size);
/* A zeroed table of rows x columns counts, or NULL (also if the size overflows). */
uint64_t *rti_metrics_cells(const rt_metrics *m, size_t rows, uint32_t columns);

/* Period arithmetic for the metrics' period and weekday. The period of a
 * day is inline: lifecycle asks it for every active day, and by day it is
 * the day itself. */
static inline int32_t rti_period_of_day(const rt_metrics *m, int32_t day)
{
    switch (m->period) {
    case RT_PERIOD_WEEK: return rti_week_of_day(day, m->first_weekday);
    case RT_PERIOD_MONTH: return rti_month_of_day(day);
    case RT_PERIOD_DAY: break;
    }
    return day;
}
int32_t rti_period_start(const rt_metrics *m, int32_t period);

/* Fills dau, wau, mau and the two histograms (zeroed) from the active days. */
rt_status rti_activity_compute(rt_metrics *m, const rti_activity_days *days);
/* Fills cohort_size (zeroed), then allocates and fills row_of and the
 * tables asked for; RT_ENOMEM leaves them to rt_metrics_free(). */
rt_status rti_retention_compute(rt_metrics *m, const rti_activity_days *days);
/* The cells of a table's row for a cohort, or NULL when the cohort is empty
 * or the table was not computed; columns is offset_count or bracket_count. */
const uint64_t *rti_table_row(const rt_metrics *m, const uint64_t *cells, uint32_t columns,
                              size_t cohort);
/* Fills lifecycle (zeroed). */
void rti_lifecycle_compute(rt_metrics *m, const rti_activity_days *days);
/* Fills ended and censored (zeroed). */
rt_status rti_survival_compute(rt_metrics *m, const rti_cohort_view *cohort,
                               const rti_activity_days *days);
/* Fills the km_ arrays from ended and censored (again after a merge). */
void rti_survival_curve(rt_metrics *m);

#endif /* RTI_METRICS_STATE_H */
