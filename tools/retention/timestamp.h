/* Timestamps of the input, in the form --time-format names: Unix seconds,
 * milliseconds or microseconds; ISO 8601 date-times (with an offset, or
 * local to the cohort's) and dates (local days); YYYYMMDD dates; or a
 * strftime-style pattern. With auto, the first value of the column
 * decides the form (time_format_guess) and the others must have it. */
#ifndef TIMESTAMP_H
#define TIMESTAMP_H

#include <stdint.h>

typedef enum time_kind {
    TIME_AUTO, TIME_UNIX, TIME_UNIX_MS, TIME_UNIX_US, TIME_ISO, TIME_YYYYMMDD, TIME_PATTERN
} time_kind;

typedef struct time_format {
    time_kind kind;
    const char *pattern;   /* TIME_PATTERN: %Y %y %m %b %d %H %M %S %z %% and literals */
} time_format;

/* The reason parse_time gives when the text does not have the form of the
 * format at all (another format's value), as opposed to a value of that
 * form that is no time (a 30th of February, an hour 25, out of range). */
extern const char TIME_WRONG_FORM[];

/* Reads a --time-format value: auto, unix, unix-ms, unix-us, iso,
 * yyyymmdd, or a pattern (any text with a %; it keeps the pointer). NULL,
 * or why it is none of them. */
const char *time_format_parse(const char *text, time_format *format);

/* The name --time-format gives the format (a pattern is its own name). */
const char *time_format_name(const time_format *format);

/* What values of the format look like, for messages: "Unix seconds", ... */
const char *time_format_description(const time_format *format);

/* The form of the first value of a column, for auto: ten digits (an
 * optional sign, an optional fraction) are Unix seconds, 13 milliseconds,
 * 16 microseconds; eight digits that are a date YYYYMMDD; "YYYY-" an ISO
 * 8601 date or date-time. Returns NULL with *format set; else a reason,
 * with *undecidable set to 1 when the value is all digits of another kind
 * (an Excel serial day, a 9-digit epoch): the column cannot be read
 * without --time-format. */
const char *time_format_guess(const char *text, time_format *format, int *undecidable);

/* Parses text in the given format (not auto) into Unix seconds;
 * local_offset (seconds east of UTC) applies to dates and date-times
 * without an offset. Fractions of a second are dropped (rounded down to
 * the second, so that the day is right also before 1970). Returns NULL, or
 * a reason (TIME_WRONG_FORM when the text is not of the format's form; a
 * time more than 100 years from 1970, the library's range, is an error,
 * also with digits beyond 64 bits) and leaves *unix_seconds alone. */
const char *parse_time(const time_format *format, const char *text, int32_t local_offset,
                       int64_t *unix_seconds);

/* Unix seconds (all digits, with a sign) or ISO 8601, as --as-of is read
 * when the log's own format does not fit it. */
const char *parse_timestamp(const char *text, int32_t local_offset, int64_t *unix_seconds);

/* The calendar date of a day number (days since 1970-01-01). */
void day_to_date(int32_t day, int32_t *year, uint32_t *month, uint32_t *mday);

/* Formats a day number as YYYY-MM-DD into out. */
void format_day(int32_t day, char out[32]);

#endif
