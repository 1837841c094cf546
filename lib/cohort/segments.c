/* Customer segments: a number per customer, set after its activity. */
#include "cohort/cohort_state.h"
#include "core/check.h"
#include "core/error.h"

static rt_status unknown_customer(const char *fn, uint64_t id)
{
    return rti_fail(RT_ENOTFOUND, "%s: customer %llu has no activity in the cohort", fn,
                    (unsigned long long)id);
}

/* The bulk set in the name of fn, the public function the caller called. */
static rt_status set_segments(const char *fn, rt_cohort *cohort, const uint64_t *customer_ids,
                              const uint32_t *segments, size_t count, size_t *bad_index)
{
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    if (count == 0)
        return RT_OK;
    if (customer_ids == NULL || segments == NULL)
        return rti_fail(RT_EINVAL, "%s: customer_ids or segments is NULL", fn);
    for (size_t i = 0; i < count; i++) {  /* check all before changing any */
        if (rti_idmap_find(&cohort->id_map, customer_ids[i]) == RTI_IDMAP_EMPTY) {
            if (bad_index != NULL)
                *bad_index = i;
            return unknown_customer(fn, customer_ids[i]);
        }
    }
    for (size_t i = 0; i < count; i++)
        cohort->segments[rti_idmap_find(&cohort->id_map, customer_ids[i])] = segments[i];
    return RT_OK;
}

rt_status rt_cohort_set_segments(rt_cohort *cohort, const uint64_t *customer_ids,
                                 const uint32_t *segments, size_t count, size_t *bad_index)
{
    return set_segments("rt_cohort_set_segments", cohort, customer_ids, segments, count,
                        bad_index);
}

rt_status rt_cohort_set_segment(rt_cohort *cohort, uint64_t customer_id, uint32_t segment)
{
    return set_segments("rt_cohort_set_segment", cohort, &customer_id, &segment, 1, NULL);
}

rt_status rt_cohort_segment(const rt_cohort *cohort, uint64_t customer_id, uint32_t *segment)
{
    static const char fn[] = "rt_cohort_segment";
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    RTI_TRY(rti_check_out(segment, fn, "segment"));
    uint32_t index = rti_idmap_find(&cohort->id_map, customer_id);
    if (index == RTI_IDMAP_EMPTY)
        return unknown_customer(fn, customer_id);
    *segment = cohort->segments[index];
    return RT_OK;
}
