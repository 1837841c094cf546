/* Searching a sorted list of distinct days. */
#ifndef RTI_DAY_SEARCH_H
#define RTI_DAY_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/assert.h"

/* Number of days[0 .. n) that are < key (days sorted ascending). The key is
 * wider than a day so that callers can ask for last_day + 1 without overflow. */
static inline size_t rti_days_before(const int32_t *days, size_t n, int64_t key)
{
    RTI_ASSERT(days != NULL || n == 0);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (days[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

#endif /* RTI_DAY_SEARCH_H */
