/* The sections of `retention report`'s page, each written to out: the
 * style sheet, key figures, cohort table, charts and their notes. */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <retention.h>

#include "cli.h"
#include "load.h"

/* The page's <style> element (report_style.c). */
void page_style(FILE *out);
/* The key figures with labels, units and definitions, judged with the
 * thresholds the command line asked for (day: daily metrics). */
void key_figures(FILE *out, const cli *c, const loaded *l, rt_metrics *day, int32_t as_of);
/* The newest weekly cohorts as a table of shares (week: weekly metrics with
 * the exact table). */
void cohort_table(FILE *out, rt_metrics *week);
/* The on-or-after retention curve and Kaplan-Meier with its bounds, on the
 * same axes (week: weekly metrics with the on-or-after table; day: daily). */
void chart_retention_curves(FILE *out, rt_metrics *week, rt_metrics *day);
/* DAU and MAU, and stickiness, for every day. */
void chart_activity(FILE *out, rt_metrics *day);
/* The frequency spectrum at as_of with the thresholds asked for, and per
 * segment when there are some. */
void chart_frequency(FILE *out, const loaded *l, const rt_frequency_options *thresholds,
                     int32_t as_of);
/* A histogram of n buyers' lifetime values, bins chosen from the values. */
void chart_values(FILE *out, const double *values, size_t n);
/* The customers at risk as an action list: reasons in words, value,
 * P(alive) and the break-even incentive (c: the page's cli, html tables);
 * 0 or an exit status. */
int report_at_risk(const cli *c, loaded *l);
/* The groups of --group-column compared (report_groups.c; g: compare.h's,
 * built with report_groups_options); 0 or an exit status. */
struct groups;
int report_groups(const cli *html, const loaded *l, const struct groups *g);
/* The options the report compares the groups with: weeks, on-or-after. */
void report_groups_options(cli *c);
/* The revenue retention of --subscriptions (report_revenue.c). */
struct rt_revenue;
void report_revenue(const cli *html, const struct rt_revenue *r);
/* What the lifetime values assume and cover, and their total. */
void values_assumptions(FILE *out, const cli *c, size_t buyers, uint64_t customers,
                        double total);

#endif
