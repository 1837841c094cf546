/* The key figures at the top of the page, for people: a label, the value
 * with its unit, and a one-line definition naming the period it covers.
 * Computed here from the library (not by `retention summary`, whose
 * machine keys stay as they are for scripts). The golden test's model
 * (tests/cli/retention_model.py, key_figures) writes the same rows. */
#include <stdarg.h>
#include <stdio.h>

#include "commands.h"
#include "report.h"
#include "report_format.h"
#include "timestamp.h"

/* One row: the figure, its value, its definition (printf-style). */
static void figure(FILE *out, const char *label, const char *value, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void figure(FILE *out, const char *label, const char *value, const char *format, ...)
{
    char definition[512];
    va_list args;
    va_start(args, format);
    vsnprintf(definition, sizeof definition, format, args);
    va_end(args);
    fputs("<tr><td>", out);
    html_text(out, label);
    fputs("</td><td class=\"n\">", out);
    html_text(out, value);
    fputs("</td><td>", out);
    html_text(out, definition);
    fputs("</td></tr>\n", out);
}

static void count_figure(FILE *out, const char *label, uint64_t n, const char *definition)
{
    char value[NUMBER_TEXT];
    format_count((double)n, value);
    figure(out, label, value, "%s", definition);
}

static void activity_figures(FILE *out, const loaded *l, rt_metrics *day)
{
    int32_t first, last;
    uint64_t dau, mau;
    char a[32], b[32], value[NUMBER_TEXT];
    rt_metrics_day_range(day, &first, &last);
    rt_metrics_active(day, last, &dau, NULL, &mau);
    format_day(first, a);
    format_day(last, b);
    format_count((double)rt_cohort_customer_count(l->cohort), value);
    figure(out, "Customers", value, "Distinct customers in the log, %s to %s (%ld days).", a, b,
           (long)(last - first) + 1);
    count_figure(out, "Events", rt_cohort_event_count(l->cohort),
                 "Rows of the log: activity and purchases.");
    count_figure(out, "Purchases", rt_cohort_purchase_count(l->cohort), "Rows with an amount.");
    format_count((double)dau, value);
    figure(out, "Daily active customers (DAU)", value, "Customers active on %s, the last day.",
           b);
    format_count((double)mau, value);
    figure(out, "Monthly active customers (MAU)", value,
           "Customers active in the 30 days up to %s.", b);
    format_percent(mau ? (double)dau / (double)mau : 0.0, 1, value);
    figure(out, "Stickiness (DAU / MAU)", value,
           "The share of the month's customers who came on the last day, %s.", b);
}

/* Churn and CRR of the last full calendar month before the last day. */
static void month_figures(FILE *out, const cli *c, const loaded *l, rt_metrics *day)
{
    int32_t first, last;
    rt_metrics_day_range(day, &first, &last);
    rt_churn_result r;
    char month[32], label[64], value[NUMBER_TEXT], kept[NUMBER_TEXT], base[NUMBER_TEXT],
        lost[NUMBER_TEXT];
    if (!last_full_month_churn(l, first, last, &r, month) || !r.rates_defined)
        return;
    format_count((double)r.retained, kept);
    format_count((double)r.at_start, base);
    format_count((double)r.lost, lost);
    snprintf(label, sizeof label, "Customer retention rate (CRR), %s", month);
    format_percent(r.retention_rate, 1, value);
    figure(out, label, value,
           "(E − N − R) / S = %s / %s: customers at the month's end (E) less the new (N) and "
           "returning (R) ones, over those at its start (S); a customer is active in the last "
           "%u days.", kept, base, (unsigned)c->load.inactivity_days);
    snprintf(label, sizeof label, "Churn rate, %s", month);
    format_percent(r.churn_rate, 1, value);
    figure(out, label, value, "Lost / S = %s / %s: customers at the start of the month who "
           "were no longer customers at its end.", lost, base);
}

static void frequency_figure(FILE *out, const cli *c, const loaded *l, int32_t as_of,
                             const char *day)
{
    uint64_t n[RT_FREQUENCY_BUCKETS], judged = 0;
    if (!frequency_counts(l, &c->frequency, as_of, n))
        return;
    for (int k = RT_FREQUENCY_DAILY; k <= RT_FREQUENCY_FORGETTABLE; k++)
        judged += n[k];
    if (!judged)
        return;
    char value[NUMBER_TEXT], base[NUMBER_TEXT];
    format_percent((double)n[RT_FREQUENCY_FORGETTABLE] / (double)judged, 1, value);
    format_count((double)judged, base);
    figure(out, "Forgettable share", value,
           "Of the %s customers judged on %s (neither new, first seen less than %u days "
           "before, nor dormant, silent for %u days), those who come less than once a month.",
           base, day, (unsigned)c->frequency.new_days, (unsigned)c->frequency.dormant_days);
}

static void risk_figure(FILE *out, const cli *c, const loaded *l, int32_t as_of,
                        const char *day)
{
    rt_risk_options o = c->risk;
    o.as_of_day = as_of;
    size_t none;
    uint64_t at_risk;
    char value[NUMBER_TEXT];
    if (rt_cohort_at_risk(l->cohort, &o, NULL, NULL, NULL, 0, &none, &at_risk) != RT_OK)
        return;
    format_count((double)at_risk, value);
    char drop[NUMBER_TEXT + 16] = "by half";  /* the default, 0.5 */
    if (o.usage_drop != 0.5) {
        char share[NUMBER_TEXT];
        format_percent(o.usage_drop, 1, share);
        snprintf(drop, sizeof drop, "below %s", share);
    }
    figure(out, "Customers at risk", value,
           "Flagged on %s: silent for %u days, usage fallen %s, a late payment, or "
           "forgettable (the list below).", day, (unsigned)o.silent_days, drop);
}

void key_figures(FILE *out, const cli *c, const loaded *l, rt_metrics *day, int32_t as_of)
{
    char judged_day[32];
    format_day(as_of, judged_day);
    fputs("<table class=\"figures\"><thead><tr><th>Figure</th><th>Value</th><th>Definition</th>"
          "</tr></thead><tbody>\n", out);
    activity_figures(out, l, day);
    month_figures(out, c, l, day);
    frequency_figure(out, c, l, as_of, judged_day);
    risk_figure(out, c, l, as_of, judged_day);
    fputs("</tbody></table>\n", out);
}
