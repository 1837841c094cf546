/* The charts of the report, drawn from the library's results: the weekly
 * cohort heat map with the retention curve and Kaplan-Meier, DAU/MAU and
 * stickiness, the frequency spectrum with the forgettable zone, and the
 * distribution of customer lifetime value. */
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "commands.h"
#include "report.h"
#include "svg.h"
#include "timestamp.h"

/* Weeks in which someone started: a long log of mostly empty weeks would
 * otherwise cost weeks x offsets cells. */
static size_t nonempty_cohorts(rt_metrics *week)
{
    size_t rows = 0;
    for (size_t k = 0; k < rt_metrics_cohort_count(week); k++) {
        uint64_t size;
        rt_metrics_cohort(week, k, NULL, &size);
        rows += size > 0;
    }
    return rows;
}

void chart_cohorts(FILE *out, rt_metrics *week, rt_metrics *day)
{
    size_t rows = nonempty_cohorts(week), cols = rt_metrics_offset_count(week), r = 0;
    double *cells = cli_calloc(rows * cols + 1, sizeof *cells);
    char (*names)[32] = cli_calloc(rows + 1, sizeof *names);
    const char **labels = cli_calloc(rows + 1, sizeof *labels);
    for (size_t c = 0; c < rt_metrics_cohort_count(week); c++) {
        int32_t start;
        uint64_t size, active;
        uint32_t observed;
        rt_metrics_cohort(week, c, &start, &size);
        if (size == 0)
            continue;
        format_day(start, names[r]);
        labels[r] = names[r];
        for (size_t k = 0; k < cols; k++) {
            rt_metrics_retention(week, RT_RETENTION_EXACT, c, (uint32_t)k, &active, &observed);
            cells[r * cols + k] = !observed ? -1.0 : (double)active / (double)size;
        }
        r++;
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

void chart_activity(FILE *out, rt_metrics *day)
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

void chart_frequency(FILE *out, const loaded *l, const rt_frequency_options *thresholds,
                     int32_t as_of)
{
    uint64_t n[RT_FREQUENCY_BUCKETS];
    if (!frequency_counts(l, thresholds, as_of, n))
        return;
    double counts[RT_FREQUENCY_BUCKETS];
    int flags[RT_FREQUENCY_BUCKETS] = {0};
    flags[RT_FREQUENCY_FORGETTABLE] = 1;
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++)
        counts[b] = (double)n[b];
    svg_bars(out, "Usage frequency (red: the forgettable zone, less than once a month)",
             frequency_bucket_names, counts, flags, RT_FREQUENCY_BUCKETS);
}

void chart_values(FILE *out, const double *values, size_t n)
{
    static const char *const labels[] = {"<1", "1-5", "5-10", "10-25", "25-50", "50-100",
                                         "100-250", "250+"};
    static const double edges[] = {1, 5, 10, 25, 50, 100, 250};
    double counts[8] = {0};
    for (size_t i = 0; i < n; i++) {
        int b = 0;
        while (b < 7 && values[i] >= edges[b])
            b++;
        counts[b]++;
    }
    svg_bars(out, "Customers by expected lifetime value", labels, counts, NULL, 8);
}
