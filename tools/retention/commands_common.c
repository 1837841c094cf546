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

int frequency_counts(const loaded *l, int32_t as_of, uint64_t counts[RT_FREQUENCY_BUCKETS])
{
    rt_frequency_options o;
    rt_frequency_options_init(&o, sizeof o);
    o.as_of_day = as_of;
    rt_frequency *f;
    if (rt_cohort_frequency(l->cohort, &o, &f) != RT_OK)
        return 0;
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++)
        rt_frequency_count(f, (rt_frequency_bucket)b, &counts[b]);
    rt_frequency_free(f);
    return 1;
}

int compute_metrics(const loaded *l, rt_period period, uint32_t tables, rt_metrics **m)
{
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.period = period;
    o.tables = tables;
    rt_status st = rt_cohort_metrics(l->cohort, &o, m);
    return st == RT_OK ? 0 : fail(st);
}

/* --as-of in the log's own time format (19970930 in a YYYYMMDD log), else
 * as an ISO 8601 date or date-time, or Unix seconds. */
static const char *as_of_time(const cli *c, const loaded *l, int64_t *t)
{
    if (l->time.kind != TIME_AUTO) {
        const char *why = parse_time(&l->time, c->as_of, c->load.utc_offset, t);
        if (why != TIME_WRONG_FORM)
            return why;
    }
    return parse_timestamp(c->as_of, c->load.utc_offset, t);
}

int as_of_day(const cli *c, const loaded *l, int32_t *day)
{
    int32_t first, last;
    if (rt_cohort_day_range(l->cohort, &first, &last) != RT_OK)
        return fail(RT_EUNDEFINED);
    *day = last;
    if (c->as_of) {
        int64_t t;
        const char *why = as_of_time(c, l, &t);
        if (why) {
            fprintf(stderr, "retention: --as-of %s: %s\n", c->as_of, why);
            return 2;
        }
        int64_t local = t + c->load.utc_offset;  /* days floor, also before 1970 */
        *day = (int32_t)(local / 86400 - (local % 86400 < 0));
    }
    return 0;
}

void table_day(table *t, int32_t day)
{
    char date[32];
    format_day(day, date);
    table_text(t, date);
}

void table_share(table *t, uint64_t part, uint64_t whole)
{
    table_real(t, whole ? (double)part / (double)whole : 0.0, 4);
}
