/* The revenue retention of a subscription log, as `retention revenue`
 * computes and prints it, shared with the report's "Revenue retention"
 * section (commands_revenue.c). */
#ifndef REVENUE_TABLE_H
#define REVENUE_TABLE_H

#define RT_EXPERIMENTAL  /* revenue retention is the experimental tier */
#include <retention.h>

#include "cli.h"
#include "subscription_log.h"

/* The subscriptions into a new cohort, and its revenue up to --as-of (else
 * the last start or end day). 0, or 1 after a message. */
int revenue_compute(const cli *c, const subscription_log *log, rt_revenue **r);
/* The monthly MRR movements and rates, in c->format on c->out. */
void revenue_months_table(const cli *c, const rt_revenue *r);

#endif
