#include "fast_row.h"

#include "id_table.h"
#include "time_fields.h"

/* The digits at *p (stopping at end), their count in *digits, as a number
 * (wrapped beyond 19 digits, which no caller accepts). Ten digits, today's
 * Unix seconds, are read without a loop: a loop's exit at a length that
 * varies little is still a mispredicted branch a row. */
static uint64_t digits_at(const char **p, const char *end, size_t *digits)
{
    const char *start = *p, *s = start;
    uint64_t v = 0;
    if (end - s >= 10 && (end - s == 10 || !time_is_digit(s[10])) && time_is_digit(s[0]) &&
        time_is_digit(s[1]) && time_is_digit(s[2]) && time_is_digit(s[3]) && time_is_digit(s[4]) &&
        time_is_digit(s[5]) && time_is_digit(s[6]) && time_is_digit(s[7]) && time_is_digit(s[8]) &&
        time_is_digit(s[9])) {
        uint64_t high = (uint64_t)(s[0] - '0') * 10000 + (uint64_t)(s[1] - '0') * 1000 +
                        (uint64_t)(s[2] - '0') * 100 + (uint64_t)(s[3] - '0') * 10 +
                        (uint64_t)(s[4] - '0');
        uint64_t low = (uint64_t)(s[5] - '0') * 10000 + (uint64_t)(s[6] - '0') * 1000 +
                       (uint64_t)(s[7] - '0') * 100 + (uint64_t)(s[8] - '0') * 10 +
                       (uint64_t)(s[9] - '0');
        *digits = 10;
        *p = s + 10;
        return high * 100000 + low;
    }
    while (s < end && time_is_digit(*s)) {
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
            if (digits == 0 || digits > 19 || customer >= ID_TEXT_BASE ||
                (*start == '0' && digits > 1))
                return 0;  /* a plain number below 2^63 (19 digits never wrap) */
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
