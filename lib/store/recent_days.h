/* A customer's recent stored days in 32 bits: the latest day stored for it
 * and which of the 15 days before that are stored too. Comparing an event's
 * day with them drops most repeats without storing them, even when a log is
 * a little out of order or two threads read it a little apart; an older
 * day is just never known to be stored (its event is kept: a repeat costs
 * memory until the build drops it, never a result).
 *
 * The latest day, biased to be non-negative, is in the high 17 bits; bit k
 * of the low 15 says whether the day latest - 1 - k is stored. 0 is "no day
 * known": the day -2^16 is out of range (RTI_MAX_ABS_DAY). */
#ifndef RTI_RECENT_DAYS_H
#define RTI_RECENT_DAYS_H

#include <stdint.h>

#include "core/assert.h"
#include "core/calendar.h"

typedef uint32_t rti_recent_days;

#define RTI_RECENT_DAYS_NONE ((rti_recent_days)0)

enum { RTI_RECENT_BITS = 15, RTI_RECENT_BIAS = 1 << 16 };

static inline int32_t rti_recent_latest(rti_recent_days r)
{
    return (int32_t)(r >> RTI_RECENT_BITS) - RTI_RECENT_BIAS;
}

/* Whether day is known to be stored. */
static inline int rti_recent_has(rti_recent_days r, int32_t day)
{
    int32_t behind = rti_recent_latest(r) - day;
    if (behind == 0)
        return 1;
    return behind > 0 && behind <= RTI_RECENT_BITS && (r >> (behind - 1) & 1u);
}

/* r with day stored too (a day more than 15 before the latest: unchanged). */
static inline rti_recent_days rti_recent_with(rti_recent_days r, int32_t day)
{
    RTI_ASSERT(day >= -RTI_MAX_ABS_DAY - 1 && day <= RTI_MAX_ABS_DAY + 1);
    const uint32_t mask = (1u << RTI_RECENT_BITS) - 1;
    int32_t latest = rti_recent_latest(r);
    uint32_t bits = r & mask;
    if (day > latest) {
        uint32_t ahead = (uint32_t)(day - latest);  /* > 15 when r is NONE */
        bits = ahead > RTI_RECENT_BITS ? 0 : ((bits << ahead) | 1u << (ahead - 1)) & mask;
        return (uint32_t)(day + RTI_RECENT_BIAS) << RTI_RECENT_BITS | bits;
    }
    int32_t behind = latest - day;
    if (behind > 0 && behind <= RTI_RECENT_BITS)
        bits |= 1u << (behind - 1);
    return (r & ~mask) | bits;
}

#endif /* RTI_RECENT_DAYS_H */
