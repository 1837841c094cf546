/* `retention report --html FILE`: one self-contained page (inline SVG, no
 * scripts, no external assets) with the cohort heat map, the retention curve
 * next to Kaplan-Meier, DAU/MAU and stickiness, the frequency spectrum with
 * the forgettable zone marked, and the distribution of customer value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "commands.h"
#include "svg.h"
#include "timestamp.h"

static void heatmap_and_curve(FILE *out, rt_metrics *week, rt_metrics *day)
{
    size_t rows = rt_metrics_cohort_count(week), cols = rt_metrics_offset_count(week);
    double *cells = cli_calloc(rows * cols + 1, sizeof *cells);
    char (*names)[32] = cli_calloc(rows + 1, sizeof *names);
    const char **labels = cli_calloc(rows + 1, sizeof *labels);
    for (size_t r = 0; r < rows; r++) {
        int32_t start;
        uint64_t size, active;
        int observed;
        rt_metrics_cohort(week, r, &start, &size);
        format_day(start, names[r]);
        labels[r] = names[r];
        for (size_t k = 0; k < cols; k++) {
            rt_metrics_retention(week, RT_RETENTION_EXACT, r, (uint32_t)k, &active, &observed);
            cells[r * cols + k] = !observed ? -1.0 : size ? (double)active / (double)size : 0.0;
        }
    }
    svg_heatmap(out, "Weekly cohorts: share active k weeks later (grey: not yet observable)",
                labels, cells, rows, cols);
    double *curve = cli_calloc(cols + 1, sizeof *curve);
    double *km = cli_calloc(cols + 1, sizeof *km);
    size_t n = 0;
    for (; n < cols; n++) {
        uint64_t customers;
        double s;
        if (rt_metrics_retention_curve(week, RT_RETENTION_ON_OR_AFTER, (uint32_t)n, &curve[n],
                                       &customers) != RT_OK ||
            rt_metrics_survival(day, (uint32_t)(7 * n), &s, NULL, NULL) != RT_OK)
            break;
        km[n] = s;
    }
    const char *series_labels[] = {"active in week k or later", "Kaplan-Meier survival"};
    const double *series[] = {curve, km};
    svg_lines(out, "Retention curve by week since first activity", series_labels, series, 2, n,
              1.0);
    free(cells);
    free(names);
    free(labels);
    free(curve);
    free(km);
}

static void activity(FILE *out, rt_metrics *day)
{
    int32_t first, last;
    rt_metrics_day_range(day, &first, &last);
    size_t n = (size_t)(last - first) + 1;
    double *dau = cli_calloc(n, sizeof *dau), *mau = cli_calloc(n, sizeof *mau);
    double *stick = cli_calloc(n, sizeof *stick), top = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t d, m;
        rt_metrics_active(day, first + (int32_t)i, &d, NULL, &m);
        dau[i] = (double)d;
        mau[i] = (double)m;
        stick[i] = m ? (double)d / (double)m : 0.0;
        top = mau[i] > top ? mau[i] : top;
    }
    const char *labels[] = {"DAU", "MAU (30 days)"};
    const double *series[] = {dau, mau};
    svg_lines(out, "Daily and monthly active customers", labels, series, 2, n, top);
    const char *stick_label[] = {"DAU / MAU"};
    const double *stick_series[] = {stick};
    svg_lines(out, "Stickiness", stick_label, stick_series, 1, n, 1.0);
    free(dau);
    free(mau);
    free(stick);
}

static void frequency(FILE *out, const loaded *l, int32_t as_of)
{
    rt_frequency_options o;
    rt_frequency_options_init(&o, sizeof o);
    o.as_of_day = as_of;
    rt_frequency *f;
    if (rt_cohort_frequency(l->cohort, &o, &f) != RT_OK)
        return;
    static const char *const names[] = {"new", "daily", "weekly", "monthly", "forgettable",
                                        "dormant"};
    double counts[RT_FREQUENCY_BUCKETS];
    int flags[RT_FREQUENCY_BUCKETS] = {0, 0, 0, 0, 1, 0};
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
        uint64_t n;
        rt_frequency_count(f, (rt_frequency_bucket)b, &n);
        counts[b] = (double)n;
    }
    svg_bars(out, "Usage frequency (red: the forgettable zone, less than once a month)", names,
             counts, flags, RT_FREQUENCY_BUCKETS);
    rt_frequency_free(f);
}

static void value_distribution(FILE *out, const loaded *l, int32_t as_of)
{
    if (rt_cohort_purchase_count(l->cohort) == 0)
        return;
    rt_rfm_options o;
    rt_rfm_options_init(&o, sizeof o);
    o.calibration_end_day = as_of;
    size_t n;
    if (rt_cohort_rfm_customers(l->cohort, &o, NULL, NULL, NULL, NULL, NULL, NULL, 0, &n) !=
            RT_OK || n == 0)
        return;
    uint64_t *x = cli_calloc(n, sizeof *x);
    double *spend = cli_calloc(n, sizeof *spend);
    rt_cohort_rfm_customers(l->cohort, &o, NULL, x, NULL, NULL, spend, NULL, n, &n);
    static const char *const labels[] = {"0", "<10", "<25", "<50", "<100", "<250", "250+"};
    static const double edges[] = {0, 10, 25, 50, 100, 250};
    double counts[7] = {0};
    for (size_t i = 0; i < n; i++) {
        double v = (double)x[i] * spend[i];  /* repeat spend so far */
        int b = 0;
        while (b < 6 && v > edges[b])
            b++;
        counts[b]++;
    }
    svg_bars(out, "Customers by repeat spend so far (calibration period)", labels, counts, NULL,
             7);
    free(x);
    free(spend);
}

int cmd_report(const cli *c, loaded *l)
{
    const char *path = c->html ? c->html : "retention-report.html";
    FILE *out = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (out == NULL) {
        perror(path);
        return 1;
    }
    int32_t as_of;
    int status = as_of_day(c, l, &as_of);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    rt_metrics *day = NULL, *week = NULL;
    rt_status st = status ? RT_OK : rt_metrics_compute(l->cohort, &o, &day);
    o.period = RT_PERIOD_WEEK;
    if (!status && st == RT_OK)
        st = rt_metrics_compute(l->cohort, &o, &week);
    if (!status && st == RT_OK) {
        int32_t first, last;
        char a[32], b[32];
        rt_metrics_day_range(day, &first, &last);
        format_day(first, a);
        format_day(last, b);
        fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<title>Retention report</title><style>body{font-family:sans-serif;"
                     "max-width:760px;margin:auto}svg{display:block;margin:1em 0}</style>"
                     "</head><body>\n<h1>Retention report</h1>\n<p>%llu customers, %llu "
                     "events, %s to %s (libretention %s)</p>\n",
                (unsigned long long)rt_cohort_customer_count(l->cohort),
                (unsigned long long)rt_cohort_event_count(l->cohort), a, b, rt_version());
        heatmap_and_curve(out, week, day);
        activity(out, day);
        frequency(out, l, as_of);
        value_distribution(out, l, as_of);
        fprintf(out, "</body></html>\n");
    }
    rt_metrics_free(day);
    rt_metrics_free(week);
    if (out != stdout) {
        fclose(out);
        if (!status && st == RT_OK)
            printf("retention: wrote %s (%llu customers, %llu events); open it in a browser\n",
                   path, (unsigned long long)rt_cohort_customer_count(l->cohort),
                   (unsigned long long)rt_cohort_event_count(l->cohort));
    }
    return status ? status : st == RT_OK ? 0 : fail(st);
}
