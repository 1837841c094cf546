/* `retention report --html FILE`: one self-contained page (inline SVG, no
 * scripts, no external assets) that a product team reads without the man
 * page: the key figures with their definitions, the weekly cohort table,
 * the retention curve beside Kaplan-Meier, DAU/MAU and stickiness, the
 * frequency spectrum per segment, the customers at risk and the lifetime
 * values; with --group-column, the groups compared; with --subscriptions,
 * the revenue retention. The at-risk, lifetime-value, comparison and
 * revenue tables are printed by their subcommands' own code, as HTML. */
#include "compare.h"        /* first: the experimental tier */
#include "revenue_table.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "replace_file.h"
#include "report.h"
#include "report_format.h"
#include "timestamp.h"

enum { REPORT_TOP = 10 };  /* rows of the at-risk and lifetime-value tables */

static void page_start(FILE *out, const loaded *l, rt_metrics *day)
{
    int32_t first, last;
    char a[32], b[32], customers[NUMBER_TEXT], events[NUMBER_TEXT];
    rt_metrics_day_range(day, &first, &last);
    format_day(first, a);
    format_day(last, b);
    format_count((double)rt_cohort_customer_count(l->cohort), customers);
    format_count((double)rt_cohort_event_count(l->cohort), events);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
          "<meta name=\"color-scheme\" content=\"light dark\">"
          "<title>Retention report</title>", out);
    page_style(out);
    fprintf(out, "</head><body>\n<header><h1>Retention report</h1>\n<p class=\"muted\">%s "
                 "customers, %s events, %s to %s. Hover a cell, point or bar for its exact "
                 "figures. Made by libretention %s.</p></header>\n",
            customers, events, a, b, rt_version());
}

/* The lifetime-value section, or why there is none. */
static void lifetime_values(const cli *html, const loaded *l, int32_t as_of)
{
    clv_customers r;
    rt_status st = clv_predict(html, l, as_of, &r);
    if (st == RT_OK) {
        double total = 0;
        for (size_t i = 0; i < r.n; i++)
            total += r.value[i];
        values_assumptions(html->out, html, r.n, rt_cohort_customer_count(l->cohort), total);
        chart_values(html->out, r.value, r.n);
        fputs("<div class=\"scroll\">", html->out);
        st = clv_print(html, &r);
        fputs("</div>\n", html->out);
    }
    if (st != RT_OK)
        note(html, "No lifetime-value model: %s", r.why ? r.why : rt_last_error_message());
    clv_free(&r);
}

static void section(FILE *out, const char *id, const char *heading)
{
    fprintf(out, "</section>\n<section id=\"%s\"><h2>%s</h2>\n", id, heading);
}

/* What the options add to the page, computed before it starts so that a
 * bad group column or subscription log writes no page at all. */
typedef struct extras {
    groups groups;        /* count 0: no --group-column */
    rt_revenue *revenue;  /* NULL: no --subscriptions */
} extras;

static int extras_build(const cli *c, const loaded *l, extras *x)
{
    cli weekly = *c;
    report_groups_options(&weekly);
    int status = c->group_column ? groups_build(&weekly, l, &x->groups) : 0;
    if (status == 0 && c->subscriptions != NULL) {
        load_options o = c->load;
        o.path = c->subscriptions;
        subscription_log log;
        status = subscription_log_read(&o, &log);
        if (status == 0) {
            status = revenue_compute(c, &log, &x->revenue);
            subscription_log_free(&log);
        }
    }
    return status;
}

static void extras_free(extras *x)
{
    groups_free(&x->groups);
    rt_revenue_free(x->revenue);
}

/* Everything, in the order a reader asks: how many, are they staying, how
 * often they come, who is slipping, what they are worth. */
static int write_page(const cli *c, loaded *l, FILE *out, int32_t as_of, rt_metrics *day,
                      rt_metrics *week, const extras *x)
{
    cli html = *c;
    html.format = TABLE_HTML;
    html.out = out;
    html.top = c->top == TOP_UNSET ? REPORT_TOP : c->top;
    page_start(out, l, day);
    fputs("<main><section id=\"key-figures\"><h2>Key figures</h2>\n", out);
    key_figures(out, c, l, day, as_of);
    section(out, "retention", "Are customers staying?");
    cohort_table(out, week);
    chart_retention_curves(out, week, day);
    int status = 0;
    if (x->groups.count > 0) {
        section(out, "groups", "Which group retains better?");
        status = report_groups(&html, l, &x->groups);
    }
    section(out, "activity", "How many are active?");
    chart_activity(out, day);
    section(out, "frequency", "How often do they come?");
    chart_frequency(out, l, &c->frequency, as_of);
    section(out, "at-risk", "Customers at risk: whom to call");
    if (status == 0)
        status = report_at_risk(&html, l);
    section(out, "lifetime-value", "Lifetime value");
    lifetime_values(&html, l, as_of);
    if (x->revenue != NULL) {
        section(out, "revenue", "Revenue retention");
        report_revenue(&html, x->revenue);
    }
    fputs("</section></main></body></html>\n", out);
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
    extras x = {{0, NULL, NULL}, NULL};
    if (status == 0)
        status = extras_build(c, l, &x);
    o.use_starts = (uint32_t)l->by_start;
    o.tables = 0;  /* the daily metrics give activity and survival only */
    rt_status st = status ? RT_OK : rt_cohort_metrics(l->cohort, &o, &day);
    o.period = RT_PERIOD_WEEK;
    o.tables = RT_TABLE_EXACT | RT_TABLE_ON_OR_AFTER;
    if (!status && st == RT_OK)
        st = rt_cohort_metrics(l->cohort, &o, &week);
    if (!status && st == RT_OK)
        status = write_page(c, l, out, as_of, day, week, &x);
    extras_free(&x);
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
