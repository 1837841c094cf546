/* strftime-style patterns for --time-format: %Y (four digits), %y (two:
 * 69-99 are 19xx, 00-68 20xx, as POSIX strptime), %m %d %H %M %S (one or
 * two digits, two when there are two), %b (Jan .. Dec, any case), %z (Z,
 * +HH:MM, +HHMM, +HH), %% (a %); any other character stands for itself. */
#include <ctype.h>
#include <string.h>

#include "time_fields.h"
#include "timestamp.h"

static const char DIRECTIVES[] = "YymbdHMSz%";

const char *time_pattern_check(const char *pattern)
{
    int seen[sizeof DIRECTIVES] = {0};
    for (const char *p = pattern; *p; p++) {
        if (*p != '%')
            continue;
        const char *d = p[1] ? strchr(DIRECTIVES, p[1]) : NULL;
        if (d == NULL)
            return p[1] ? "a pattern knows %Y %y %m %b %d %H %M %S %z and %%"
                        : "a pattern ends with a lone %";
        if (*d != '%' && seen[d - DIRECTIVES]++)
            return "a pattern names each field once";
        p++;
    }
    int years = seen[0] + seen[1], months = seen[2] + seen[3], days = seen[4];
    if (years != 1 || months != 1 || days != 1)
        return "a pattern needs one year (%Y or %y), month (%m or %b) and day (%d)";
    return NULL;
}

/* One or two digits (max_digits 2), or exactly four (%Y) or two (%y). */
static int read_number(const char **s, int min_digits, int max_digits, int *value)
{
    int n = 0;
    *value = 0;
    while (n < max_digits && isdigit((unsigned char)(*s)[n]))
        *value = *value * 10 + ((*s)[n++] - '0');
    *s += n;
    return n >= min_digits;
}

static int read_month_name(const char **s, int *month)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    for (int m = 0; m < 12; m++) {
        int k = 0;
        while (k < 3 && tolower((unsigned char)(*s)[k]) == names[3 * m + k])
            k++;
        if (k == 3) {
            *month = m + 1;
            *s += 3;
            return 1;
        }
    }
    return 0;
}

typedef struct fields {
    int year, month, mday, hour, minute, second;
    int32_t offset;
} fields;

/* One directive at *s; 0 if the text does not fit it. */
static const char *read_directive(char directive, const char **s, fields *f)
{
    int ok = 1, y;
    switch (directive) {
    case 'Y': ok = read_number(s, 4, 4, &f->year); break;
    case 'y':
        ok = read_number(s, 2, 2, &y);
        f->year = y < 69 ? 2000 + y : 1900 + y;
        break;
    case 'm': ok = read_number(s, 1, 2, &f->month); break;
    case 'b': ok = read_month_name(s, &f->month); break;
    case 'd': ok = read_number(s, 1, 2, &f->mday); break;
    case 'H': ok = read_number(s, 1, 2, &f->hour); break;
    case 'M': ok = read_number(s, 1, 2, &f->minute); break;
    case 'S': ok = read_number(s, 1, 2, &f->second); break;
    case 'z': return time_offset(s, &f->offset);
    default: ok = **s == '%' && (++*s, 1); break;
    }
    return ok ? NULL : TIME_WRONG_FORM;
}

const char *time_pattern_read(const char *pattern, const char *text, int32_t local_offset,
                              int64_t *unix_seconds)
{
    fields f = {0, 0, 0, 0, 0, 0, local_offset};
    const char *s = text;
    for (const char *p = pattern; *p; p++) {
        if (*p != '%') {
            if (*s++ != *p)
                return TIME_WRONG_FORM;
            continue;
        }
        const char *why = read_directive(*++p, &s, &f);
        if (why)
            return why;
    }
    if (*s != '\0')
        return TIME_WRONG_FORM;
    return time_from_fields(f.year, f.month, f.mday, f.hour, f.minute, f.second, f.offset,
                            unix_seconds);
}
