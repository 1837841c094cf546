/* The --time-format names, and what auto makes of a column's first value. */
#include <string.h>

#include "time_fields.h"
#include "timestamp.h"

static const struct {
    const char *name, *description;
} KINDS[] = {
    [TIME_AUTO] = {"auto", "a time"},
    [TIME_UNIX] = {"unix", "Unix seconds"},
    [TIME_UNIX_MS] = {"unix-ms", "Unix milliseconds"},
    [TIME_UNIX_US] = {"unix-us", "Unix microseconds"},
    [TIME_ISO] = {"iso", "an ISO 8601 date or date-time"},
    [TIME_YYYYMMDD] = {"yyyymmdd", "a YYYYMMDD date"},
    [TIME_PATTERN] = {"PATTERN", "of the pattern"},
};

const char *time_format_parse(const char *text, time_format *format)
{
    if (strchr(text, '%') != NULL) {
        const char *why = time_pattern_check(text);
        if (why == NULL)
            *format = (time_format){TIME_PATTERN, text};
        return why;
    }
    for (int k = TIME_AUTO; k < TIME_PATTERN; k++)
        if (strcmp(text, KINDS[k].name) == 0) {
            *format = (time_format){(time_kind)k, NULL};
            return NULL;
        }
    return "auto, unix, unix-ms, unix-us, iso, yyyymmdd or a pattern such as "
           "'%d/%m/%Y %H:%M'";
}

const char *time_format_name(const time_format *format)
{
    return format->kind == TIME_PATTERN ? format->pattern : KINDS[format->kind].name;
}

const char *time_format_description(const time_format *format)
{
    return KINDS[format->kind].description;
}

/* Digits with an optional sign and fraction: the count of whole digits,
 * or 0 if the text is not such a number. */
static size_t whole_digits(const char *text, int *signed_or_fraction)
{
    const char *s = text + (*text == '-' || *text == '+');
    size_t whole = strspn(s, "0123456789");
    const char *end = s + whole;
    *signed_or_fraction = s != text;
    if (whole > 0 && *end == '.' && strspn(end + 1, "0123456789") > 0) {
        *signed_or_fraction = 1;
        end += 1 + strspn(end + 1, "0123456789");
    }
    return whole > 0 && *end == '\0' ? whole : 0;
}

/* Eight digits that name a day the library can hold. */
static int is_yyyymmdd(const char *text)
{
    int year, month, day;
    int64_t ignored;
    return time_digits(text, 4, &year) && time_digits(text + 4, 2, &month) &&
           time_digits(text + 6, 2, &day) && text[8] == '\0' &&
           time_from_fields(year, month, day, 0, 0, 0, 0, &ignored) == NULL;
}

/* "YYYY-MM-DD" and whatever follows. */
static int is_iso(const char *text)
{
    int year, month, day;
    return time_digits(text, 4, &year) && text[4] == '-' && time_digits(text + 5, 2, &month) &&
           text[7] == '-' && time_digits(text + 8, 2, &day);
}

const char *time_format_guess(const char *text, time_format *format, int *undecidable)
{
    int decorated;
    size_t digits = whole_digits(text, &decorated);
    time_kind kind;
    *undecidable = 0;
    if (digits == 10 || digits == 13 || digits == 16)
        kind = digits == 10 ? TIME_UNIX : digits == 13 ? TIME_UNIX_MS : TIME_UNIX_US;
    else if (digits == 8 && !decorated && is_yyyymmdd(text))
        kind = TIME_YYYYMMDD;
    else if (digits > 0)
        return *undecidable = 1, "cannot tell what the time is";
    else if (is_iso(text))
        kind = TIME_ISO;
    else
        return "not a time of a form auto knows (Unix seconds, milliseconds or microseconds, "
               "YYYYMMDD, ISO 8601): give --time-format";
    *format = (time_format){kind, NULL};
    return NULL;
}
