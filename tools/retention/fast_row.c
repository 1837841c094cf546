#include "fast_row.h"

#include "time_fields.h"

/* The digits at *p (stopping at end), their count in *digits, as a number
 * (wrapped beyond 19 digits, which no caller accepts). */
static uint64_t digits_at(const char **p, const char *end, size_t *digits)
{
    const char *start = *p, *s = start;
    uint64_t v = 0;
    while (s < end && (unsigned char)(*s - '0') < 10) {
        v = v * 10 + (uint64_t)(*s - '0');
        s++;
    }
    *digits = (size_t)(s - start);
    *p = s;
    return v;
}

/* Moves *p to the end of a field of any other column; 0 on a quote. */
static int skip_field(const char **p, const char *end, char delimiter)
{
    const char *s = *p;
    while (s < end && *s != delimiter) {
        if (*s == '"')
            return 0;
        s++;
    }
    *p = s;
    return 1;
}

int fast_row_parse(const fast_row_shape *shape, const char *line, size_t length,
                   uint64_t *id, int64_t *unix_seconds)
{
    const char *p = line, *end = line + length;
    uint64_t customer = 0, seconds = 0;
    for (int field = 0; field < shape->fields; field++) {
        const char *start = p;
        size_t digits;
        if (field == shape->id_column) {
            customer = digits_at(&p, end, &digits);
            if (digits == 0 || digits > 18 || (*start == '0' && digits > 1))
                return 0;  /* 18 digits: below 2^63 */
        } else if (field == shape->time_column) {
            seconds = digits_at(&p, end, &digits);
            if (digits == 0 || digits > 11 || seconds > (uint64_t)TIME_MAX_ABS_SECONDS)
                return 0;
        } else if (!skip_field(&p, end, shape->delimiter)) {
            return 0;
        }
        if (field + 1 == shape->fields)
            break;
        if (p == end || *p != shape->delimiter)
            return 0;
        p++;
    }
    if (p != end)
        return 0;
    *id = customer;
    *unix_seconds = (int64_t)seconds;
    return 1;
}
