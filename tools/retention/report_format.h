/* Numbers as the report's reader reads them: thousands separators,
 * percentages, dates, and the nice round steps of an axis. */
#ifndef REPORT_FORMAT_H
#define REPORT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

enum { NUMBER_TEXT = 48 };

/* A count with thousands separators: 12,345. */
void format_count(double value, char out[NUMBER_TEXT]);
/* A real with the given decimals and thousands separators: 1,234.56. */
void format_amount(double value, int decimals, char out[NUMBER_TEXT]);
/* A share in [0, 1] as a percentage with the given decimals: "12.5 %". */
void format_percent(double share, int decimals, char out[NUMBER_TEXT]);

/* The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten) that
 * is at least x; x > 0. */
double nice_step(double x);
/* The top of an axis from 0 that holds max in about `ticks` nice steps;
 * its step in *step. A max of 0 (or less) gives an axis to 1. */
double nice_axis_top(double max, int ticks, double *step);

/* Day ticks for a time axis over [first, last]: the step in days (1, 2,
 * 7, 14) or, for long ranges, whole months (*months > 0, ticks on the
 * 1st). At most max_ticks ticks. */
void day_tick_step(int32_t first, int32_t last, int max_ticks, int *days, int *months);
/* The first day of the month after day (or day itself when it is a 1st);
 * INT32_MAX beyond the library's calendar (100 years from 1970). */
int32_t month_start_on_or_after(int32_t day);
/* day plus whole months, on the 1st of its month; INT32_MAX beyond it. */
int32_t add_months(int32_t first_of_month, int months);

#endif
