/* The weekly cohort table as PostHog and Amplitude show it: one row per
 * week in which someone started, its size, and in each cell the share of
 * the cohort active k weeks later, shaded on a scale set by the weeks
 * after the first (week 0 is 100 % by definition and would wash out the
 * rest). Censored cells (the week has not ended yet) are hatched, not 0 %.
 * The newest cohorts are the ones a team acts on: when there are more
 * than fit, the oldest are left out, and the page says how many. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "report.h"
#include "report_format.h"
#include "svg.h"
#include "table.h"
#include "timestamp.h"

enum { MAX_COHORT_ROWS = 26 };

typedef struct cohort_rows {
    size_t *index;      /* the cohorts shown, oldest first */
    size_t shown, hidden;
    uint32_t columns;   /* offsets 0 .. columns - 1: the longest observed among those shown */
    double scale;       /* the largest share after week 0: the darkest colour */
} cohort_rows;

static int cell(rt_metrics *week, size_t c, uint32_t k, uint64_t *active)
{
    uint32_t observed = 0;
    return rt_metrics_retention(week, RT_RETENTION_EXACT, c, k, active, &observed) == RT_OK &&
           observed;
}

/* The newest non-empty cohorts, at most MAX_COHORT_ROWS, and the columns
 * and colour scale they need. */
static void choose_rows(rt_metrics *week, cohort_rows *r)
{
    size_t count = rt_metrics_cohort_count(week), nonempty = 0;
    r->index = cli_calloc(count + 1, sizeof *r->index);
    for (size_t c = 0; c < count; c++) {
        uint64_t size = 0;
        rt_metrics_cohort(week, c, NULL, &size);
        if (size > 0)
            r->index[nonempty++] = c;
    }
    r->hidden = nonempty > MAX_COHORT_ROWS ? nonempty - MAX_COHORT_ROWS : 0;
    r->shown = nonempty - r->hidden;
    r->index += r->hidden;
    r->columns = 1;
    r->scale = 0;
    for (size_t s = 0; s < r->shown; s++) {
        uint64_t size, active;
        rt_metrics_cohort(week, r->index[s], NULL, &size);
        for (uint32_t k = 0; k < rt_metrics_offset_count(week) && cell(week, r->index[s], k,
                                                                       &active); k++) {
            r->columns = k + 1 > r->columns ? k + 1 : r->columns;
            if (k > 0 && (double)active / (double)size > r->scale)
                r->scale = (double)active / (double)size;
        }
    }
    if (r->scale <= 0)
        r->scale = 1;
}

static void header(FILE *out, uint32_t columns)
{
    fputs("<thead><tr><th scope=\"col\">Cohort (week of)</th><th scope=\"col\">Customers</th>",
          out);
    for (uint32_t k = 0; k < columns; k++)
        fprintf(out, "<th scope=\"col\">Week %u</th>", k);
    fputs("</tr></thead>\n", out);
}

static void share_cell(FILE *out, const cohort_rows *r, const char *label, uint64_t size,
                       uint32_t k, uint64_t active)
{
    double share = (double)active / (double)size;
    char percent[NUMBER_TEXT], exact[NUMBER_TEXT], who[NUMBER_TEXT], all[NUMBER_TEXT];
    format_percent(share, share < 0.1 && share > 0 ? 1 : 0, percent);
    format_percent(share, 2, exact);
    format_count((double)active, who);
    format_count((double)size, all);
    if (k == 0) {
        fprintf(out, "<td class=\"first\" title=\"Week of %s: %s customers started\">%s</td>",
                label, all, percent);
        return;
    }
    double alpha = 0.06 + 0.84 * fmin(share / r->scale, 1.0);
    fprintf(out, "<td class=\"heat%s\" style=\"background:rgba(var(--heat),%.2f)\" "
                 "title=\"Week of %s, week %u: %s of %s active (%s)\">%s</td>",
            alpha > 0.55 ? " dark" : "", alpha, label, k, who, all, exact, percent);
}

static void row(FILE *out, rt_metrics *week, const cohort_rows *r, size_t c)
{
    int32_t start;
    uint64_t size, active;
    char label[32], all[NUMBER_TEXT];
    rt_metrics_cohort(week, c, &start, &size);
    format_day(start, label);
    format_count((double)size, all);
    fprintf(out, "<tr><th scope=\"row\" class=\"cohort\">%s</th><td class=\"n\">%s</td>", label,
            all);
    for (uint32_t k = 0; k < r->columns; k++) {
        if (cell(week, c, k, &active))
            share_cell(out, r, label, size, k, active);
        else
            fprintf(out, "<td class=\"censored\" title=\"Week of %s, week %u: not yet "
                         "observable (the week ends after the last day of the log)\"></td>",
                    label, k);
    }
    fputs("</tr>\n", out);
}

static void legend(FILE *out, const cohort_rows *r)
{
    char top[NUMBER_TEXT];
    format_percent(r->scale, 0, top);
    fputs("<ul class=\"legend\"><li>0 %&#8201;<span class=\"swatch heat\"></span>", out);
    fprintf(out, "%s (the best week after week 0)</li>", top);
    legend_entry(out, "first", "week 0: 100 % by definition, not on the scale");
    legend_entry(out, "censored", "not yet observable (not 0 %)");
    fputs("</ul>\n", out);
}

void cohort_table(FILE *out, rt_metrics *week)
{
    cohort_rows r;
    choose_rows(week, &r);
    figure_start(out, "cohorts", "Weekly cohorts: share of each week's new customers active "
                                 "again k weeks later",
                 "A cohort is the customers whose first activity fell in that week (weeks start "
                 "on Monday); each cell is the share of them active in week k after it.");
    legend(out, &r);
    if (r.hidden > 0)
        fprintf(out, "<p class=\"muted\">The newest %zu cohorts; %zu older cohort%s not shown "
                     "(<code>retention cohorts</code> lists them all).</p>\n",
                r.shown, r.hidden, r.hidden == 1 ? " is" : "s are");
    if (r.columns > 12)
        fputs("<p class=\"muted print-only\">On paper: weeks 0 to 11.</p>\n", out);
    fputs("<div class=\"scroll\"><table class=\"cohorts view\">", out);
    header(out, r.columns);
    fputs("<tbody>\n", out);
    for (size_t s = 0; s < r.shown; s++)
        row(out, week, &r, r.index[s]);
    fputs("</tbody></table></div></figure>\n", out);
    free(r.index - r.hidden);
}
