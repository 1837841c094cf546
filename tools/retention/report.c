/* `retention report --html FILE`: one self-contained page (inline SVG, no
 * scripts, no external assets) with what the other subcommands say: the
 * key figures, the cohort heat map with the retention curve and
 * Kaplan-Meier, DAU/MAU and stickiness, the frequency spectrum with the
 * forgettable zone, the customers at risk and the lifetime values. Its
 * tables are printed by the subcommands' own code, as HTML. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "replace_file.h"
#include "report.h"
#include "timestamp.h"

enum { REPORT_TOP = 10 };  /* rows of the at-risk and lifetime-value tables */

static void page_start(FILE *out, const loaded *l, rt_metrics *day)
{
    int32_t first, last;
    char a[32], b[32];
    rt_metrics_day_range(day, &first, &last);
    format_day(first, a);
    format_day(last, b);
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                 "<title>Retention report</title><style>body{font-family:sans-serif;"
                 "max-width:760px;margin:auto}svg{display:block;margin:1em 0}"
                 "table{border-collapse:collapse;margin:1em 0}th,td{padding:2px 10px;"
                 "border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}"
                 "table{font-size:85%%}"
                 "</style></head><body>\n<h1>Retention report</h1>\n<p>%llu customers, %llu "
                 "events, %s to %s (libretention %s)</p>\n",
            (unsigned long long)rt_cohort_customer_count(l->cohort),
            (unsigned long long)rt_cohort_event_count(l->cohort), a, b, rt_version());
}

/* The lifetime-value chart and table, or why there are none. */
static void lifetime_values(const cli *html, const loaded *l, int32_t as_of)
{
    clv_customers r;
    rt_status st = clv_predict(html, l, as_of, &r);
    if (st == RT_OK) {
        chart_values(html->out, r.value, r.n);
        st = clv_print(html, &r);
    }
    if (st != RT_OK)
        note(html, "No lifetime-value model: %s", r.why ? r.why : rt_last_error_message());
    clv_free(&r);
}

/* Everything, in the order a reader asks: how many, are they staying, how
 * often they come, who is slipping, what they are worth. */
static int write_page(const cli *c, loaded *l, FILE *out, int32_t as_of, rt_metrics *day,
                      rt_metrics *week)
{
    cli html = *c;
    html.format = TABLE_HTML;
    html.out = out;
    html.top = c->top == TOP_UNSET ? REPORT_TOP : c->top;
    page_start(out, l, day);
    fputs("<h2>Key figures</h2>\n", out);
    int status = cmd_summary(&html, l);
    fputs("<h2>Retention</h2>\n", out);
    chart_cohorts(out, week, day);
    fputs("<h2>Activity</h2>\n", out);
    chart_activity(out, day);
    chart_frequency(out, l, &c->frequency, as_of);
    fputs("<h2>Customers at risk</h2>\n", out);
    status = status ? status : cmd_at_risk(&html, l);
    fputs("<h2>Lifetime value</h2>\n", out);
    lifetime_values(&html, l, as_of);
    fputs("</body></html>\n", out);
    return status;
}

/* The metrics the charts need, then the page on out; the exit status. */
static int report_to(const cli *c, loaded *l, FILE *out)
{
    int32_t as_of;
    int status = as_of_day(c, l, &as_of);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    rt_metrics *day = NULL, *week = NULL;
    o.tables = 0;  /* the daily metrics give activity and survival only */
    rt_status st = status ? RT_OK : rt_cohort_metrics(l->cohort, &o, &day);
    o.period = RT_PERIOD_WEEK;
    o.tables = RT_TABLE_EXACT | RT_TABLE_ON_OR_AFTER;
    if (!status && st == RT_OK)
        st = rt_cohort_metrics(l->cohort, &o, &week);
    if (!status && st == RT_OK)
        status = write_page(c, l, out, as_of, day, week);
    rt_metrics_free(day);
    rt_metrics_free(week);
    return status ? status : st == RT_OK ? 0 : fail(st);
}

/* A file is replaced only by a complete page: a failed run leaves the
 * previous one as it was. */
int cmd_report(const cli *c, loaded *l)
{
    const char *path = c->html ? c->html : "retention-report.html";
    if (strcmp(path, "-") == 0)
        return report_to(c, l, stdout);
    replace_file page;
    if (!replace_file_open(&page, path))
        return 1;
    int status = report_to(c, l, page.out);
    if (!replace_file_close(&page, status == 0))
        return status ? status : 1;
    printf("retention: wrote %s (%llu customers, %llu events); open it in a browser\n", path,
           (unsigned long long)rt_cohort_customer_count(l->cohort),
           (unsigned long long)rt_cohort_event_count(l->cohort));
    return 0;
}
