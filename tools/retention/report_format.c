/* Numbers for people: the report prints 12,345 and 12.5 %, never 1.2e+04,
 * and axes step in 1, 2, 2.5 or 5 times a power of ten. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <retention.h>

#include "report_format.h"
#include "timestamp.h"

/* Inserts a comma every three digits of the integer part of text. */
static void group_thousands(const char *text, char out[NUMBER_TEXT])
{
    const char *digits = text + (text[0] == '-');
    size_t integer = strcspn(digits, ".");
    size_t o = 0;
    if (digits != text)
        out[o++] = '-';
    for (size_t k = 0; k < integer && o < NUMBER_TEXT - 2; k++) {
        if (k > 0 && (integer - k) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[k];
    }
    snprintf(out + o, NUMBER_TEXT - o, "%s", digits + integer);
}

void format_amount(double value, int decimals, char out[NUMBER_TEXT])
{
    char plain[NUMBER_TEXT];
    if (!isfinite(value)) {
        snprintf(out, NUMBER_TEXT, "–");
        return;
    }
    snprintf(plain, sizeof plain, "%.*f", decimals, value);
    if (strcmp(plain, "-0") == 0 || strncmp(plain, "-0.", 3) == 0) {
        double back = 0;
        sscanf(plain, "%lf", &back);
        if (back == 0)  /* no "-0.0" for a tiny negative */
            memmove(plain, plain + 1, strlen(plain));
    }
    group_thousands(plain, out);
}

void format_count(double value, char out[NUMBER_TEXT])
{
    format_amount(value, 0, out);
}

void format_percent(double share, int decimals, char out[NUMBER_TEXT])
{
    char number[NUMBER_TEXT];
    format_amount(100.0 * share, decimals, number);
    size_t length = strlen(number);
    length = length > NUMBER_TEXT - 3 ? NUMBER_TEXT - 3 : length;
    memcpy(out, number, length);
    memcpy(out + length, " %", 3);
}

double nice_step(double x)
{
    double power = pow(10.0, floor(log10(x)));
    static const double factors[] = {1.0, 2.0, 2.5, 5.0, 10.0};
    for (size_t k = 0; k < sizeof factors / sizeof factors[0]; k++)
        if (factors[k] * power >= x * (1 - 1e-12))
            return factors[k] * power;
    return 10.0 * power;
}

double nice_axis_top(double max, int ticks, double *step)
{
    if (!(max > 0) || !isfinite(max))
        max = 1.0;
    *step = nice_step(max / ticks);
    return ceil(max / *step * (1 - 1e-12)) * *step;
}

void day_tick_step(int32_t first, int32_t last, int max_ticks, int *days, int *months)
{
    static const int day_steps[] = {1, 2, 7, 14};
    static const int month_steps[] = {1, 2, 3, 6, 12, 24, 60, 120};
    double span = (double)last - (double)first + 1;
    *days = 0;
    *months = 0;
    for (size_t k = 0; k < sizeof day_steps / sizeof day_steps[0]; k++)
        if (span / day_steps[k] <= max_ticks) {
            *days = day_steps[k];
            return;
        }
    for (size_t k = 0; k < sizeof month_steps / sizeof month_steps[0]; k++)
        if (span / (30.44 * month_steps[k]) <= max_ticks - 1) {
            *months = month_steps[k];
            return;
        }
    *months = 1200;
}

int32_t month_start_on_or_after(int32_t day)
{
    int32_t y, start;
    uint32_t m, d;
    day_to_date(day, &y, &m, &d);
    if (d == 1)
        return day;
    if (rt_day_from_date(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1, &start) != RT_OK)
        return INT32_MAX;  /* past the library's range: no tick there */
    return start;
}

int32_t add_months(int32_t first_of_month, int months)
{
    int32_t y, start;
    uint32_t m, d;
    day_to_date(first_of_month, &y, &m, &d);
    int64_t index = (int64_t)y * 12 + (m - 1) + months;
    if (rt_day_from_date((int32_t)(index / 12), (uint32_t)(index % 12) + 1, 1, &start) != RT_OK)
        return INT32_MAX;  /* past the library's range: the ticks end */
    return start;
}
