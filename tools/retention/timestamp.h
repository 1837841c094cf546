/* Timestamps of the input: Unix seconds, ISO 8601 date-times (with an
 * offset, or local to the cohort's), and dates (local days). */
#ifndef TIMESTAMP_H
#define TIMESTAMP_H

#include <stdint.h>

/* Parses text into Unix seconds; local_offset (seconds east of UTC) applies
 * to date-times without an offset and to dates. Returns a reason on
 * failure (also for a time more than 100 years from 1970, the library's
 * range, and for digits beyond 64 bits), NULL on success. */
const char *parse_timestamp(const char *text, int32_t local_offset, int64_t *unix_seconds);

/* The calendar date of a day number (days since 1970-01-01). */
void day_to_date(int32_t day, int32_t *year, uint32_t *month, uint32_t *mday);

/* Formats a day number as YYYY-MM-DD into out. */
void format_day(int32_t day, char out[32]);

#endif
