/* What the time parsers share (timestamp.c, time_pattern.c): reading
 * digits and UTC offsets, and turning a civil date and time into Unix
 * seconds within the library's range. Internal to the command. */
#ifndef TIME_FIELDS_H
#define TIME_FIELDS_H

#include <stdint.h>

/* The library's range (cohort.h): 100 years of 1970, 36,525 days of
 * 86,400 s either side. Checked here so that a time out of it is reported
 * with its line, and --as-of days are computed without overflow. */
#define TIME_MAX_ABS_SECONDS (36525LL * 86400)
extern const char TIME_OUT_OF_RANGE[];

/* Whether c is an ASCII digit (isdigit without its locale table: every
 * time and id of a log passes here). */
static inline int time_is_digit(char c)
{
    return (unsigned char)(c - '0') < 10;
}

/* Exactly n digits at s into *value; 0 if they are not all digits. */
int time_digits(const char *s, int n, int *value);

/* "Z", "+HH:MM", "+HHMM" or "+HH" (or "-") at *s, moving *s past it. */
const char *time_offset(const char **s, int32_t *offset);

/* The date and time of day at a UTC offset as Unix seconds: a reason if
 * the date does not exist, the time of day is out of range, or the result
 * lies beyond the library's range. */
const char *time_from_fields(int year, int month, int mday, int hour, int minute, int second,
                             int32_t offset, int64_t *unix_seconds);

/* time_pattern.c: NULL if the pattern is valid, else why not. */
const char *time_pattern_check(const char *pattern);
/* time_pattern.c: text read by the pattern (checked before). */
const char *time_pattern_read(const char *pattern, const char *text, int32_t local_offset,
                              int64_t *unix_seconds);

#endif
