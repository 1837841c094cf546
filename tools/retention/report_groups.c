/* The report's "Which group retains better?" section (--group-column):
 * the groups' retention curves on one chart, compare's table (week by
 * week, on-or-after, as the page's other curve) and the log-rank test of
 * their lifetimes in a sentence. */
#include "compare.h"  /* first: the experimental tier */

#include <math.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"
#include "report.h"
#include "report_format.h"
#include "svg.h"

enum { PALETTE = 4 };  /* colours c0 .. c3; more groups repeat them dashed */

void report_groups_options(cli *c)
{
    c->period = RT_PERIOD_WEEK;
    c->kind = RT_RETENTION_ON_OR_AFTER;
}

/* The offsets every group's metrics have (their tables are as wide as the
 * log's weeks). */
static size_t common_offsets(const groups *g)
{
    size_t n = SIZE_MAX;
    for (uint32_t i = 0; i < g->count; i++) {
        size_t k = rt_metrics_offset_count(g->metrics[i]);
        n = k < n ? k : n;
    }
    return n;
}

static void chart_groups(FILE *out, const loaded *l, const groups *g)
{
    size_t n = common_offsets(g);
    double *curves = cli_calloc((size_t)g->count * (n + 1), sizeof *curves);
    chart_series *series = cli_calloc(g->count, sizeof *series);
    for (uint32_t i = 0; i < g->count; i++) {
        double *y = curves + (size_t)i * (n + 1);
        for (size_t k = 0; k < n; k++) {
            uint64_t customers;
            if (rt_metrics_retention_curve(g->metrics[i], RT_RETENTION_ON_OR_AFTER, (uint32_t)k,
                                           &y[k], &customers) != RT_OK || customers == 0)
                y[k] = (double)NAN;
        }
        series[i] = (chart_series){group_name(l, g->segment[i]), y, NULL, NULL,
                                   (int)(i % PALETTE), i >= PALETTE};
    }
    line_chart c = {
        .id = "group-curves",
        .title = "Retention curve of each group, by weeks since first activity",
        .explain = "The share of each group's customers active again in week k or later, "
                   "averaged over the group's cohorts that reached week k. The first group "
                   "is the control.",
        .x_label = "Weeks since first activity",
        .y_label = "Share of customers",
        .x_unit = "week",
        .y_is_share = 1,
        .y_floor_top = 1.0,
        .n = n,
        .series = series,
        .count = (int)g->count};
    svg_line_chart(out, &c);
    free(series);
    free(curves);
}

/* The log-rank result as a sentence a reader can act on. */
static int logrank_sentence(const cli *c, const groups *g)
{
    rt_logrank_result r;
    rt_logrank_result_init(&r, sizeof r);
    double *observed = cli_calloc(g->count, sizeof *observed);
    double *expected = cli_calloc(g->count, sizeof *expected);
    rt_status st = groups_logrank(g, &r, observed, expected);
    free(observed);
    free(expected);
    char level[NUMBER_TEXT];
    format_percent(c->alpha, 0, level);
    if (st == RT_OK)
        fprintf(c->out, "<p>The <strong>log-rank test</strong> of the groups' lifetimes (first "
                        "to last active day, Kaplan-Meier) gives chi-square %.2f with %u "
                        "degree%s of freedom, <strong>p-value %.4f</strong>: %s at the %s "
                        "level.</p>\n",
                r.chi_square, r.degrees_of_freedom, r.degrees_of_freedom == 1 ? "" : "s",
                r.p_value, r.p_value < c->alpha ? "the groups' lifetimes differ"
                                                : "no difference between the groups' lifetimes",
                level);
    else if (st == RT_EUNDEFINED)  /* no lifetime ended yet: nothing to test */
        note(c, "log-rank test: undefined (%s)", rt_last_error_message());
    return st == RT_OK || st == RT_EUNDEFINED ? 0 : fail(st);
}

int report_groups(const cli *html, const loaded *l, const groups *g)
{
    cli weekly = *html;
    report_groups_options(&weekly);
    FILE *out = html->out;
    fputs("<p>Customers grouped by <code>", out);
    html_text(out, html->group_column);
    fputs("</code>, each by the first value of their rows; the first group, <strong>", out);
    html_text(out, group_name(l, g->segment[0]));
    fputs("</strong>, is the control. In the table, a group's <em>rate</em> is its retention "
          "curve at that week with its confidence interval (Wilson, <em>lower</em> to "
          "<em>upper</em>); <em>difference</em> and <em>p_value</em> are the difference from "
          "the control and its two-proportion test.</p>\n", out);
    note_ungrouped(&weekly, l);
    chart_groups(out, l, g);
    fputs("<div class=\"scroll numbers\">", out);
    comparison_table(&weekly, l, g);
    fputs("</div>\n", out);
    return logrank_sentence(&weekly, g);
}
