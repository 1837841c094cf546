/* Civil-day arithmetic: Unix seconds -> days since 1970-01-01 at a fixed UTC
 * offset, and day -> week and month period indices. Proleptic Gregorian. */
#ifndef RTI_CALENDAR_H
#define RTI_CALENDAR_H

#include <stdint.h>

#include "retention/status.h"

/* Supported times: within 100 years of 1970 (36,525 days either side). */
#define RTI_MAX_ABS_DAY 36525
/* Days from the range's first to its last, both counted: 73051. */
#define RTI_MAX_DAY_SPAN (2 * RTI_MAX_ABS_DAY + 1)
#define RTI_MAX_ABS_SECONDS ((int64_t)RTI_MAX_ABS_DAY * 86400)
/* UTC offsets in use range from -12:00 to +14:00; accept +-18:00 as ISO 8601 does. */
#define RTI_MAX_ABS_UTC_OFFSET (18 * 3600)

/* floor(a / b) for b > 0, also for negative a (C division truncates). */
static inline int64_t rti_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q - ((a % b) < 0);
}

/* The civil day of a Unix time at a UTC offset; false if out of range. */
static inline int rti_day_of_time(int64_t unix_seconds, int32_t utc_offset_seconds,
                                  int32_t *day)
{
    if (unix_seconds < -RTI_MAX_ABS_SECONDS || unix_seconds > RTI_MAX_ABS_SECONDS)
        return 0;
    *day = (int32_t)rti_floor_div(unix_seconds + utc_offset_seconds, 86400);
    return 1;
}

/* Days since 1970-01-01 of a civil date, and back (Hinnant's algorithms). */
int32_t rti_days_from_civil(int32_t year, uint32_t month, uint32_t mday);
void rti_civil_from_days(int32_t day, int32_t *year, uint32_t *month, uint32_t *mday);

/* Index of the 7-day week containing day, weeks starting on first_weekday
 * (1 = Monday ... 7 = Sunday, ISO numbering); week 0 contains 1970-01-01. */
int32_t rti_week_of_day(int32_t day, uint32_t first_weekday);
/* First day of week index w. */
int32_t rti_week_start(int32_t week, uint32_t first_weekday);
/* Month index: (year - 1970) * 12 + month - 1. */
int32_t rti_month_of_day(int32_t day);
/* First day of month index m. */
int32_t rti_month_start(int32_t month);

#endif /* RTI_CALENDAR_H */
