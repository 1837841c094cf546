/* The activity lists a cohort shares between its computations: built by the
 * first computation after an add, kept until the next add (or the cohort's
 * end). Const functions may run at once on one cohort (DESIGN.md), so a
 * build is published with one compare-and-swap: threads that race each
 * build, the first to land wins, and the others free theirs and read the
 * winner's. Writers hold the caller's lock, so forgetting needs none. */
#include <stdatomic.h>

#include "cohort/activity_days.h"
#include "cohort/cohort_state.h"
#include "core/assert.h"
#include "core/check.h"

/* The shared lists, built now if there are none. */
static rt_status shared_lists(const rti_cohort_view *view, const rti_activity_days **out)
{
    rti_activity_cache *cache = view->cohort->activity;
    rti_activity_days *lists = atomic_load_explicit(&cache->lists, memory_order_acquire);
    if (lists != NULL) {
        *out = lists;
        return RT_OK;
    }
    const rti_allocator *a = &view->alloc;
    rti_activity_days *built = rti_alloc_array(a, 1, sizeof *built);
    if (built == NULL)
        return RT_ENOMEM;
    if (rti_activity_days_build(view, built) != RT_OK) {
        rti_free(a, built);
        return RT_ENOMEM;
    }
    rti_activity_days *expected = NULL;
    if (atomic_compare_exchange_strong_explicit(&cache->lists, &expected, built,
                                                memory_order_acq_rel,
                                                memory_order_acquire)) {
        *out = built;
    } else {  /* another thread published first: expected holds its lists */
        rti_activity_days_free(built, a);
        rti_free(a, built);
        *out = expected;
    }
    return RT_OK;
}

rt_status rti_cohort_activity_days(const rti_cohort_view *cohort, const uint32_t *only_segment,
                                   rti_activity_days *out)
{
    const rti_activity_days *lists;
    RTI_TRY(shared_lists(cohort, &lists));
    RTI_ASSERT(lists->listed <= cohort->customer_count);
    *out = *lists;
    out->customer_count = cohort->customer_count;  /* customers since read as empty */
    out->owned = 0;
    if (only_segment != NULL) {
        out->segments = cohort->segments;
        out->only_segment = *only_segment;
    }
    return RT_OK;
}

void rti_cohort_forget_activity(rt_cohort *c)
{
    rti_activity_days *lists = atomic_exchange_explicit(&c->activity->lists, NULL,
                                                        memory_order_acq_rel);
    if (lists != NULL) {
        rti_activity_days_free(lists, &c->alloc);
        rti_free(&c->alloc, lists);
    }
}
