/* The charts of the report, drawn from the library's results: the
 * retention curve beside Kaplan-Meier, DAU/MAU and stickiness (their
 * 30-day window's warm-up shaded and left out of the scale). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "report.h"
#include "svg.h"

/* Days before the monthly window is full: MAU on day k of the log counts
 * only k + 1 days. The library's default window (rt_metrics_options). */
enum { MONTH_WINDOW_DAYS = 30 };

void chart_retention_curves(FILE *out, rt_metrics *week, rt_metrics *day)
{
    size_t cols = rt_metrics_offset_count(week), n = 0;
    double *curve = cli_calloc(cols + 1, sizeof *curve), *km = cli_calloc(cols + 1, sizeof *km);
    double *lower = cli_calloc(cols + 1, sizeof *lower), *upper = cli_calloc(cols + 1,
                                                                             sizeof *upper);
    for (; n < cols; n++) {
        uint64_t customers;
        if (rt_metrics_retention_curve(week, RT_RETENTION_ON_OR_AFTER, (uint32_t)n, &curve[n],
                                       &customers) != RT_OK)
            break;
        if (rt_metrics_survival(day, (uint32_t)(7 * n), &km[n], &lower[n], &upper[n]) != RT_OK)
            km[n] = lower[n] = upper[n] = (double)NAN;
    }
    chart_series series[] = {
        {"Retention curve: active in week k or later", curve, NULL, NULL, 0, 0},
        {"Kaplan-Meier survival of the customer lifetime", km, lower, upper, 1, 1}};
    line_chart c = {
        .id = "curves",
        .title = "Retention curve and Kaplan-Meier survival, by weeks since first activity",
        .explain = "The retention curve is the share of customers active again in week k or "
                   "later (averaged over the cohorts that reached week k); Kaplan-Meier is the "
                   "share whose lifetime, first to last active day, exceeds k weeks, a customer "
                   "silent for 30 days counting as gone. It starts below 100 % because "
                   "customers seen on one day only have a lifetime of 0 days, and it counts "
                   "still-active customers as censored rather than lost.",
        .x_label = "Weeks since first activity",
        .y_label = "Share of customers",
        .x_unit = "week",
        .y_is_share = 1,
        .y_floor_top = 1.0,
        .n = n,
        .series = series,
        .count = 2};
    svg_line_chart(out, &c);
    free(curve);
    free(km);
    free(lower);
    free(upper);
}

void chart_activity(FILE *out, rt_metrics *day)
{
    int32_t first, last;
    rt_metrics_day_range(day, &first, &last);
    size_t n = (size_t)(last - first) + 1;
    double *dau = cli_calloc(n, sizeof *dau), *mau = cli_calloc(n, sizeof *mau);
    double *stick = cli_calloc(n, sizeof *stick);
    for (size_t i = 0; i < n; i++) {
        uint64_t d, m;
        rt_metrics_active(day, first + (int32_t)i, &d, NULL, &m);
        dau[i] = (double)d;
        mau[i] = (double)m;
        stick[i] = m ? (double)d / (double)m : (double)NAN;
    }
    const char *warmup = "first 29 days: the 30-day window is not yet full (left out of the "
                         "scale)";
    chart_series active[] = {{"DAU: customers active that day", dau, NULL, NULL, 0, 0},
                             {"MAU: active in the 30 days up to that day", mau, NULL, NULL, 1,
                              0}};
    line_chart c = {.id = "active",
                    .title = "Daily and monthly active customers",
                    .explain = "How many distinct customers were active each day (DAU) and in "
                               "the 30 days up to it (MAU).",
                    .x_label = "Day",
                    .y_label = "Customers",
                    .x_is_day = 1,
                    .first_day = first,
                    .n = n,
                    .warmup = MONTH_WINDOW_DAYS - 1,
                    .warmup_label = warmup,
                    .series = active,
                    .count = 2};
    svg_line_chart(out, &c);
    chart_series ratio[] = {{"Stickiness: DAU / MAU", stick, NULL, NULL, 2, 0}};
    c.id = "stickiness";
    c.title = "Stickiness: DAU / MAU";
    c.explain = "The share of the month's customers who come on a given day: 100 % if "
                "everyone came every day, 3.3 % if each came once a month.";
    c.y_label = "DAU as a share of MAU";
    c.y_is_share = 1;
    c.series = ratio;
    c.count = 1;
    svg_line_chart(out, &c);
    free(dau);
    free(mau);
    free(stick);
}
