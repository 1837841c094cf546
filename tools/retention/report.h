/* The charts of `retention report`, each an inline SVG written to out. */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <retention.h>

#include "load.h"

/* Weekly cohorts' heat map, and their on-or-after curve beside Kaplan-Meier
 * (week: metrics by week; day: by day, for the survival). */
void chart_cohorts(FILE *out, rt_metrics *week, rt_metrics *day);
/* DAU and MAU, and stickiness, for every day. */
void chart_activity(FILE *out, rt_metrics *day);
/* The frequency buckets at as_of with the thresholds asked for, the
 * forgettable zone in the alert colour. */
void chart_frequency(FILE *out, const loaded *l, const rt_frequency_options *thresholds,
                     int32_t as_of);
/* A histogram of n customers' lifetime values. */
void chart_values(FILE *out, const double *values, size_t n);

#endif
