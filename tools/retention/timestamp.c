#include "timestamp.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <retention.h>

#include "time_fields.h"

const char TIME_WRONG_FORM[] = "not of the time format";
const char TIME_OUT_OF_RANGE[] = "time more than 100 years from 1970";

int time_digits(const char *s, int n, int *value)
{
    *value = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        *value = *value * 10 + (s[i] - '0');
    }
    return 1;
}

const char *time_offset(const char **s, int32_t *offset)
{
    const char *p = *s;
    if (*p == 'Z') {
        *offset = 0;
        *s = p + 1;
        return NULL;
    }
    int hours, minutes = 0, sign = *p == '-' ? -1 : 1;
    if ((*p != '+' && *p != '-') || !time_digits(p + 1, 2, &hours))
        return "bad UTC offset";
    p += 3;
    if (*p == ':' || isdigit((unsigned char)*p)) {
        p += *p == ':';
        if (!time_digits(p, 2, &minutes))
            return "bad UTC offset";
        p += 2;
    }
    if (hours > 18 || minutes > 59)
        return "UTC offset out of range";
    *offset = sign * (hours * 3600 + minutes * 60);
    *s = p;
    return NULL;
}

const char *time_from_fields(int year, int month, int mday, int hour, int minute, int second,
                             int32_t offset, int64_t *unix_seconds)
{
    int32_t day;
    if (month < 1 || mday < 1 ||
        rt_day_from_date(year, (uint32_t)month, (uint32_t)mday, &day) != RT_OK)
        return "no such date, or more than 100 years from 1970";
    if (hour > 23 || minute > 59 || second > 60)  /* 60: a leap second */
        return "bad time of day";
    int64_t t = (int64_t)day * 86400 + hour * 3600 + minute * 60 + second - offset;
    if (t < -TIME_MAX_ABS_SECONDS || t > TIME_MAX_ABS_SECONDS)
        return TIME_OUT_OF_RANGE;  /* a date at the edge, pushed over by its time or offset */
    *unix_seconds = t;
    return NULL;
}

/* Whole units since 1970 with an optional sign and fraction, as seconds:
 * rounded down, so that -0.5 s is a second before 1970, on its day. One
 * pass over the digits: every time of a log passes here. */
static const char *parse_unix(const char *text, int64_t unit, int64_t *unix_seconds)
{
    int negative = *text == '-';
    const char *s = text + (*text == '-' || *text == '+');
    const char *p = s;
    while (*p == '0')
        p++;
    const char *significant = p;
    uint64_t v = 0;  /* the first 19 significant digits: below 2^64 */
    for (; time_is_digit(*p); p++)
        if (p - significant < 19)
            v = v * 10 + (uint64_t)(*p - '0');
    if (p == s)
        return TIME_WRONG_FORM;
    ptrdiff_t significant_digits = p - significant;
    int inexact = 0;
    if (*p == '.') {
        const char *fraction = ++p;
        for (; time_is_digit(*p); p++)
            inexact |= *p != '0';
        if (p == fraction)
            return TIME_WRONG_FORM;
    }
    if (*p != '\0')
        return TIME_WRONG_FORM;
    /* Below the bound, every step stays below 2^63: no overflow. */
    const uint64_t bound = (uint64_t)(TIME_MAX_ABS_SECONDS + 1) * (uint64_t)unit;
    if (significant_digits > 19 || v > bound)
        return TIME_OUT_OF_RANGE;
    int64_t units = negative ? -(int64_t)v - inexact : (int64_t)v;
    int64_t seconds = unit == 1 ? units  /* most logs: no division */
                                : units / unit - (units % unit < 0);  /* floor */
    if (seconds < -TIME_MAX_ABS_SECONDS || seconds > TIME_MAX_ABS_SECONDS)
        return TIME_OUT_OF_RANGE;
    *unix_seconds = seconds;
    return NULL;
}

/* The time of day after "YYYY-MM-DD": "THH:MM", ":SS" and a fraction
 * optional (dropped), then the offset or nothing. */
static const char *parse_iso_rest(const char *rest, int *hour, int *minute, int *second,
                                  int32_t *offset)
{
    if (*rest == 'T' || *rest == ' ') {
        if (!time_digits(rest + 1, 2, hour) || rest[3] != ':' ||
            !time_digits(rest + 4, 2, minute))
            return "bad time of day";
        rest += 6;
        if (*rest == ':') {
            if (!time_digits(rest + 1, 2, second))
                return "bad seconds";
            rest += 3;
            if (*rest == '.')
                for (rest++; isdigit((unsigned char)*rest); rest++)
                    ;
        }
    }
    if (*rest == '\0')
        return NULL;  /* the local offset, already in *offset */
    const char *why = time_offset(&rest, offset);
    return why ? why : *rest != '\0' ? "bad UTC offset" : NULL;
}

static const char *parse_iso(const char *text, int32_t local_offset, int64_t *unix_seconds)
{
    int year, month, mday, hour = 0, minute = 0, second = 0;
    if (!time_digits(text, 4, &year) || text[4] != '-' || !time_digits(text + 5, 2, &month) ||
        text[7] != '-' || !time_digits(text + 8, 2, &mday))
        return TIME_WRONG_FORM;
    int32_t offset = local_offset;
    const char *why = parse_iso_rest(text + 10, &hour, &minute, &second, &offset);
    if (why)
        return why;
    return time_from_fields(year, month, mday, hour, minute, second, offset, unix_seconds);
}

static int all_digits(const char *s)
{
    return *s != '\0' && strspn(s, "0123456789") == strlen(s);
}

static const char *parse_yyyymmdd(const char *text, int32_t local_offset, int64_t *unix_seconds)
{
    int year, month, mday;
    if (strlen(text) != 8 || !all_digits(text))
        return TIME_WRONG_FORM;
    time_digits(text, 4, &year);
    time_digits(text + 4, 2, &month);
    time_digits(text + 6, 2, &mday);
    return time_from_fields(year, month, mday, 0, 0, 0, local_offset, unix_seconds);
}

const char *parse_time(const time_format *format, const char *text, int32_t local_offset,
                       int64_t *unix_seconds)
{
    switch (format->kind) {
    case TIME_UNIX:
        return parse_unix(text, 1, unix_seconds);
    case TIME_UNIX_MS:
        return parse_unix(text, 1000, unix_seconds);
    case TIME_UNIX_US:
        return parse_unix(text, 1000000, unix_seconds);
    case TIME_ISO:
        return parse_iso(text, local_offset, unix_seconds);
    case TIME_YYYYMMDD:
        return parse_yyyymmdd(text, local_offset, unix_seconds);
    case TIME_PATTERN:
        return time_pattern_read(format->pattern, text, local_offset, unix_seconds);
    case TIME_AUTO:
        break;
    }
    return "no time format chosen";
}

const char *parse_timestamp(const char *text, int32_t local_offset, int64_t *unix_seconds)
{
    if (all_digits(text + (text[0] == '-' || text[0] == '+')))
        return parse_unix(text, 1, unix_seconds);
    const char *why = parse_iso(text, local_offset, unix_seconds);
    return why == TIME_WRONG_FORM ? "not Unix seconds, an ISO 8601 date-time or a date" : why;
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
