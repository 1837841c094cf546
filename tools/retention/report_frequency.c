/* How often customers come: the spectrum of the whole base with the
 * forgettable zone in the alert colour, then the same per segment, the
 * mostly-forgettable segments called out by name. */
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"
#include "report.h"
#include "report_format.h"
#include "svg.h"

static const char *const bucket_labels[RT_FREQUENCY_BUCKETS] = {
    "new (< 14 days)", "daily", "weekly", "monthly", "forgettable", "dormant (90+ days)"};

static void spectrum(FILE *out, const rt_frequency *f)
{
    double counts[RT_FREQUENCY_BUCKETS];
    int flags[RT_FREQUENCY_BUCKETS] = {0};
    flags[RT_FREQUENCY_FORGETTABLE] = 1;
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
        uint64_t n = 0;
        rt_frequency_count(f, (rt_frequency_bucket)b, &n);
        counts[b] = (double)n;
    }
    bar_chart c = {
        .id = "frequency",
        .title = "Usage frequency: customers by how often they come",
        .explain = "The mean interval between active days over the last 90 days: daily (up to "
                   "1.5 days), weekly (8), monthly (31), beyond that the forgettable zone, where "
                   "habits and retention die. New and dormant customers are not judged.",
        .category_label = "How often",
        .value_label = "Customers",
        .labels = bucket_labels,
        .values = counts,
        .flags = flags,
        .bar_name = "customers in the bucket",
        .flag_name = "the forgettable zone: less than once a month",
        .n = RT_FREQUENCY_BUCKETS};
    svg_bar_chart(out, &c);
}

static const char *segment_name(const loaded *l, uint32_t s)
{
    return s == 0 ? "(no segment)" : l->segments.names[s - 1];
}

static void segment_row(FILE *out, const loaded *l, const rt_frequency *f, uint32_t s,
                        int mostly)
{
    uint64_t n[RT_FREQUENCY_BUCKETS], total = 0, judged = 0;
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
        if (rt_frequency_segment_count(f, s, (rt_frequency_bucket)b, &n[b]) != RT_OK)
            return;  /* nobody in that segment */
        total += n[b];
        judged += b >= RT_FREQUENCY_DAILY && b <= RT_FREQUENCY_FORGETTABLE ? n[b] : 0;
    }
    char text[NUMBER_TEXT];
    fprintf(out, "<tr%s><th scope=\"row\">", mostly ? " class=\"flag\"" : "");
    html_text(out, segment_name(l, s));
    format_count((double)total, text);
    fprintf(out, "</th><td class=\"n\">%s</td>", text);
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
        format_count((double)n[b], text);
        fprintf(out, "<td class=\"n%s\">%s</td>", b == RT_FREQUENCY_FORGETTABLE ? " flag" : "",
                text);
    }
    if (judged)
        format_percent((double)n[RT_FREQUENCY_FORGETTABLE] / (double)judged, 1, text);
    fprintf(out, "<td class=\"n%s\">%s%s</td></tr>\n", mostly ? " flag" : "",
            judged ? text : "–", mostly ? " – mostly forgettable" : "");
}

/* The segments' names joined, for the call-out. */
static void callout(FILE *out, const loaded *l, const uint32_t *mostly, size_t count)
{
    fputs("<p class=\"callout\"><strong>Mostly forgettable:</strong> ", out);
    for (size_t k = 0; k < count; k++) {
        fputs(k ? ", " : "", out);
        html_text(out, segment_name(l, mostly[k]));
    }
    fputs(count == 1 ? ": more than half of its judged customers" : ": more than half of "
                       "their judged customers", out);
    fputs(" come less than once a month.</p>\n", out);
}

static void segments(FILE *out, const loaded *l, const rt_frequency *f)
{
    size_t count = 0;
    rt_frequency_forgettable_segments(f, NULL, 0, &count);
    uint32_t *mostly = cli_calloc(count + 1, sizeof *mostly);
    rt_frequency_forgettable_segments(f, mostly, count, &count);
    fputs("<h3>By segment</h3>\n", out);
    if (count)
        callout(out, l, mostly, count);
    else
        fputs("<p>No segment is mostly forgettable.</p>\n", out);
    fputs("<div class=\"scroll\"><table class=\"segments view\"><thead><tr><th>Segment</th>"
          "<th>Customers</th>", out);
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++)
        fprintf(out, "<th>%s</th>", frequency_bucket_names[b]);
    fputs("<th>Forgettable, of judged</th></tr></thead><tbody>\n", out);
    size_t next = 0;
    for (uint32_t s = 0; s <= l->segments.count; s++) {
        int is_mostly = next < count && mostly[next] == s;
        next += is_mostly ? 1u : 0u;
        segment_row(out, l, f, s, is_mostly);
    }
    fputs("</tbody></table></div>\n", out);
    free(mostly);
}

void chart_frequency(FILE *out, const loaded *l, const rt_frequency_options *thresholds,
                     int32_t as_of)
{
    rt_frequency_options o = *thresholds;
    o.as_of_day = as_of;
    rt_frequency *f;
    if (rt_cohort_frequency(l->cohort, &o, &f) != RT_OK) {
        fputs("<p>No usage frequency: the library could not judge the customers.</p>\n", out);
        return;
    }
    spectrum(out, f);
    if (l->segments.count > 0)
        segments(out, l, f);
    rt_frequency_free(f);
}
