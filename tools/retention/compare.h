/* The groups of --group-column and their retention side by side: what
 * `retention compare` prints, shared with the report's "Which group
 * retains better?" section (commands_compare.c). */
#ifndef COMPARE_H
#define COMPARE_H

#define RT_EXPERIMENTAL  /* the statistics are the experimental tier */
#include <stdint.h>

#include <retention.h>

#include "cli.h"
#include "load.h"

/* The groups in the order they print: the control first, then the others
 * in order of first sight in the log. */
typedef struct groups {
    uint32_t count;
    uint32_t *segment;     /* the loader's segment number of each group */
    rt_metrics **metrics;  /* of each group's customers only, at c->period, c->kind's table */
} groups;

/* Checks the groups (no customer in two, at least two groups, --control
 * names one) and computes each group's metrics. 0, or the exit status after a message on stderr; free
 * g with groups_free either way. */
int groups_build(const cli *c, const loaded *l, groups *g);
void groups_free(groups *g);
/* Customers whose rows name no group are left out: a note saying how many. */
void note_ungrouped(const cli *c, const loaded *l);
/* A group's name (segment: groups.segment[i]). */
const char *group_name(const loaded *l, uint32_t segment);
/* The comparison table, per offset observed in some group, in c->format
 * on c->out. */
void comparison_table(const cli *c, const loaded *l, const groups *g);
/* The log-rank test of the groups' lifetimes, with each group's ended and
 * expected lifetimes (arrays of g->count); the library's status. */
rt_status groups_logrank(const groups *g, rt_logrank_result *r, double *observed,
                         double *expected);

#endif
