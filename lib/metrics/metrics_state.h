/* The inside of rt_metrics and the passes that fill it. */
#ifndef RTI_METRICS_STATE_H
#define RTI_METRICS_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "metrics/activity_days.h"
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
    uint64_t *exact, *on_or_after;      /* cohort_count x offset_count, row-major */
    uint32_t bracket_count;
    uint32_t *bracket_bounds;           /* bracket_count + 1, or NULL */
    uint64_t *bracket;                  /* cohort_count x bracket_count */
    uint64_t *lifecycle;                /* 4 states x cohort_count periods */
    uint32_t inactivity_days;
    uint32_t use_segment, segment;
    size_t lifetime_count;              /* lifetimes 0 .. lifetime_count - 1 days */
    uint64_t *ended, *censored;         /* lifetimes by length, lifetime_count each */
};

/* Period arithmetic for the metrics' period and weekday. */
int32_t rti_period_of_day(const rt_metrics *m, int32_t day);
int32_t rti_period_start(const rt_metrics *m, int32_t period);

/* Fills dau, wau, mau and the two histograms (zeroed) from the active days. */
rt_status rti_activity_compute(rt_metrics *m, const rti_activity_days *days);
/* Fills cohort_size, exact, on_or_after and bracket (zeroed). */
rt_status rti_retention_compute(rt_metrics *m, const rti_activity_days *days);
/* Fills lifecycle (zeroed). */
void rti_lifecycle_compute(rt_metrics *m, const rti_activity_days *days);
/* Fills ended and censored (zeroed). */
rt_status rti_survival_compute(rt_metrics *m, const rt_cohort *cohort,
                               const rti_activity_days *days);

#endif /* RTI_METRICS_STATE_H */
