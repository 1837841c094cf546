/* What the subcommands share: messages, the as-of day, metrics, cells. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>

#include "commands.h"
#include "timestamp.h"

int fail(rt_status st)
{
    const char *detail = rt_last_error_message();
    if (detail != NULL && *detail != '\0')
        fprintf(stderr, "retention: %s (%s)\n", rt_strerror(st), detail);
    else
        fprintf(stderr, "retention: %s\n", rt_strerror(st));
    return 1;
}

void note(const cli *c, const char *format, ...)
{
    char text[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    if (c->format == TABLE_HTML) {  /* a sentence of its own */
        text[0] = (char)toupper((unsigned char)text[0]);
        fputs("<p>", c->out);
        html_text(c->out, text);
        fputs("</p>\n", c->out);
    } else {
        fprintf(stderr, "retention: %s\n", text);
    }
}

const char *const frequency_bucket_names[RT_FREQUENCY_BUCKETS] = {
    "new", "daily", "weekly", "monthly", "forgettable", "dormant"};

int frequency_counts(const loaded *l, const rt_frequency_options *thresholds, int32_t as_of,
                     uint64_t counts[RT_FREQUENCY_BUCKETS])
{
    rt_frequency_options o = *thresholds;
    o.as_of_day = as_of;
    rt_frequency *f;
    if (rt_cohort_frequency(l->cohort, &o, &f) != RT_OK)
        return 0;
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++)
        rt_frequency_count(f, (rt_frequency_bucket)b, &counts[b]);
    rt_frequency_free(f);
    return 1;
}

int last_full_month_churn(const loaded *l, int32_t first, int32_t last, rt_churn_result *r,
                          char month[32])
{
    int32_t y, month_start, prev_start;
    uint32_t mo, d;
    day_to_date(last, &y, &mo, &d);
    rt_day_from_date(y, mo, 1, &month_start);
    rt_day_from_date(mo == 1 ? y - 1 : y, mo == 1 ? 12 : mo - 1, 1, &prev_start);
    rt_churn_result_init(r, sizeof *r);
    if (prev_start < first ||
        rt_cohort_churn(l->cohort, prev_start, month_start - 1, NULL, r) != RT_OK)
        return 0;
    format_day(prev_start, month);
    month[7] = '\0';  /* YYYY-MM */
    return 1;
}

int compute_metrics(const loaded *l, rt_period period, uint32_t tables, rt_metrics **m)
{
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.period = period;
    o.tables = tables;
    o.use_starts = (uint32_t)l->by_start;
    rt_status st = rt_cohort_metrics(l->cohort, &o, m);
    return st == RT_OK ? 0 : fail(st);
}

/* The days the library judges: within 100 years from 1970. */
enum { FIRST_AS_OF_DAY = -36525, LAST_AS_OF_DAY = 36525 };

/* --as-of in the log's --time-format when it was given and the text has its
 * form (19970930 with yyyymmdd), else in the form the text itself shows,
 * as auto decides a column's: a date is never taken for 1970's seconds. */
static const char *as_of_time(const char *text, const time_format *format,
                              int32_t utc_offset, int64_t *t)
{
    if (format->kind != TIME_AUTO) {
        const char *why = parse_time(format, text, utc_offset, t);
        if (why != TIME_WRONG_FORM)
            return why;
    }
    time_format own;
    int undecidable;
    const char *why = time_format_guess(text, &own, &undecidable);
    return why ? "not a date (YYYY-MM-DD or YYYYMMDD) nor 10, 13 or 16 digits of Unix time"
               : parse_time(&own, text, utc_offset, t);
}

int as_of_option_day(const char *text, const time_format *format, int32_t utc_offset,
                     int32_t *day)
{
    int64_t t;
    char first[32], last[32];
    format_day(FIRST_AS_OF_DAY, first);
    format_day(LAST_AS_OF_DAY, last);
    const char *why = as_of_time(text, format, utc_offset, &t);
    int64_t local = why ? 0 : t + utc_offset;  /* days floor, also before 1970 */
    int64_t d = local / 86400 - (local % 86400 < 0);
    if (why == NULL && (d < FIRST_AS_OF_DAY || d > LAST_AS_OF_DAY))
        why = "out of range";
    if (why) {
        fprintf(stderr, "retention: --as-of %s: %s (a date from %s to %s)\n", text, why, first,
                last);
        return 0;
    }
    *day = (int32_t)d;
    return 1;
}

int as_of_day(const cli *c, const loaded *l, int32_t *day)
{
    int32_t first, last;
    if (rt_cohort_day_range(l->cohort, &first, &last) != RT_OK)
        return fail(RT_EUNDEFINED);
    *day = c->as_of ? c->as_of_day : last;  /* --as-of was checked with the options */
    return 0;
}

void table_day(table *t, int32_t day)
{
    char date[32];
    format_day(day, date);
    table_text(t, date);
}

/* Nothing to divide by is an undefined rate, not a rate of 0: unknown. */
void table_share(table *t, uint64_t part, uint64_t whole)
{
    if (whole == 0)
        table_unknown(t);
    else
        table_real(t, (double)part / (double)whole, 4);
}
