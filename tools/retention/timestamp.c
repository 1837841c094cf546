#include "timestamp.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <retention.h>

/* The library's range (cohort.h): 100 years of 1970, 36,525 days of 86,400 s
 * either side. Checked here so that a time out of it is reported with its
 * line, and --as-of days are computed without overflow. */
static const int64_t MAX_ABS_SECONDS = 36525LL * 86400;
static const char OUT_OF_RANGE[] = "time more than 100 years from 1970";

static int digits(const char *s, int n, int *value)
{
    *value = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        *value = *value * 10 + (s[i] - '0');
    }
    return 1;
}

/* "Z", "+HH:MM", "+HHMM", "+HH" or nothing (then the local offset). */
static const char *parse_offset(const char *s, int32_t local, int32_t *offset)
{
    if (*s == '\0') {
        *offset = local;
        return NULL;
    }
    if (strcmp(s, "Z") == 0) {
        *offset = 0;
        return NULL;
    }
    int hours, minutes = 0, sign = *s == '-' ? -1 : 1;
    if ((*s != '+' && *s != '-') || !digits(s + 1, 2, &hours))
        return "bad UTC offset";
    const char *m = s[3] == ':' ? s + 4 : s + 3;
    if (*m != '\0' && (!digits(m, 2, &minutes) || m[2] != '\0'))
        return "bad UTC offset";
    if (hours > 18 || minutes > 59)
        return "UTC offset out of range";
    *offset = sign * (hours * 3600 + minutes * 60);
    return NULL;
}

const char *parse_timestamp(const char *text, int32_t local_offset, int64_t *unix_seconds)
{
    const char *s = text + (text[0] == '-' || text[0] == '+');
    if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {  /* Unix seconds */
        errno = 0;
        long long v = strtoll(text, NULL, 10);  /* saturates, with ERANGE */
        if (errno == ERANGE || v < -MAX_ABS_SECONDS || v > MAX_ABS_SECONDS)
            return OUT_OF_RANGE;
        *unix_seconds = v;
        return NULL;
    }
    int year, month, mday, hour = 0, minute = 0, second = 0;
    if (strlen(text) < 10 || !digits(text, 4, &year) || text[4] != '-' ||
        !digits(text + 5, 2, &month) || text[7] != '-' || !digits(text + 8, 2, &mday))
        return "not Unix seconds, an ISO 8601 date-time or a date";
    int32_t day;
    if (rt_day_from_date(year, (uint32_t)month, (uint32_t)mday, &day) != RT_OK)
        return "no such date, or more than 100 years from 1970";
    const char *rest = text + 10;
    if (*rest == 'T' || *rest == ' ') {
        if (!digits(rest + 1, 2, &hour) || rest[3] != ':' || !digits(rest + 4, 2, &minute))
            return "bad time of day";
        rest += 6;
        if (*rest == ':') {
            if (!digits(rest + 1, 2, &second))
                return "bad seconds";
            rest += 3;
            if (*rest == '.')  /* fractions of a second are dropped */
                for (rest++; isdigit((unsigned char)*rest); rest++)
                    ;
        }
        if (hour > 23 || minute > 59 || second > 60)
            return "bad time of day";
    }
    int32_t offset;
    const char *why = parse_offset(rest, local_offset, &offset);
    if (why)
        return why;
    int64_t t = (int64_t)day * 86400 + hour * 3600 + minute * 60 + second - offset;
    if (t < -MAX_ABS_SECONDS || t > MAX_ABS_SECONDS)
        return OUT_OF_RANGE;  /* a date at the edge, pushed over by its time or offset */
    *unix_seconds = t;
    return NULL;
}

void day_to_date(int32_t day, int32_t *year, uint32_t *month, uint32_t *mday)
{
    /* Civil from days (Hinnant), as the library does internally. */
    int64_t z = (int64_t)day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int32_t)(yoe + era * 400 + (m <= 2));
    *month = (uint32_t)m;
    *mday = (uint32_t)d;
}

void format_day(int32_t day, char out[32])
{
    int32_t y;
    uint32_t m, d;
    day_to_date(day, &y, &m, &d);
    snprintf(out, 32, "%04d-%02u-%02u", (int)y, m, d);
}
