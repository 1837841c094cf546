/* Gregorian calendar arithmetic on day numbers.
 * days_from_civil/civil_from_days: H. Hinnant, "chrono-Compatible Low-Level
 * Date Algorithms" (public domain), with 400-year eras. */
#include "core/calendar.h"

int32_t rti_days_from_civil(int32_t year, uint32_t month, uint32_t mday)
{
    int32_t y = year - (month <= 2);
    int32_t era = (int32_t)rti_floor_div(y, 400);
    uint32_t yoe = (uint32_t)(y - era * 400);                              /* [0, 399] */
    uint32_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + mday - 1;
    uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                  /* [0, 146096] */
    return era * 146097 + (int32_t)doe - 719468;
}

void rti_civil_from_days(int32_t day, int32_t *year, uint32_t *month, uint32_t *mday)
{
    int32_t z = day + 719468;
    int32_t era = (int32_t)rti_floor_div(z, 146097);
    uint32_t doe = (uint32_t)(z - era * 146097);
    uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    uint32_t mp = (5 * doy + 2) / 153;
    *mday = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = (int32_t)yoe + era * 400 + (*month <= 2);
}

/* 1970-01-01 was a Thursday (ISO weekday 4); the first week starting on
 * first_weekday on or before it starts (4 - first_weekday) mod 7 days earlier. */
static int32_t week_origin(uint32_t first_weekday)
{
    return -(int32_t)((4 + 7 - first_weekday) % 7);
}

int32_t rti_week_of_day(int32_t day, uint32_t first_weekday)
{
    return (int32_t)rti_floor_div((int64_t)day - week_origin(first_weekday), 7);
}

int32_t rti_week_start(int32_t week, uint32_t first_weekday)
{
    return week * 7 + week_origin(first_weekday);
}

int32_t rti_month_of_day(int32_t day)
{
    int32_t year;
    uint32_t month, mday;
    rti_civil_from_days(day, &year, &month, &mday);
    return (year - 1970) * 12 + (int32_t)month - 1;
}

int32_t rti_month_start(int32_t month)
{
    int32_t year = 1970 + (int32_t)rti_floor_div(month, 12);
    uint32_t m = (uint32_t)(month - (year - 1970) * 12) + 1;
    return rti_days_from_civil(year, m, 1);
}
