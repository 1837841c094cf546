/* The report's "Revenue retention" section (--subscriptions FILE): the
 * MRR of each month with what it gained and lost, revenue's table of the
 * monthly movements, and the net and gross revenue retention of the last
 * full month in a sentence. */
#include "revenue_table.h"  /* first: the experimental tier */

#include <math.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"
#include "report.h"
#include "report_format.h"
#include "svg.h"
#include "timestamp.h"

static rt_mrr_month month_at(const rt_revenue *r, size_t k)
{
    rt_mrr_month m;
    rt_mrr_month_init(&m, sizeof m);
    rt_revenue_month(r, k, &m);
    return m;
}

static void chart_mrr(FILE *out, const rt_revenue *r)
{
    size_t n = rt_revenue_month_count(r);
    double *closing = cli_calloc(n + 1, sizeof *closing);
    double *gained = cli_calloc(n + 1, sizeof *gained), *lost = cli_calloc(n + 1, sizeof *lost);
    for (size_t k = 0; k < n; k++) {
        rt_mrr_month m = month_at(r, k);
        closing[k] = (double)m.closing / 100.0;
        gained[k] = (double)(m.new_mrr + m.expansion + m.reactivation) / 100.0;
        lost[k] = (double)(m.contraction + m.churned) / 100.0;
    }
    char first[32], x_label[96];
    format_day(month_at(r, 0).first_day, first);
    first[7] = '\0';  /* YYYY-MM */
    snprintf(x_label, sizeof x_label, "Months since %s (the first paid month)", first);
    chart_series series[] = {
        {"MRR at the close of the month", closing, NULL, NULL, 0, 0},
        {"Gained: new, expansion and reactivation", gained, NULL, NULL, 2, 0},
        {"Lost: contraction and churned", lost, NULL, NULL, 1, 1}};
    line_chart c = {
        .id = "mrr",
        .title = "Monthly recurring revenue, gained and lost, by month",
        .explain = "The MRR paying at the close of each month (on the as-of day in its "
                   "month), and the MRR its movements added and took away that month.",
        .x_label = x_label,
        .y_label = "MRR",
        .x_unit = "month",
        .n = n,
        .series = series,
        .count = 3};
    svg_line_chart(out, &c);
    free(closing);
    free(gained);
    free(lost);
}

/* The last month that ended by the as-of day; 0 if none did. */
static int last_full_month(const rt_revenue *r, rt_mrr_month *m)
{
    for (size_t k = rt_revenue_month_count(r); k-- > 0;) {
        *m = month_at(r, k);
        if (m->last_day == add_months(m->first_day, 1) - 1)
            return 1;
    }
    return 0;
}

static void rate_text(double rate, char out[NUMBER_TEXT])
{
    if (isnan(rate))
        snprintf(out, NUMBER_TEXT, "undefined (no one paid at its start)");
    else
        format_percent(rate, 1, out);
}

static void retention_sentence(FILE *out, const rt_revenue *r)
{
    rt_mrr_month m;
    if (!last_full_month(r, &m)) {
        fputs("<p>No month has ended yet: no revenue retention to show.</p>\n", out);
        return;
    }
    char month[32], nrr[NUMBER_TEXT], grr[NUMBER_TEXT];
    format_day(m.first_day, month);
    month[7] = '\0';
    rate_text(m.nrr, nrr);
    rate_text(m.grr, grr);
    fprintf(out, "<p>In %s, the last full month, the customers paying at its start kept "
                 "<strong>%s</strong> of their MRR (<strong>net revenue retention</strong>: "
                 "expansion and reactivation counted) and <strong>%s</strong> without any "
                 "growth (<strong>gross revenue retention</strong>).</p>\n", month, nrr, grr);
}

void report_revenue(const cli *html, const rt_revenue *r)
{
    FILE *out = html->out;
    if (rt_revenue_month_count(r) == 0) {
        fputs("<p>No subscription pays by the as-of day: no month to show.</p>\n", out);
        return;
    }
    fputs("<p>From the subscription log: each month's MRR opening and closing, and its "
          "movements (new, expansion, contraction, churned, reactivation) as "
          "<code>retention revenue</code> prints them; <em>nrr</em> and <em>grr</em> are the "
          "month's net and gross revenue retention, <em>_12</em> over the trailing twelve "
          "months.</p>\n", out);
    retention_sentence(out, r);
    chart_mrr(out, r);
    fputs("<div class=\"scroll numbers\">", out);
    revenue_months_table(html, r);
    fputs("</div>\n", out);
}
